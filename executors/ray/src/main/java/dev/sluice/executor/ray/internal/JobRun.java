package dev.sluice.executor.ray.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.core.engine.InfrastructureFailure;
import dev.sluice.core.io.RemoteCommand;
import dev.sluice.core.log.RunMdc;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.RemoteTaskException;
import dev.sluice.executor.ray.RayDashboardException;
import dev.sluice.executor.ray.RayJobFailedException;
import dev.sluice.executor.ray.RayJobStatus;
import dev.sluice.executor.ray.RayJobUnschedulableException;
import io.github.resilience4j.core.IntervalFunction;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt as a Ray job, and its future: waits for a place in the bulkhead, stages the inputs,
 * submits (a duplicate id means the job exists: it is followed, not resubmitted), is followed by the
 * executor's {@link JobWatch}, and completes with the output read from the attempt's own folder in
 * the store or with Ray's failure. Cancelling stops the job. A stopped job keeps its place while Ray
 * stops it; one Ray leaves {@code PENDING} (Ray does not stop a job that has not started) gives its
 * place up at once and is followed on in the background ({@link StoppedJob}). State changes are
 * made under this object's lock.
 */
final class JobRun extends CompletableFuture<Object> implements JobWatch.Follower {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.ray");
  private static final int LOG_TAIL_LINES = 50;
  /** A job Ray reports RUNNING this long after Sluice stopped it is followed on in the background. */
  private static final Duration STOP_FOLLOW = Duration.ofSeconds(60);
  private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(5);

  private enum Phase { WAITING, SUBMITTING, FOLLOWING, STOPPING, ENDED }

  private final Attempt attempt;
  private final RayShared shared;
  private final String id;
  private final String jobPath;
  private final IntervalFunction retryWait;

  private Phase phase = Phase.WAITING;
  private String body;
  private volatile boolean posted;
  private int retries;
  private long submittedAt;
  private long stoppingSince;
  private long unavailableSince = -1;
  private boolean warnedUnreadable;
  /** The attempt's number when it was started here (the attempt object moves on to later attempts). */
  private final int number;
  private boolean stopSeenRunning;
  /** Completes when the job is over on Ray (or never was submitted): the engine's limits hold until then. */
  private final CompletableFuture<Void> jobEnded = new CompletableFuture<>();

  JobRun(Attempt attempt, RayShared shared) {
    this.attempt = attempt;
    this.number = attempt.attempt();
    this.shared = shared;
    this.id = attempt.attemptName();
    this.jobPath = "/api/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    this.retryWait = IntervalFunction.ofExponentialBackoff(shared.config().dashboard().retryWait(), 2.0, MAX_RETRY_WAIT);
  }

  String submissionId() {
    return id;
  }

  /** Completes when Ray ended the job, or it never reached Ray, or it can no longer be followed. */
  CompletableFuture<Void> jobEnded() {
    return jobEnded;
  }

  private StoppedJob inBackground() {
    return new StoppedJob(id, attempt.task().name(), attempt.staging().prefix(), shared, jobEnded);
  }

  // ---- launch and submit ---------------------------------------------------------------------

  /** Called by the bulkhead once this attempt holds a place. */
  void launch() {
    synchronized (this) {
      phase = Phase.SUBMITTING;
      if (isDone()) {
        end(); // cancelled while it waited
        return;
      }
    }
    shared.io().execute(() -> inContext(this::stageAndSubmit));
  }

  private void stageAndSubmit() {
    try {
      RemoteCommand command = RemoteCommand.forAttempt(attempt, attempt.staging().writeInputs(), shared.config().jvmLauncher());
      body = shared.bodies().body(attempt, command);
    } catch (RuntimeException e) {
      failAndEnd(e);
      return;
    }
    submit();
  }

  private void submit() {
    if (isDone()) {
      boolean mayExist;
      synchronized (this) {
        mayExist = posted; // an earlier POST may have reached Ray though its answer did not reach us
        if (mayExist) {
          phase = Phase.STOPPING;
          stoppingSince = System.nanoTime();
        } else {
          end();
        }
      }
      if (mayExist) {
        shared.watch().follow(id, this, false);
        stop();
      }
      return;
    }
    posted = true;
    shared.client().call("POST", "/api/jobs/", body).whenComplete(callback((reply, error) -> {
      boolean duplicate = error != null && DashboardClient.isDuplicateSubmission(error);
      if (error == null || duplicate) {
        submitted(duplicate);
      } else if (DashboardClient.isTransient(error) && outageTolerated(error)) {
        later(this::submit);
      } else {
        failAndEnd(refused("submit job " + id + " of task '" + attempt.task().name() + "'", error));
      }
    }));
  }

  private void submitted(boolean duplicate) {
    recovered();
    attempt.submitted(duplicate);
    if (duplicate) {
      log.info("{}: Ray job already exists (duplicate submission id); following it instead of submitting again", id);
    } else {
      log.debug("{}: submitted Ray job for task '{}'", id, attempt.task().name());
    }
    boolean stopNow;
    synchronized (this) {
      submittedAt = System.nanoTime();
      stopNow = isCancelled();
      phase = stopNow ? Phase.STOPPING : Phase.FOLLOWING;
      stoppingSince = submittedAt;
    }
    shared.watch().follow(id, this, false);
    if (stopNow) {
      stop();
    }
  }

