package dev.sluice.executor.kubernetes.internal;

import dev.sluice.core.io.RemoteCommand;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.AttemptStaging;
import dev.sluice.executor.kubernetes.KubernetesApiException;
import dev.sluice.executor.kubernetes.KubernetesConfig;
import dev.sluice.executor.kubernetes.KubernetesExecutor;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link KubernetesExecutor}: trackers by Job name over one client, one watch and one API guard. */
public final class DefaultKubernetesExecutor implements KubernetesExecutor {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.kubernetes");
  static final String USER_AGENT = "sluice-kubernetes-executor";

  private final KubernetesConfig config;
  private final KubernetesClient client;
  private final ExecutorService pool;
  private final ScheduledExecutorService scheduler;
  private final Map<String, JobTracker> trackers = new ConcurrentHashMap<>();
  /** Trackers whose attempt ended while their Job may still run (a deleted Job's pod terminating). */
  private final Map<String, JobTracker> ending = new ConcurrentHashMap<>();
  private final JobContext ctx;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicBoolean warnedFileStore = new java.util.concurrent.atomic.AtomicBoolean();

  private DefaultKubernetesExecutor(KubernetesConfig config, KubernetesClient client, String namespace) {
    this.config = config;
    this.client = client;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(config.apiThreads(), r -> daemon(r, "sluice-k8s-api-" + n.incrementAndGet()));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sluice-k8s-timer"));
    JobWatch watch = new JobWatch(client, namespace, config.instance(),
        name -> trackers.getOrDefault(name, ending.get(name)));
    this.ctx = new JobContext(config, namespace, new KubeApi(client, namespace, config, pool, scheduler), watch, pool, scheduler);
  }

  /** Connects, starts the watches and waits for their first listing. */
  public static KubernetesExecutor create(KubernetesConfig config) {
    Config base = clientConfig(config);
    String namespace = config.namespace().orElse(base.getNamespace() != null ? base.getNamespace() : "default");
    KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(base)
        .withNamespace(namespace)
        .withUserAgent(USER_AGENT)
        .withRequestRetryBackoffLimit(0) // retries are ours (Resilience4j), counted and logged once
        .build()).build();
    DefaultKubernetesExecutor executor = new DefaultKubernetesExecutor(config, client, namespace);
    try {
      executor.ctx.watch().start(config.startTimeout());
    } catch (RuntimeException e) {
      executor.shutdown();
      throw e;
    }
    executor.ctx.watch().onFailure(executor::failAll);
    log.info("Kubernetes executor '{}' watching Jobs in namespace '{}' at {}", config.instance(), namespace,
        base.getMasterUrl());
    return executor;
  }

  private static Config clientConfig(KubernetesConfig config) {
    return KubeClients.config(config.kubeconfig(), config.context());
  }

  @Override
  public CompletableFuture<Object> start(Attempt attempt) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the Kubernetes executor is closed"));
    }
    JobTracker tracker;
    try {
      tracker = tracker(attempt);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    JobTracker existing = trackers.putIfAbsent(tracker.jobName(), tracker);
    if (existing != null) {
      attempt.runsUntil(existing.jobEnded());
      return existing;
    }
    attempt.runsUntil(tracker.jobEnded());
    followUntilJobOver(tracker);
    pool.execute(tracker::begin);
    return tracker;
  }

  /**
   * When the attempt ends its tracker moves to {@link #ending} and follows the Job until it no
   * longer runs; the engine keeps the task's {@code maxConcurrency} permit until then.
   */
  private void followUntilJobOver(JobTracker tracker) {
    tracker.whenComplete((v, e) -> {
      ending.put(tracker.jobName(), tracker);
      trackers.remove(tracker.jobName(), tracker);
      tracker.checkJobOver();
      if (tracker.jobEnded().isDone()) {
        ending.remove(tracker.jobName(), tracker);
      }
    });
    tracker.jobEnded().whenComplete((v, e) -> ending.remove(tracker.jobName(), tracker));
  }

  @Override
  public Optional<CompletableFuture<Object>> reattach(Attempt attempt) {
    JobTracker tracker = tracker(attempt);
    JobTracker running = trackers.get(tracker.jobName());
    if (running != null) {
      attempt.runsUntil(running.jobEnded());
      return Optional.of(running);
    }
    Job job = ctx.watch().job(tracker.jobName());
    if (job == null) {
      try {
        job = ctx.api().get(tracker.jobName()).get(config.startTimeout().toMillis(), TimeUnit.MILLISECONDS).orElse(null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while looking for Job " + tracker.jobName(), e);
      } catch (Exception e) {
        throw KubeApi.unwrap(e) instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }
    if (job == null) {
      return Optional.empty();
    }
    JobTracker existing = trackers.putIfAbsent(tracker.jobName(), tracker);
    if (existing != null) {
      attempt.runsUntil(existing.jobEnded());
      return Optional.of(existing);
    }
    attempt.runsUntil(tracker.jobEnded());
    followUntilJobOver(tracker);
    Job found = job;
    pool.execute(() -> tracker.inContext(() -> tracker.follow(found)));
    return Optional.of(tracker);
  }

  /** A tracker with the attempt's manifest, built now: the attempt object moves on to later attempts. */
  private JobTracker tracker(Attempt attempt) {
    AttemptStaging staging = attempt.staging();
    if ("file".equals(staging.storeRoot().getScheme()) && warnedFileStore.compareAndSet(false, true)) {
      log.warn("the engine's store is {}: only pods on this machine can reach it; give the engine an S3/MinIO"
          + " store (Engine.builder().store(...)) for a real cluster", staging.storeRoot());
    }
    RemoteCommand launch = RemoteCommand.forAttempt(attempt, staging.inputsUri(), config.jvmLauncher());
    String name = Labels.jobName(attempt.attemptName());
    return new JobTracker(ctx, Manifests.job(attempt, launch, config, ctx.namespace(), name), staging, attempt);
  }

  @Override
  public int maxInFlight() {
    return config.maxJobsInFlight();
  }

  @Override
  public String namespace() {
    return ctx.namespace();
  }

  private void failAll(KubernetesApiException error) {
    log.error("Kubernetes executor '{}' lost its watch: {}", config.instance(), error.getMessage());
    for (JobTracker t : List.copyOf(trackers.values())) {
      t.completeExceptionally(error);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<CompletableFuture<Void>> deletions = new java.util.ArrayList<>();
    for (JobTracker t : List.copyOf(trackers.values())) {
      t.cancel(true);
      deletions.add(t.deletion());
    }
    try {
      CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("closing the Kubernetes executor: not every running Job could be deleted: {}", e.toString());
    }
    List.copyOf(ending.values()).forEach(JobTracker::stopFollowing);
    shutdown();
  }

  private void shutdown() {
    ctx.watch().close();
    client.close();
    pool.shutdownNow();
    scheduler.shutdownNow();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public String toString() {
    return "KubernetesExecutor[" + config.instance() + " in " + ctx.namespace() + "]";
  }
}
