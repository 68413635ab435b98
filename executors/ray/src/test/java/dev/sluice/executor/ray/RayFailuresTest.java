package dev.sluice.executor.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.InfrastructureFailure;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.QueuedTimeoutException;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.TaskTimeoutException;
import dev.sluice.core.spi.RemoteTaskException;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.ray.RayJobRecord;
import dev.sluice.testing.ray.RayJobsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a Ray job's failure, cancellation, timeout or refusal reaches the run. */
class RayFailuresTest {
  @TempDir Path dir;

  /** The failure the run ended with (the first failed node's). */
  static Throwable failureOf(RunHandle<?> run) {
    try {
      run.await(RayHarness.WAIT);
    } catch (RunFailedException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the run did not fail but " + e, e);
    }
    throw new AssertionError("the run succeeded");
  }

  static String jobId(RunHandle<?> run, String node) {
    return run.runId() + "-" + node + "-1";
  }

  @Test
  void aNonZeroExitCarriesRaysMessageErrorTypeExitCodeAndTheLogTail() {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      RunHandle<Integer> run = h.engine.run(
          RayTasks.shell("exit-three", "echo preparing; echo 'boom: disk quota exceeded' >&2; exit 3", null), 1);
      Throwable failure = failureOf(run);
      assertThat(failure).isInstanceOf(RayJobFailedException.class);
      RayJobFailedException ray = (RayJobFailedException) failure;
      assertThat(ray.submissionId()).isEqualTo(jobId(run, "exit-three"));
      assertThat(ray.status()).isEqualTo(RayJobStatus.FAILED);
      assertThat(ray.errorType()).hasValue("JOB_ENTRYPOINT_COMMAND_ERROR");
      assertThat(ray.driverExitCode()).hasValue(3);
      assertThat(ray.rayMessage()).startsWith("Job entrypoint command failed with exit code 3");
      assertThat(ray.logTail()).contains("preparing").contains("boom: disk quota exceeded");
      assertThat(ray.getMessage()).contains("exit code 3").contains("boom: disk quota");
      assertThat(run.status().node("exit-three").orElseThrow().attempts()).isEqualTo(1);
    }
  }

  /** Item 24: Ray's message already ends with the log's last lines; the message must not print them again. */
  @Test
  void aFailedJobsMessageShowsTheLogTailOnce() {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      Throwable failure = failureOf(h.engine.run(
          RayTasks.shell("exit-four", "echo line-$((2*3)); echo \"boom: out of $((1+1)) GB\" >&2; exit 4", null), 1));
      RayJobFailedException ray = (RayJobFailedException) failure;
      // (the entrypoint line of the log shows the command, not its output: count the output)
      assertThat(ray.getMessage().split("boom: out of 2 GB", -1)).as(ray.getMessage()).hasSize(2);
      assertThat(ray.getMessage().split("line-6", -1)).hasSize(2);
      assertThat(ray.getMessage()).doesNotContain("--- log tail ---");
      assertThat(ray.logTail()).contains("line-6").contains("boom: out of 2 GB");
    }
  }

  /** A failure whose message does not quote the log (supervisor death, runtime env) still shows the tail. */
  @Test
  void aFailureMessageWithoutTheLogGetsTheLogTailAppended() {
    RayJobFailedException e = new RayJobFailedException("Ray job j FAILED: Job supervisor actor died", "j",
        RayJobStatus.FAILED, "Job supervisor actor died", "JOB_SUPERVISOR_ACTOR_DIED", null, "line a\nline b\n");
    assertThat(e.getMessage()).endsWith("--- log tail ---\nline a\nline b");
  }

  @Test
  void aJvmTaskThatThrowsFailsWithItsOwnErrorAndRaysDetailsAttached() {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      Throwable failure = failureOf(h.engine.run(RayTasks.EXPLODING, 5));
      assertThat(failure).isInstanceOf(RemoteTaskException.class).hasMessageContaining("exploded on 5");
      assertThat(((RemoteTaskException) failure).errorType()).isEqualTo("java.lang.IllegalStateException");
      assertThat(failure.getSuppressed()).singleElement().isInstanceOfSatisfying(RayJobFailedException.class,
          ray -> assertThat(ray.driverExitCode()).hasValue(1));
    }
  }

  @Test
  void cancellingTheRunStopsTheJob() {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      RunHandle<Integer> run = h.engine.run(RayTasks.shell("sleeper", "echo started; sleep 60", null), 1);
      String id = jobId(run, "sleeper");
      RayHarness.await("job running", () -> h.ray.job(id).map(j -> j.status() == RayJobRecord.Status.RUNNING).orElse(false));
      assertThat(run.cancel()).isTrue();
      assertThat(h.ray.awaitTerminal(id, RayHarness.WAIT).status()).isEqualTo(RayJobRecord.Status.STOPPED);
      assertThatThrownBy(() -> run.await(RayHarness.WAIT)).isInstanceOf(RunFailedException.class);
      assertThat(run.status().node("sleeper").orElseThrow().state()).isEqualTo(NodeState.CANCELLED);
      RayHarness.await("place given back", () -> h.executor.jobsInFlight() == 0);
    }
  }

  @Test
  void aTimeoutStopsTheJobAndFailsTheNode() {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      RunHandle<Integer> run = h.engine.run(RayTasks.shell("slow", "sleep 60", Duration.ofSeconds(1)), 1);
      assertThat(failureOf(run)).isInstanceOf(TaskTimeoutException.class);
      assertThat(h.ray.awaitTerminal(jobId(run, "slow"), RayHarness.WAIT).status()).isEqualTo(RayJobRecord.Status.STOPPED);
    }
  }

  @Test
  void aJobPendingTooLongIsStoppedAndReportedUnschedulable() {
    Task1<Integer, Integer> gpu = Task.named("needs-gpu").command("sh", "-c", "echo 1 > \"$SLUICE_OUTPUTS_URI\"")
        .executor("ray").resources(r -> r.gpu(1)).of(Integer.class, Integer.class);
    Workflow<Integer, Integer> wf = Workflow.named("needs-gpu", Integer.class, (w, n) -> w.call(gpu, n));
    try (RayHarness h = new RayHarness(dir, RayJobsServer.builder().capacity("GPU", 0).start(),
        b -> b.pendingTimeout(Duration.ofMillis(300)))) {
      RunHandle<Integer> run = h.engine.run(wf, 1);
      Throwable failure = failureOf(run);
      assertThat(failure).isInstanceOf(QueuedTimeoutException.class).isInstanceOf(InfrastructureFailure.Unschedulable.class)
          .hasMessageContaining("waited longer than its queued timeout of PT0.3S for the Ray cluster to start job")
          .hasMessageContaining("waiting for resources");
      assertThat(failure.getCause()).isInstanceOf(RayJobUnschedulableException.class).hasMessageContaining("still PENDING");
      assertThat(((RayJobUnschedulableException) failure.getCause()).pendingFor()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      // Ray answers the stop but leaves the job PENDING (as a real head does): Sluice gives its place
      // back and follows it in the background until Ray ends it.
      String id = jobId(run, "needs-gpu");
      RayHarness.await("place given back", () -> h.executor.jobsInFlight() == 0);
      assertThat(h.ray.requests()).anyMatch(r -> r.method().equals("POST") && r.path().equals("/api/jobs/" + id + "/stop"));
      assertThat(h.executor.jobsBeingStopped()).containsExactly(id);
      assertThat(h.ray.job(id).orElseThrow().status()).isEqualTo(RayJobRecord.Status.PENDING);
      assertThat(h.ray.processesStarted()).isZero();
    }
  }

  @Test
  void aPendingForeverJobEndsWithTheTasksQueuedTimeout() {
    Task1<Integer, Integer> gpu = Task.named("needs-gpu").command("sh", "-c", "echo 1 > \"$SLUICE_OUTPUTS_URI\"")
        .executor("ray").resources(r -> r.gpu(1)).queuedTimeout(Duration.ofMillis(400)).of(Integer.class, Integer.class);
    Workflow<Integer, Integer> wf = Workflow.named("needs-gpu", Integer.class, (w, n) -> w.call(gpu, n));
    try (RayHarness h = new RayHarness(dir, RayJobsServer.builder().capacity("GPU", 0).start(),
        b -> b.pendingTimeout(Duration.ofHours(1)))) {
      QueuedTimeoutException failure = (QueuedTimeoutException) failureOf(h.engine.run(wf, 1));
      assertThat(failure).isInstanceOf(InfrastructureFailure.Unschedulable.class);
      assertThat(failure.queuedTimeout()).isEqualTo(Duration.ofMillis(400));
      assertThat(failure.waitedFor()).contains("still PENDING", "waiting for resources");
    }
  }

  @Test
  void aJobWhoseTaskRayKilledForMemoryFailsWithOutOfMemory() {
    // What a driver prints when Ray's memory monitor killed its task's worker (docs.ray.io,
    // ray-oom-prevention): the job then FAILS with the last log lines in its message.
    String driver = "echo 'ray.exceptions.OutOfMemoryError: Task was killed due to the node running low on memory."
        + " Memory on the node (IP: 10.0.0.5, ID: 92edc4e97e4d) where the task (task ID: 16310a0f0a45af5c, name=train,"
        + " pid=4121, memory used=7.10GB) was running was 7.33GB / 7.69GB (0.953), which exceeds the memory usage"
        + " threshold of 0.95.' >&2; exit 1";
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      Throwable failure = failureOf(h.engine.run(RayTasks.shell("train", driver, null), 1));
      assertThat(failure).isInstanceOf(InfrastructureFailure.OutOfMemory.class)
          .hasMessageContaining("FAILED").hasMessageContaining("running low on memory");
      assertThat(failure.getCause()).isInstanceOf(RayJobFailedException.class);
    }
  }

  @Test
  void aJobThatExitsWithAnErrorIsNotAnOutOfMemory() {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      Throwable failure = failureOf(h.engine.run(RayTasks.shell("plain", "echo 'ValueError: bad input' >&2; exit 1", null), 1));
      assertThat(failure).isInstanceOf(RayJobFailedException.class).isNotInstanceOf(InfrastructureFailure.class);
    }
  }

  @Test
  void aJobStoppedBySomeoneElseFailsTheAttempt() throws Exception {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      RunHandle<Integer> run = h.engine.run(RayTasks.shell("victim", "sleep 60", null), 1);
      String id = jobId(run, "victim");
      RayHarness.await("job running", () -> h.ray.job(id).map(j -> j.status() == RayJobRecord.Status.RUNNING).orElse(false));
      HttpResponse<String> stop = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(h.ray.address() + "/api/jobs/" + id + "/stop"))
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(stop.body()).contains("\"stopped\":true");
      Throwable failure = failureOf(run);
      assertThat(failure).isInstanceOf(RayJobFailedException.class).hasMessageContaining("stopped by someone else");
      assertThat(((RayJobFailedException) failure).status()).isEqualTo(RayJobStatus.STOPPED);
    }
  }

  @Test
  void aRefusalSurfacesRaysStatusAndBodyAndIsNotRetried() {
    // A proxy that adds an Origin header makes Ray's browser guard refuse every POST with a 405.
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start(), b -> b.header("Origin", "https://notebook.example"))) {
      Throwable failure = failureOf(h.engine.run(RayTasks.shell("refused", "true", null), 1));
      assertThat(failure).isInstanceOf(RayDashboardException.class)
          .hasMessageContaining("answered 405")
          .hasMessageContaining("Method Not Allowed for browser traffic.");
      assertThat(((RayDashboardException) failure).status()).hasValue(405);
      assertThat(((RayDashboardException) failure).body()).isEqualTo("Method Not Allowed for browser traffic.");
      assertThat(h.ray.requests().stream().filter(r -> r.method().equals("POST"))).hasSize(1);
      assertThat(h.ray.jobs()).isEmpty();
    }
  }
}