  // ---- follow (called by the watch) ---------------------------------------------------------------

  @Override
  public void onDetails(JobDetails details) {
    inContext(() -> detailsNow(details));
  }

  private void detailsNow(JobDetails details) {
    RayJobStatus status;
    try {
      status = RayJobStatus.valueOf(String.valueOf(details.status()));
    } catch (IllegalArgumentException e) {
      synchronized (this) {
        if (!warnedUnreadable) {
          warnedUnreadable = true;
          log.warn("{}: unknown job status '{}' from the dashboard; following on", id, details.status());
        }
      }
      return;
    }
    boolean stopNow = false;
    boolean giveUp = false;
    boolean stopping;
    synchronized (this) {
      stopping = phase == Phase.STOPPING;
      if (stopping) {
        if (status.isTerminal()) {
          log.debug("{}: Ray job {} after stop", id, status);
          end();
        } else if (status == RayJobStatus.PENDING || System.nanoTime() - stoppingSince > STOP_FOLLOW.toNanos()) {
          end(false); // Ray will not stop it now (PENDING) or is slow to: its place goes to the next attempt
          giveUp = true;
        } else if (!stopSeenRunning) {
          // RUNNING: a stop that reached the job while it was PENDING was lost; one that reached it
          // running makes Ray send SIGTERM, then SIGKILL 3 s later. Stop it (again) once it is seen
          // running; it keeps its place until it ends.
          stopSeenRunning = true;
          stopNow = true;
        }
      } else if (phase != Phase.FOLLOWING) {
        return;
      } else if (status == RayJobStatus.PENDING && pendingTooLong()) {
        Duration pending = Duration.ofNanos(System.nanoTime() - submittedAt);
        RayJobUnschedulableException ray = new RayJobUnschedulableException(
            "Ray job " + id + " of task '" + attempt.task().name() + "' was still PENDING after " + pending.toMillis()
                + " ms (queued timeout " + queuedTimeout() + ") and was stopped: " + details.message(),
            id, details.message(), pending);
        completeExceptionally(new InfrastructureFailure.Unschedulable(id,
            "the Ray cluster to start job " + id + " (still PENDING: " + details.message() + ")", queuedTimeout(), ray));
        phase = Phase.STOPPING;
        stoppingSince = System.nanoTime();
        stopNow = true;
      } else if (status.isTerminal()) {
        end();
      } else {
        return;
      }
    }
    if (giveUp) {
      log.info("{}: Ray job still {} after Sluice stopped it; its place goes to the next attempt and it is followed "
          + "in the background until Ray ends it", id, status);
      shared.watch().follow(id, inBackground(), true);
    } else if (stopNow) {
      stop();
    } else if (stopping) {
      return; // the attempt already ended: a stopped job's outputs are never read
    } else if (status == RayJobStatus.SUCCEEDED) {
      shared.io().execute(this::readOutputs);
    } else if (status.isTerminal()) {
      fetchLogsThenFail(status, details);
    }
  }

  @Override
  public void onGone() {
    inContext(() -> failAndEnd(new RayJobFailedException(
        "Ray job " + id + " of task '" + attempt.task().name() + "' no longer exists on " + shared.config().address()
            + " (was the cluster restarted? Ray keeps jobs only as long as its GCS)",
        id, RayJobStatus.FAILED, "", null, null, "")));
  }

  @Override
  public void onLost(Throwable error) {
    inContext(() -> failAndEnd(error));
  }

  private boolean pendingTooLong() {
    return System.nanoTime() - submittedAt > queuedTimeout().toNanos();
  }

  /** How long the job may stay PENDING: the task's queued timeout, else the executor's pendingTimeout. */
  private Duration queuedTimeout() {
    return attempt.task().admission().queuedTimeout().orElse(shared.config().pendingTimeout());
  }

  /** The engine reads only this attempt's own outputs.json: a late write of another attempt is never taken. */
  private void readOutputs() {
    try {
      complete(attempt.staging().readOutputs());
    } catch (RuntimeException e) {
      completeExceptionally(e);
    }
  }

  private void fetchLogsThenFail(RayJobStatus status, JobDetails details) {
    shared.client().call("GET", jobPath + "/logs", null).handle((reply, error) -> {
      if (error != null) {
        return "(logs unavailable: " + DashboardClient.unwrap(error).getMessage() + ")";
      }
      try {
        return tail(shared.json().readTree(reply.body()).path("logs").asText(""));
      } catch (JsonProcessingException e) {
        return "(logs unreadable: " + e.getOriginalMessage() + ")";
      }
    }).thenAcceptAsync(logTail -> completeExceptionally(failure(status, details, logTail)), shared.io());
  }

