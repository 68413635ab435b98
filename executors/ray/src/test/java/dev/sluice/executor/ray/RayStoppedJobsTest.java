package dev.sluice.executor.ray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.InfrastructureFailure;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.spi.TaskInterceptor;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.ray.RayJobRecord;
import dev.sluice.testing.ray.RayJobsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 22: a real Ray head does not stop a {@code PENDING} job ({@code {"stopped": true}}, and the
 * job stays {@code PENDING} until Ray's start timeout); if its resources appear it starts and runs.
 * The stand-in behaves the same, so these tests see what a cluster does.
 */
class RayStoppedJobsTest {
  /** Well under the executor's former 60 s of following a stopped job while holding its place. */
  private static final Duration SOON = Duration.ofSeconds(20);

  @TempDir Path dir;

  /** A command task that needs a GPU; it writes its attempt number and, but for attempt {@code quick}, sleeps a minute. */
  private static Workflow<Integer, Integer> gpuTask(String name, int attempts, int quick) {
    Task1<Integer, Integer> task = Task.named(name)
        .command("sh", "-c", "echo $SLUICE_ATTEMPT > \"$SLUICE_OUTPUTS_URI\"; [ \"$SLUICE_ATTEMPT\" = " + quick
            + " ] || sleep 60")
        .executor("ray").resources(r -> r.gpu(1))
        .retry(RetryPolicy.builder().maxAttempts(attempts).initialBackoff(Duration.ofMillis(10)).build())
        .of(Integer.class, Integer.class);
    return Workflow.named(name, Integer.class, (w, n) -> w.call(task, n));
  }

  private static String job(RunHandle<?> run, String node, int attempt) {
    return run.runId() + "-" + node + "-" + attempt;
  }

  private static Optional<RayJobRecord.Status> status(RayHarness h, String id) {
    return h.ray.job(id).map(RayJobRecord::status);
  }

  @Test
  void aStoppedJobThatRayKeepsPendingDoesNotHoldTheNextAttemptsPlace() {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.builder().capacity("GPU", 0).start(),
        b -> b.maxJobsInFlight(1).pendingTimeout(Duration.ofMillis(300)))) {
      RunHandle<Integer> run = h.engine.run(gpuTask("gpu-slot", 2, 0), 1);
      String first = job(run, "gpu-slot", 1);
      RayHarness.await("attempt 2 submitted", SOON, () -> h.ray.job(job(run, "gpu-slot", 2)).isPresent());
      // Ray did not stop attempt 1's job, yet attempt 2 got the only place.
      assertThat(status(h, first)).hasValue(RayJobRecord.Status.PENDING);
      assertThat(RayFailuresTest.failureOf(run)).isInstanceOf(InfrastructureFailure.Unschedulable.class)
          .hasCauseInstanceOf(RayJobUnschedulableException.class);
    }
  }

  @Test
  void aJobStoppedWhilePendingThatRayStartsLaterIsStoppedAgain() {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.builder().capacity("GPU", 0).start(),
        b -> b.pendingTimeout(Duration.ofMillis(300)))) {
      RunHandle<Integer> run = h.engine.run(gpuTask("gpu-late", 1, 0), 1);
      assertThat(RayFailuresTest.failureOf(run)).isInstanceOf(InfrastructureFailure.Unschedulable.class)
          .hasCauseInstanceOf(RayJobUnschedulableException.class);
      String id = job(run, "gpu-late", 1);
      assertThat(status(h, id)).hasValue(RayJobRecord.Status.PENDING);

      h.ray.addCapacity("GPU", 1); // a GPU node joins: Ray starts the job it answered "stopped" for
      RayHarness.await("the late job stopped again", SOON,
          () -> status(h, id).filter(RayJobRecord.Status::isTerminal).isPresent());
      assertThat(status(h, id)).hasValue(RayJobRecord.Status.STOPPED);
      assertThat(h.ray.processesStarted()).isEqualTo(1);
    }
  }

  @Test
  void anAbandonedAttemptsLateOutputsAreNeverTheNodesResult() throws Exception {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.builder().capacity("GPU", 0).start(),
        b -> b.pendingTimeout(Duration.ofSeconds(3)))) {
      RunHandle<Integer> run = h.engine.run(gpuTask("gpu-fence", 2, 2), 1);
      String first = job(run, "gpu-fence", 1);
      RayHarness.await("attempt 2 submitted", SOON, () -> h.ray.job(job(run, "gpu-fence", 2)).isPresent());

      // The GPU appears: Ray starts attempt 1's "stopped" job first (it was submitted first); it
      // writes its outputs under attempt 1's folder, is stopped again, and attempt 2 then runs.
      h.ray.addCapacity("GPU", 1);
      Path staleOutputs = dir.resolve("store/runs/" + run.runId() + "/nodes/gpu-fence/1/outputs.json");
      RayHarness.await("attempt 1's late outputs", SOON, () -> Files.exists(staleOutputs));
      assertThat(run.await(RayHarness.WAIT)).isEqualTo(2);
      assertThat(Files.readString(staleOutputs).trim()).isEqualTo("1");
      assertThat(run.status().node("gpu-fence").orElseThrow().attempts()).isEqualTo(2);
      assertThat(h.ray.awaitTerminal(first, SOON).status()).isEqualTo(RayJobRecord.Status.STOPPED);
    }
  }

  /**
   * Issue item 4 (remote executors): a cancelled attempt whose Ray job Ray keeps (a stop sent while
   * it is PENDING is lost) must hold the task's {@code maxConcurrency} place until the job really
   * ends; before, the next run's attempt was submitted at once beside it.
   */
  @Test
  void aCancelledAttemptWhoseRayJobKeepsRunningHoldsItsMaxConcurrencyPlace() throws Exception {
    Task1<Integer, Integer> task = Task.named("gpu-limit")
        .command("sh", "-c", "echo 7 > \"$SLUICE_OUTPUTS_URI\"")
        .executor("ray").resources(r -> r.gpu(1)).maxConcurrency(1)
        .of(Integer.class, Integer.class);
    Workflow<Integer, Integer> flow = Workflow.named("gpu-limit", Integer.class, (w, n) -> w.call(task, n));
    List<String> launchedBeside = new CopyOnWriteArrayList<>();
    AtomicReference<String> firstJob = new AtomicReference<>();
    AtomicReference<RayHarness> harness = new AtomicReference<>();
    TaskInterceptor probe = (attempt, next) -> {
      String earlier = firstJob.get();
      if (earlier != null) { // the second run's attempt: the first run's job must be over on Ray by now
        launchedBeside.add(status(harness.get(), earlier).map(Enum::name).orElse("ABSENT"));
      }
      return next.proceed(attempt);
    };
    try (RayHarness h = new RayHarness(dir, RayJobsServer.builder().capacity("GPU", 0).start(), b -> b, probe)) {
      harness.set(h);
      RunHandle<Integer> first = h.engine.run(flow, 1);
      String firstId = job(first, "gpu-limit", 1);
      RayHarness.await("the first job submitted", SOON, () -> h.ray.job(firstId).isPresent());
      firstJob.set(firstId);
      assertThat(first.cancel()).isTrue();
      RayHarness.await("the first job followed in the background", SOON,
          () -> h.executor.jobsBeingStopped().contains(firstId));
      RunHandle<Integer> second = h.engine.run(flow, 2);
      assertThat(status(h, firstId)).hasValue(RayJobRecord.Status.PENDING); // Ray did not stop it

      h.ray.addCapacity("GPU", 1); // Ray starts the job it answered "stopped" for; it runs to its end
      assertThat(second.await(RayHarness.WAIT)).isEqualTo(7);
      assertThat(status(h, firstId).filter(RayJobRecord.Status::isTerminal)).isPresent();
      assertThat(launchedBeside).as("the first job's state when the second run's attempt was launched")
          .singleElement().satisfies(state -> assertThat(RayJobRecord.Status.valueOf(state).isTerminal()).isTrue());
    }
  }

}
