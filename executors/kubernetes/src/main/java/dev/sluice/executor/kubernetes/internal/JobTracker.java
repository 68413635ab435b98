package dev.sluice.executor.kubernetes.internal;

import dev.sluice.core.io.TaskIo;
import dev.sluice.core.log.RunMdc;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.AttemptStaging;
import dev.sluice.core.spi.RemoteTaskException;
import dev.sluice.executor.kubernetes.JobLostException;
import dev.sluice.executor.kubernetes.KubernetesApiException;
import dev.sluice.executor.kubernetes.KubernetesJobException;
import dev.sluice.executor.kubernetes.KubernetesJobException.Reason;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt's Job, as a future: creates the Job (or follows the one that exists), reads what the
 * shared informers report about it and its pod, and completes once — with the output read from
 * the store, or with the failure mapped to a clear error. Cancelling it deletes the Job.
 */
final class JobTracker extends CompletableFuture<Object> {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.kubernetes");
  /** How long a failed Job waits for its pod's final status before reporting without it. */
  private static final Duration POD_SETTLE = Duration.ofSeconds(2);

  private final JobContext ctx;
  private final String jobName;
  private final String runLabel;
  private final AttemptStaging staging;
  private final Job manifest;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile boolean created;
  /** Completed once it is known whether this tracker created (or follows) the Job. */
  private final CompletableFuture<Void> createAnswered = new CompletableFuture<>();
  /** Completes when the Job's pod no longer runs (or no Job was made): the engine's limits hold until then. */
  private final CompletableFuture<Void> jobEnded = new CompletableFuture<>();
  /** The deletion of the Job, once asked for. */
  private volatile CompletableFuture<Void> deletion = CompletableFuture.completedFuture(null);

  /** Guarded by this. */
  private Pod pod;
  private long unschedulableSince = -1;
  /** The pending check of a vanished pod or of a failed Job's pod, and the unschedulable limit. */
  private ScheduledFuture<?> check;
  private ScheduledFuture<?> unschedulableLimit;

  /** The attempt's identity for the logging MDC, and its submission report (the attempt object moves on). */
  private final String runId;
  private final String workflow;
  private final String node;
  private final int number;
  private final Consumer<Boolean> onSubmitted;
  /** How long the pod may stay unschedulable: the task's queued timeout, else the executor's unschedulableTimeout. */
  private final Duration queuedTimeout;

  JobTracker(JobContext ctx, Job manifest, AttemptStaging staging) {
    this(ctx, manifest, staging, null);
  }

  JobTracker(JobContext ctx, Job manifest, AttemptStaging staging, Attempt attempt) {
    this.runId = attempt == null ? null : attempt.runId();
    this.workflow = attempt == null ? null : attempt.workflowName();
    this.node = attempt == null ? null : attempt.nodePath();
    this.number = attempt == null ? 0 : attempt.attempt();
    this.onSubmitted = attempt == null ? reattached -> {} : attempt::submitted;
    this.queuedTimeout = attempt == null ? ctx.config().unschedulableTimeout()
        : attempt.task().admission().queuedTimeout().orElse(ctx.config().unschedulableTimeout());
    this.ctx = ctx;
    this.manifest = manifest;
    this.jobName = manifest.getMetadata().getName();
    this.runLabel = manifest.getMetadata().getLabels().get(Labels.RUN);
    this.staging = staging;
    createAnswered.whenComplete((v, e) -> checkJobOver());
  }

  String jobName() {
    return jobName;
  }

  /**
   * Completes once this attempt has ended and its Job no longer runs anything: no Job was created,
   * or the Job is finished or deleted and its latest pod has ended or is gone (a deleted Job's pod
   * runs on through its grace period). Followed from the watch's events ({@link #checkJobOver}).
   */
  CompletableFuture<Void> jobEnded() {
    return jobEnded;
  }

  /** Completes {@link #jobEnded} if the attempt has ended and the informer shows nothing running. */
  void checkJobOver() {
    if (jobEnded.isDone() || !isDone() || !createAnswered.isDone()) {
      return;
    }
    if (!created) {
      jobEnded.complete(null);
      return;
    }
    Job job = ctx.watch().job(jobName);
    Pod latest = ctx.watch().latestPod(jobName);
    boolean jobOver = job == null || Verdict.of(job, null).isTerminal();
    boolean podOver = latest == null || Verdict.isTerminal(latest);
    if (jobOver && podOver) {
      log.debug("Job {}/{} no longer runs", ctx.namespace(), jobName);
      jobEnded.complete(null);
    }
  }

  /** The executor is closing: nothing follows the Job any more, no one may wait on it. */
  void stopFollowing() {
    jobEnded.complete(null);
  }

  /** Follows the Job if one with this name exists, else stages the inputs and creates it. */
  void begin() {
    inContext(this::beginNow);
  }

