package dev.sluice.executor.kubernetes;

import static dev.sluice.executor.kubernetes.SimulatedKubernetes.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunState;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Cancellation, re-attach after a crash, and the bound on Jobs in flight. */
class JobLifecycleTest {

  @Test
  void cancellingARunDeletesItsRunningJob() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      Path never = k8s.dir.resolve("never");
      RunHandle<Integer> run = engine.run(single(KubeTasks.waitForFile, String.class), never.toString());
      SimulatedKubernetes.await("the container running", () -> k8s.sim.runningProcesses() == 1);

      assertThat(run.cancel()).isTrue();

      SimulatedKubernetes.await("the Job deleted", () -> k8s.jobs().isEmpty());
      SimulatedKubernetes.await("the container stopped", () -> k8s.sim.runningProcesses() == 0);
      assertThat(run.status().state()).isEqualTo(RunState.CANCELLED);
      assertThat(k8s.sim.requestCounts()).containsEntry("delete jobs", 1);
    }
  }

  /**
   * Issue item 4 (remote executors): a cancelled attempt's Job is deleted, but its pod runs on
   * through its termination grace period (here: a container that traps SIGTERM). Under {@code
   * maxConcurrency(1)} the next attempt must wait for that pod to end; before, it was launched as
   * soon as the cancel completed the attempt's future.
   */
  @Test
  void aCancelledAttemptWhoseJobKeepsRunningHoldsItsMaxConcurrencyPlace() throws Exception {
    Task1<String, Integer> stubborn = Task.named("stubborn")
        .command("sh", "-c", "trap '' TERM; f=$(sed -e 's/.*\"file\":\"\\([^\"]*\\)\".*/\\1/' \"$SLUICE_INPUTS_URI\");"
            + " while [ ! -f \"$f\" ]; do sleep 0.05; done; echo 1 > \"$SLUICE_OUTPUTS_URI\"")
        .inputNames("file").executor("k8s").maxConcurrency(1).of(String.class, Integer.class);
    List<Integer> containersAtLaunch = new CopyOnWriteArrayList<>();
    AtomicBoolean probing = new AtomicBoolean();
    try (SimulatedKubernetes k8s = new SimulatedKubernetes();
        Engine engine = Engine.builder().store(k8s.store).workDirectory(k8s.dir.resolve("work"))
            .executor("k8s", k8s.executor(b -> b))
            .interceptor((attempt, next) -> {
              if (probing.get()) {
                containersAtLaunch.add(k8s.sim.runningProcesses());
              }
              return next.proceed(attempt);
            }).build()) {
      Path releaseFirst = k8s.dir.resolve("first");
      RunHandle<Integer> first = engine.run(single(stubborn, String.class), releaseFirst.toString());
      SimulatedKubernetes.await("the first container running", () -> k8s.sim.runningProcesses() == 1);
      probing.set(true);
      Path releaseSecond = k8s.dir.resolve("second");
      RunHandle<Integer> second = engine.run(single(stubborn, String.class), releaseSecond.toString());
      SimulatedKubernetes.await("the second attempt queued behind the limit", () -> second.status().nodes().stream()
          .anyMatch(n -> n.state() == NodeState.QUEUED));

      assertThat(first.cancel()).isTrue();
      SimulatedKubernetes.await("the first Job deleted", () -> k8s.jobs().stream()
          .noneMatch(j -> j.getMetadata().getName().startsWith(first.runId())));
      assertThat(k8s.sim.runningProcesses()).as("the first container, ignoring SIGTERM").isPositive();

      Files.writeString(releaseFirst, "go"); // the first container ends; its pod goes
      Files.writeString(releaseSecond, "go");
      assertThat(second.await(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(containersAtLaunch).as("containers running when the second attempt was launched").containsExactly(0);
    }
  }

  @Test
  void closingTheExecutorDeletesTheJobsOfRunningAttemptsOnce() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes()) {
      KubernetesExecutor executor = KubernetesExecutor.create(k8s.config().build());
      CompletableFuture<Object> attempt = executor.start(
          TestAttempt.of(KubeTasks.waitForFile.spec(), k8s.store, "closing", k8s.dir.resolve("never").toString()));
      SimulatedKubernetes.await("the Job created", () -> k8s.jobs().size() == 1);

      executor.close();

      assertThat(attempt).isCancelled();
      assertThat(k8s.jobs()).isEmpty();
      assertThat(k8s.sim.requestCounts()).containsEntry("delete jobs", 1);
    }
  }

  @Test
  void startingAnAttemptWhoseJobExistsFollowsItInsteadOfCreatingASecond() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes()) {
      Path go = k8s.dir.resolve("go");
      TestAttempt attempt = TestAttempt.of(KubeTasks.waitForFile.spec(), k8s.store, "resumed", go.toString());
      KubernetesExecutor crashed = KubernetesExecutor.create(k8s.config().build());
      CompletableFuture<Object> first = crashed.start(attempt);
      SimulatedKubernetes.await("the Job created", () -> k8s.jobs().size() == 1);

      // A new process (a resumed run) starts the same attempt with an executor of its own.
      KubernetesExecutor resumed = k8s.executor(b -> b);
      assertThat(resumed.reattach(TestAttempt.of(KubeTasks.waitForFile.spec(), k8s.store, "other", "x"))).isEmpty();
      CompletableFuture<Object> second = resumed.start(attempt);
      Files.writeString(go, "now");

      assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(k8s.jobs()).singleElement()
          .satisfies(j -> assertThat(j.getMetadata().getName()).isEqualTo("resumed-wait-for-file-1"));
      assertThat(k8s.sim.requestCounts()).containsEntry("create jobs", 1);
      crashed.close();
    }
  }

  @Test
  void reattachFollowsAFinishedJobAndReadsItsOutput() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes()) {
      KubernetesExecutor executor = k8s.executor(b -> b);
      TestAttempt attempt = TestAttempt.of(KubeTasks.addTen.spec(), k8s.store, "done", 32);
      assertThat(executor.start(attempt).get(30, TimeUnit.SECONDS)).isEqualTo(42);

      Optional<CompletableFuture<Object>> again = executor.reattach(attempt);
      assertThat(again).isPresent();
      assertThat(again.get().get(30, TimeUnit.SECONDS)).isEqualTo(42);
      assertThat(k8s.sim.requestCounts()).containsEntry("create jobs", 1);
    }
  }

  @Test
  void noMoreThanMaxJobsInFlightExistAtOnceAndTheRestWaitQueued() throws Exception {
    Path go;
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine(b -> b.maxJobsInFlight(2))) {
      go = k8s.dir.resolve("go");
      Workflow<String, Integer> fanOut = Workflow.named("fan-out", String.class, (wf, file) -> {
        List<dev.sluice.dsl.Value<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          all.add(wf.call(KubeTasks.waitForFile, file));
        }
        return all.get(4);
      });
      RunHandle<Integer> run = engine.run(fanOut, go.toString());
      SimulatedKubernetes.await("2 Jobs, 3 attempts queued", () -> k8s.jobs().size() == 2
          && run.status().nodes().stream().filter(n -> n.state() == NodeState.QUEUED).count() == 3);

      Files.writeString(go, "now");
      assertThat(run.await(Duration.ofSeconds(120))).isEqualTo(1);
      assertThat(k8s.jobs()).hasSize(5);
      assertThat(k8s.sim.peakActiveJobs()).isEqualTo(2);
    }
  }
}
