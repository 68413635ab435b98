package dev.sluice.executor.ray.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * submits (a duplicate id means the job exists: it is followed, not resubmitted), polls the status
 * on the shared scheduler with a growing backoff, and completes with the output read from the store
 * or with Ray's failure. Cancelling stops the job. Dashboard outages are waited out up to the
 * configured time. State changes are made under this object's lock.
 */
final class JobRun extends CompletableFuture<Object> {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.ray");
  private static final int LOG_TAIL_LINES = 50;
  private static final Duration STOP_FOLLOW = Duration.ofSeconds(60);

  private enum Phase { WAITING, SUBMITTING, FOLLOWING, STOPPING, ENDED }

  private final Attempt attempt;
  private final RayShared shared;
  private final String id;
  private final String jobPath;
  private final IntervalFunction backoff;

  private Phase phase = Phase.WAITING;
  private String body;
  private volatile boolean posted;
  private int polls;
  private long submittedAt;
  private long stoppingSince;
  private long unavailableSince = -1;
  private volatile boolean warnedUnreadable;
  /** The attempt's number when it was started here (the attempt object moves on to later attempts). */
  private final int number;

  JobRun(Attempt attempt, RayShared shared) {
    this.attempt = attempt;
    this.number = attempt.attempt();
    this.shared = shared;
    this.id = attempt.attemptName();
    this.jobPath = "/api/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    var poll = shared.config().poll();
    this.backoff = IntervalFunction.ofExponentialRandomBackoff(poll.initial(), poll.multiplier(), 0.2, poll.max());
  }

  String submissionId() {
    return id;
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
        stop(true);
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
    if (stopNow) {
      stop(true);
    } else {
      later(this::poll);
    }
  }

  // ---- follow -----------------------------------------------------------------------------------

  private void poll() {
    shared.client().call("GET", jobPath, null).whenComplete(callback((reply, error) -> {
      if (error == null) {
        recovered();
        onDetails(reply.body());
      } else if (DashboardClient.status(error) == 404) {
        failAndEnd(new RayJobFailedException(
            "Ray job " + id + " of task '" + attempt.task().name() + "' no longer exists on " + shared.config().address()
                + " (was the cluster restarted? Ray keeps jobs only as long as its GCS)",
            id, RayJobStatus.FAILED, "", null, null, ""));
      } else if (DashboardClient.isTransient(error) && outageTolerated(error)) {
        later(this::poll);
      } else {
        failAndEnd(refused("follow Ray job " + id, error));
      }
    }));
  }

  private void onDetails(String json) {
    JobDetails details;
    RayJobStatus status;
    try {
      details = shared.json().readValue(json, JobDetails.class);
      status = RayJobStatus.valueOf(String.valueOf(details.status()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      if (!warnedUnreadable) {
        warnedUnreadable = true;
        log.warn("{}: unreadable job status from the dashboard ({}); polling on", id, e.getMessage());
      }
      later(this::poll);
      return;
    }
    synchronized (this) {
      if (phase == Phase.STOPPING) {
        if (status.isTerminal() || System.nanoTime() - stoppingSince > STOP_FOLLOW.toNanos()) {
          log.debug("{}: Ray job {} after stop", id, status);
          end();
        } else {
          later(this::poll);
        }
        return;
      }
      if (phase != Phase.FOLLOWING) {
        return;
      }
      if (status == RayJobStatus.PENDING && pendingTooLong()) {
        Duration pending = Duration.ofNanos(System.nanoTime() - submittedAt);
        completeExceptionally(new RayJobUnschedulableException(
            "Ray job " + id + " of task '" + attempt.task().name() + "' was still PENDING after " + pending.toSeconds()
                + " s (pending timeout " + shared.config().pendingTimeout() + ") and was stopped: " + details.message(),
            id, details.message(), pending));
        phase = Phase.STOPPING;
        stoppingSince = System.nanoTime();
      } else if (status.isTerminal()) {
        end();
      } else {
        later(this::poll);
        return;
      }
    }
    if (status == RayJobStatus.PENDING) {
      stop(true);
    } else if (status == RayJobStatus.SUCCEEDED) {
      shared.io().execute(this::readOutputs);
    } else {
      fetchLogsThenFail(status, details);
    }
  }

  private boolean pendingTooLong() {
    return System.nanoTime() - submittedAt > shared.config().pendingTimeout().toNanos();
  }

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
      stop(false); // the poll already scheduled follows the job to its end
    }
    return cancelled;
  }

  /** Asks Ray to stop the job; {@code thenPoll} starts following it to its end (before its place is given away). */
  private void stop(boolean thenPoll) {
    log.info("{}: stopping Ray job", id);
    shared.client().call("POST", jobPath + "/stop", "").whenComplete(callback((reply, error) -> {
      if (error == null) {
        recovered();
        if (thenPoll) {
          later(this::poll);
        }
      } else if (DashboardClient.status(error) == 404) {
        synchronized (this) {
          end();
        }
      } else if (DashboardClient.isTransient(error) && outageTolerated(error)) {
        later(() -> stop(thenPoll));
      } else {
        log.warn("{}: could not stop Ray job: {}", id, DashboardClient.unwrap(error).getMessage());
        synchronized (this) {
          end();
        }
      }
    }));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Runs {@code step} after the next backoff interval on the shared scheduler. */
  private void later(Runnable step) {
    long delay = backoff.apply(++polls);
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
    Throwable e = DashboardClient.unwrap(error);
    if (e instanceof RayDashboardException d) {
      return new RayDashboardException("could not " + what + ": " + d.getMessage(), d.status().orElse(-1), d.body());
    }
    return new RayDashboardException("could not " + what + ": Ray dashboard " + shared.config().address()
        + " unreachable for " + shared.config().dashboard().unavailableTimeout() + " (" + e + ")", e);
  }

  private void failAndEnd(Throwable failure) {
    completeExceptionally(failure);
    synchronized (this) {
      end();
    }
  }

  /** The job is over for Sluice: give its place away (once). Called with the lock held. */
  private void end() {
    if (phase == Phase.ENDED) {
      return;
    }
    boolean heldPlace = phase != Phase.WAITING;
    phase = Phase.ENDED;
    if (heldPlace) {
      shared.slots().release();
    }
    shared.active().remove(this); // last: close() waits for this set to empty
  }
}