  /** Runs {@code step} with the attempt's run, node and attempt in the logging MDC. */
  void inContext(Runnable step) {
    if (runId == null) {
      step.run();
      return;
    }
    RunMdc.Scope mdc = RunMdc.bind(runId, workflow, node, number);
    try {
      step.run();
    } finally {
      mdc.close();
    }
  }

  private void beginNow() {
    Job existing = ctx.watch().job(jobName);
    if (existing != null) {
      follow(existing);
      return;
    }
    try {
      staging.writeInputs();
    } catch (RuntimeException e) {
      fail(e);
      createAnswered.complete(null);
      return;
    }
    if (isDone()) {
      createAnswered.complete(null);
      return;
    }
    ctx.api().create(manifest).whenComplete((job, error) -> inContext(() -> created(job, error)));
  }

  private void created(Job job, Throwable error) {
    {
      if (error instanceof KubernetesApiException api && api.statusCode() == 409) {
        ctx.api().get(jobName).whenComplete((found, e2) -> {
          if (e2 != null) {
            fail(e2);
          } else if (found.isEmpty()) {
            fail(new JobLostException("Job " + jobName + " existed when it was created, then vanished",
                ctx.namespace(), jobName, null));
          } else {
            follow(found.get());
          }
          createAnswered.complete(null);
        });
        return;
      }
      if (error != null) {
        fail(error);
      } else {
        log.debug("created Job {}/{}", ctx.namespace(), jobName);
        created = true;
        onSubmitted.accept(false);
      }
      createAnswered.complete(null); // a cancel() waiting for it deletes the Job now
      Job seen = ctx.watch().job(jobName);
      if (seen != null) {
        onJob(seen);
      }
    }
  }

  /** Resumes watching a Job that already exists (a re-attach). */
  void follow(Job job) {
    String run = job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(Labels.RUN);
    if (runLabel != null && !runLabel.equals(run)) {
      fail(new IllegalStateException("a Job named " + jobName + " exists in namespace '" + ctx.namespace()
          + "' but belongs to run '" + run + "', not '" + runLabel + "'; delete it or use another executor instance"));
      createAnswered.complete(null);
      return;
    }
    log.info("following existing Job {}/{}", ctx.namespace(), jobName);
    created = true;
    onSubmitted.accept(true);
    createAnswered.complete(null);
    Pod latest = ctx.watch().latestPod(jobName);
    synchronized (this) {
      pod = latest;
    }
    onJob(job);
  }

  void onJob(Job job) {
    checkJobOver();
    if (!created || isDone()) {
      return;
    }
    Verdict v;
    synchronized (this) {
      v = Verdict.of(job, pod);
    }
    act(v);
  }

  void onPod(Pod update) {
    synchronized (this) {
      pod = update;
    }
    checkJobOver();
    Job job = ctx.watch().job(jobName);
    if (job != null) {
      onJob(job);
    }
  }

  /** A pod that vanished before it ended means a lost attempt, unless the Job says otherwise soon. */
  void onPodDeleted(Pod gone) {
    checkJobOver();
    if (isDone() || Verdict.isTerminal(gone)) {
      return;
    }
    scheduleCheck(ctx.config().podLostGrace(), () -> {
      Job job = ctx.watch().job(jobName);
      Pod now = ctx.watch().latestPod(jobName);
      if (job != null && now != null && !now.getMetadata().getName().equals(gone.getMetadata().getName())) {
        onPod(now); // the Job controller made a new pod
        return;
      }
      Verdict v = job == null ? null : Verdict.of(job, gone);
      if (v != null && v.isTerminal()) {
        act(v);
        return;
      }
      lost("pod " + gone.getMetadata().getName() + " of Job " + jobName + " disappeared before it finished"
          + " (deleted, or its node was lost)", gone.getMetadata().getName());
    });
  }

  void onJobDeleted() {
    checkJobOver();
    if (!isDone()) {
      lost("Job " + jobName + " was deleted before its attempt ended (by someone else, or its TTL)", null);
    }
  }

  private void act(Verdict v) {
    switch (v.state()) {
      case ACTIVE -> clearUnschedulable();
      case UNSCHEDULABLE -> unschedulable(v);
      case FAILED_AWAITING_POD -> scheduleCheck(POD_SETTLE, () -> {
        Job job = ctx.watch().job(jobName);
        Verdict now;
        synchronized (this) {
          now = job == null ? v : Verdict.of(job, pod);
        }
        act(now.state() == Verdict.State.FAILED_AWAITING_POD
            ? new Verdict(Verdict.State.FAILED, Reason.FAILED, "Job " + jobName + " failed; its pod "
                + v.pod() + " gave no reason", v.pod(), null, true)
            : now);
      });
      case SUCCEEDED -> {
        if (settled.compareAndSet(false, true)) {
          log.debug("Job {}/{} succeeded", ctx.namespace(), jobName);
          ctx.pool().execute(this::readOutputs);
        }
      }
      case FAILED -> {
        if (settled.compareAndSet(false, true)) {
          log.info("Job {}/{} failed: {}", ctx.namespace(), jobName, v.message());
          if (!v.jobFinished()) {
            deleteJob(v.reason().name().toLowerCase(java.util.Locale.ROOT));
          }
          ctx.pool().execute(() -> reportFailure(v));
        }
      }
      default -> throw new IllegalStateException("unknown verdict " + v.state());
    }
  }

