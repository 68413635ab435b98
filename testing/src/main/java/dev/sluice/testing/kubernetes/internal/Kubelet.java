package dev.sluice.testing.kubernetes.internal;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.testing.kubernetes.JobFault;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Job controller and kubelet of the simulated cluster: watches every Job in the namespace,
 * plays each one ({@link SimulatedJob}), or in status-only mode writes its output and marks it
 * Complete at once; stops and cleans up after deleted Jobs.
 */
final class Kubelet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.testing.kubernetes");

  private final KubernetesClient client;
  private final String namespace;
  private final String classPath;
  private final Path workDirectory;
  private final LogBook logs;
  private final Function<String, String> statusOnly;
  private final Queue<Injected> faults = new ConcurrentLinkedQueue<>();
  private final Map<String, SimulatedJob> jobs = new ConcurrentHashMap<>();
  private final Map<String, Boolean> active = new ConcurrentHashMap<>();
  private final Map<String, ArtifactStore> stores = new ConcurrentHashMap<>();
  private final AtomicInteger peak = new AtomicInteger();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> daemon(r, "sluice-sim-kubelet"));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sluice-sim-timer"));
  private SharedIndexInformer<Job> informer;

  /** A fault with the number of Jobs it still applies to. */
  private record Injected(JobFault fault, AtomicInteger left) {}

  Kubelet(KubernetesClient client, String namespace, String classPath, Path workDirectory, LogBook logs,
      Function<String, String> statusOnly) {
    this.client = client;
    this.namespace = namespace;
    this.classPath = classPath;
    this.workDirectory = workDirectory;
    this.logs = logs;
    this.statusOnly = statusOnly;
  }

  void start() {
    informer = client.batch().v1().jobs().inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        pool.execute(() -> added(job));
      }

      @Override
      public void onUpdate(Job before, Job after) {}

      @Override
      public void onDelete(Job job, boolean finalStateUnknown) {
        pool.execute(() -> deleted(job));
      }
    }, 0);
  }

  void inject(JobFault fault) {
    faults.add(new Injected(fault, new AtomicInteger(fault.times())));
  }

  int peakActive() {
    return peak.get();
  }

  int runningProcesses() {
    return (int) jobs.values().stream().filter(SimulatedJob::processAlive).count();
  }

  String log(String jobName) {
    SimulatedJob job = jobs.get(jobName);
    return job == null ? "" : logs.text(job.podName(), -1).orElse("");
  }

  private void added(Job job) {
    String name = job.getMetadata().getName();
    if (job.getStatus() != null && job.getStatus().getStartTime() != null) {
      return; // already played (a re-listed Job)
    }
    active.put(name, Boolean.TRUE);
    peak.accumulateAndGet(active.size(), Math::max);
    try {
      if (statusOnly != null) {
        completeAtOnce(job);
        return;
      }
      SimulatedJob simulated = new SimulatedJob(client, job, workDirectory, logs, () -> active.remove(name));
      jobs.put(name, simulated);
      simulated.run(faultFor(job), classPath, timer);
    } catch (RuntimeException e) {
      log.warn("simulating Job {} failed: {}", name, e.toString(), e);
    }
  }

  private void deleted(Job job) {
    String name = job.getMetadata().getName();
    active.remove(name);
    SimulatedJob simulated = jobs.get(name);
    if (simulated != null) {
      simulated.deleted(timer);
    }
  }

  private JobFault.Kind faultFor(Job job) {
    String node = job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get("sluice.dev/node");
    for (Iterator<Injected> it = faults.iterator(); it.hasNext(); ) {
      Injected i = it.next();
      String target = i.fault().target();
      if ((target.equals(job.getMetadata().getName()) || target.equals(node))
          && i.left().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        if (i.fault().kind() == JobFault.Kind.USES_MEMORY) {
          return overLimit(job, i.fault().memory()) ? JobFault.Kind.OOM_KILLED : null;
        }
        return i.fault().kind();
      }
    }
    return null;
  }

  /**
   * Whether a container using {@code used} exceeds the Job's container memory limit: the kernel's
   * cgroup OOM killer then kills it (Kubernetes docs, tasks/configure-pod-container/assign-memory-resource,
   * "Exceed a Container's memory limit": terminated, reason OOMKilled, exit code 137).
   */
  private static boolean overLimit(Job job, String used) {
    var resources = job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    var limit = resources == null || resources.getLimits() == null ? null : resources.getLimits().get("memory");
    return limit != null && io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(limit)
        .compareTo(io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
            new io.fabric8.kubernetes.api.model.Quantity(used))) < 0;
  }

  /** Status-only: the Job's output goes straight to the store and the Job is marked Complete. */
  private void completeAtOnce(Job job) {
    String name = job.getMetadata().getName();
    Map<String, String> env = new java.util.HashMap<>();
    for (EnvVar v : job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (v.getValue() != null) {
        env.put(v.getName(), v.getValue());
      }
    }
    URI root = URI.create(env.get("SLUICE_STORE_URI"));
    URI outputs = URI.create(env.get("SLUICE_OUTPUTS_URI"));
    ArtifactStore store = stores.computeIfAbsent(root.toString(), r -> ArtifactStores.open(root, System.getenv()));
    String key = outputs.getPath().substring(root.getPath().length());
    store.put(key, statusOnly.apply(name).getBytes(StandardCharsets.UTF_8));
    String now = Status.now();
    active.remove(name);
    try {
      client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(j -> new JobBuilder(j)
          .withStatus(new JobStatusBuilder().withStartTime(now).withCompletionTime(now).withSucceeded(1).withActive(0)
              .withReady(0).withConditions(Status.succeeded()).build()).build());
    } catch (KubernetesClientException e) {
      log.debug("Job {} gone before it could complete: {}", name, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
    jobs.values().forEach(SimulatedJob::stop);
    pool.shutdownNow();
    timer.shutdownNow();
    stores.values().forEach(ArtifactStore::close);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