  /**
   * Ray's failure; if the task runner wrote {@code error.json}, the task's own error (which the
   * engine retries as the runner judged it) with Ray's failure attached.
   */
  private Throwable failure(RayJobStatus status, JobDetails d, String logTail) {
    String summary = "Ray job " + id + " of task '" + attempt.task().name() + "' " + status
        + (d.errorType() != null ? " [" + d.errorType() + "]" : "")
        + (d.driverExitCode() != null ? " (exit code " + d.driverExitCode() + ")" : "")
        + (status == RayJobStatus.STOPPED ? " (stopped by someone else than Sluice)" : "")
        + ": " + d.message();
    RayJobFailedException ray =
        new RayJobFailedException(summary, id, status, d.message(), d.errorType(), d.driverExitCode(), logTail);
    try {
      attempt.staging().readOutputs();
    } catch (RemoteTaskException remote) {
      if (!"MissingOutputs".equals(remote.errorType())) {
        remote.addSuppressed(ray);
        return remote;
      }
    } catch (RuntimeException ignored) {
      // outputs.json exists but the job failed after writing it: report Ray's failure
    }
    if (status == RayJobStatus.FAILED && RayOutOfMemory.seenIn(d.message(), logTail)) {
      return new InfrastructureFailure.OutOfMemory(summary, ray);
    }
    return ray;
  }

  private static String tail(String logs) {
    String[] lines = logs.split("\n");
    int from = Math.max(0, lines.length - LOG_TAIL_LINES);
    return String.join("\n", Arrays.asList(lines).subList(from, lines.length));
  }

  // ---- cancel and stop -------------------------------------------------------------------------

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    boolean stop = false;
    synchronized (this) {
      if (phase == Phase.WAITING) {
        if (shared.slots().leave(this)) {
          phase = Phase.ENDED; // never held a place
          shared.active().remove(this);
        }
      } else if (phase == Phase.FOLLOWING) {
        phase = Phase.STOPPING;
        stoppingSince = System.nanoTime();
        stop = true;
      } // SUBMITTING: submitted() sees the cancellation and stops the job
    }
    if (stop) {
      stop();
    }
    return cancelled;
  }

  /** Asks Ray to stop the job; the watch follows it to its end (or hands it to the background). */
  private void stop() {
    log.info("{}: stopping Ray job", id);
    shared.client().call("POST", jobPath + "/stop", "").whenComplete(callback((reply, error) -> {
      if (error == null) {
        recovered();
      } else if (DashboardClient.status(error) == 404) {
        synchronized (this) {
          end();
        }
      } else if (DashboardClient.isTransient(error) && outageTolerated(error)) {
        later(this::stop);
      } else {
        log.warn("{}: could not stop Ray job: {}", id, DashboardClient.unwrap(error).getMessage());
        synchronized (this) {
          end(false);
        }
        shared.watch().follow(id, inBackground(), true);
      }
    }));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Runs {@code step} again after a growing wait (a submission or stop the dashboard did not take). */
  private void later(Runnable step) {
    long delay = retryWait.apply(++retries);
    shared.scheduler().schedule(() -> inContext(step), delay, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code step} with the attempt's run, node and attempt in the logging MDC. */
  private void inContext(Runnable step) {
    RunMdc.Scope mdc = RunMdc.bind(attempt.runId(), attempt.workflowName(), attempt.nodePath(), number);
    try {
      step.run();
    } finally {
      mdc.close();
    }
  }

  /** {@code callback} with the attempt's run, node and attempt in the logging MDC. */
  private <T> BiConsumer<T, Throwable> callback(BiConsumer<T, Throwable> callback) {
    return (value, error) -> inContext(() -> callback.accept(value, error));
  }

  /** Whether this job's dashboard failures started less than the tolerated outage ago. */
  private synchronized boolean outageTolerated(Throwable error) {
    long now = System.nanoTime();
    if (unavailableSince < 0) {
      unavailableSince = now;
      log.debug("{}: dashboard call failed ({}); trying again", id, DashboardClient.unwrap(error).toString());
    }
    return now - unavailableSince < shared.config().dashboard().unavailableTimeout().toNanos();
  }

  private synchronized void recovered() {
    unavailableSince = -1;
  }

  private RayDashboardException refused(String what, Throwable error) {
    return shared.client().refusal(what, error);
  }

  private void failAndEnd(Throwable failure) {
    completeExceptionally(failure);
    synchronized (this) {
      end();
    }
  }

  /** The job is over on Ray: give its place away (once). Called with the lock held. */
  private void end() {
    end(true);
  }

  /**
   * The job is over for this attempt: give its place away (once). Called with the lock held. With
   * {@code jobOver} false the job may still run on Ray and the {@link StoppedJob} following it
   * completes {@link #jobEnded} when Ray ends it.
   */
  private void end(boolean jobOver) {
    if (jobOver) {
      jobEnded.completeAsync(() -> null); // not under this lock: the engine may launch the next attempt
    }
    if (phase == Phase.ENDED) {
      return;
    }
    boolean heldPlace = phase != Phase.WAITING;
    phase = Phase.ENDED;
    shared.watch().unfollow(id, this);
    if (heldPlace) {
      shared.slots().release();
    }
    shared.active().remove(this); // last: close() waits for this set to empty
  }
}