  private synchronized void unschedulable(Verdict v) {
    if (unschedulableSince >= 0) {
      return;
    }
    unschedulableSince = System.nanoTime();
    Duration limit = queuedTimeout;
    unschedulableLimit = schedule(unschedulableLimit, limit, () -> {
      synchronized (this) {
        if (unschedulableSince < 0) {
          return;
        }
      }
      act(new Verdict(Verdict.State.FAILED, Reason.UNSCHEDULABLE, v.message(), v.pod(), null, false));
    });
  }

  private synchronized void clearUnschedulable() {
    unschedulableSince = -1;
  }

  private void readOutputs() {
    try {
      complete(staging.readOutputs());
    } catch (RuntimeException e) {
      completeExceptionally(e);
    }
  }

  private void reportFailure(Verdict v) {
    String error = staging.prefix() + "error.json";
    KubernetesJobException k8s;
    if (v.pod() != null && ctx.config().logTailLines() > 0 && v.reason() != Reason.IMAGE_PULL
        && v.reason() != Reason.CONTAINER_CONFIG && v.reason() != Reason.UNSCHEDULABLE) {
      String tail = "";
      try {
        tail = ctx.api().logTail(v.pod(), ctx.config().logTailLines()).get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) { // the pod may be gone (a deadline deletes it): the error goes without its log
        log.debug("no log of pod {}: {}", v.pod(), KubeApi.unwrap(e).getMessage());
      }
      k8s = exception(v, tail);
    } else {
      k8s = exception(v, "");
    }
    try {
      if (staging.store().exists(error)) {
        RemoteTaskException remote = TaskIo.standard().readError(staging.store(), error);
        remote.addSuppressed(k8s);
        completeExceptionally(remote);
        return;
      }
    } catch (RuntimeException e) {
      k8s.addSuppressed(e);
    }
    completeExceptionally(InfrastructureFailures.typed(k8s, queuedTimeout));
  }

  private KubernetesJobException exception(Verdict v, String tail) {
    return new KubernetesJobException(v.reason(), v.message(), ctx.namespace(), jobName, v.pod(), v.exitCode(), tail);
  }

  private void lost(String message, String podName) {
    if (settled.compareAndSet(false, true)) {
      log.warn("{}: reporting the attempt lost", message);
      deleteJob("lost");
      completeExceptionally(new JobLostException(message, ctx.namespace(), jobName, podName));
    }
  }

  private void fail(Throwable error) {
    if (settled.compareAndSet(false, true)) {
      completeExceptionally(KubeApi.unwrap(error));
    }
  }

  private synchronized void scheduleCheck(Duration delay, Runnable action) {
    check = schedule(check, delay, action);
  }

  /** Runs {@code action} after {@code delay} unless the attempt ended; replaces {@code previous}. */
  private synchronized ScheduledFuture<?> schedule(ScheduledFuture<?> previous, Duration delay, Runnable action) {
    if (previous != null) {
      previous.cancel(false);
    }
    return ctx.scheduler().schedule(() -> {
      if (!isDone()) {
        action.run();
      }
    }, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** When the Job's deletion (if one was asked for) has been answered. */
  CompletableFuture<Void> deletion() {
    return deletion.exceptionally(e -> null);
  }

  private CompletableFuture<Void> deleteJob(String why) {
    CompletableFuture<Void> delete = ctx.api().delete(jobName);
    deletion = delete;
    delete.whenComplete((v, e) -> {
      if (e != null) {
        log.warn("could not delete Job {}/{} ({}): {}", ctx.namespace(), jobName, why, KubeApi.unwrap(e).getMessage());
      } else {
        log.debug("deleted Job {}/{} ({})", ctx.namespace(), jobName, why);
      }
    });
    return delete;
  }

  /** Stops the attempt: deletes its Job (background propagation removes the pod). */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      settled.set(true);
      synchronized (this) {
        for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {check, unschedulableLimit}) {
          if (t != null) {
            t.cancel(false);
          }
        }
      }
      // A create still on its way is answered first; then the Job, if there is one, goes.
      deletion = createAnswered.thenCompose(v -> created ? deleteJob("cancelled") : CompletableFuture.completedFuture(null));
      deletion.whenComplete((v, e) -> checkJobOver());
    }
    return cancelled;
  }
}
