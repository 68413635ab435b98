package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.Placement;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RunHandleTest {

  private static WorkflowSpec twoSteps() {
    return Dag.named("two-steps")
        .call("first", Dag.task("first", 1, (a, c) -> (Long) a[0] + 1), Dag.INPUT)
        .call("second", Dag.task("second", 1, (a, c) -> (Long) a[0] * 2), "first")
        .returning("second");
  }

  @Test
  void listenersSeeEveryTransitionInOrderBetweenRunStartedAndRunFinished() throws TimeoutException {
    Recorder engineWide = new Recorder();
    Recorder perRun = new Recorder();
    try (Engine engine = Engine.builder().listener(engineWide.listener).build()) {
      RunHandle<Object> run = engine.run(twoSteps(), 1L, perRun.options());
      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(4L);

      for (Recorder r : List.of(engineWide, perRun)) {
        assertThat(r.events.get(0)).isInstanceOf(RunEvent.RunStarted.class);
        assertThat(r.events.get(r.events.size() - 1))
            .isInstanceOfSatisfying(RunEvent.RunFinished.class, f -> assertThat(f.state()).isEqualTo(RunState.SUCCEEDED));
        assertThat(r.states("first")).containsExactly(NodeState.QUEUED, NodeState.RUNNING, NodeState.SUCCEEDED);
        assertThat(r.transitions("first")).extracting(RunEvent.NodeTransition::from)
            .containsExactly(NodeState.PENDING, NodeState.QUEUED, NodeState.RUNNING);
        int firstDone = r.events.indexOf(r.transitions("first").get(2));
        int secondQueued = r.events.indexOf(r.transitions("second").get(0));
        assertThat(firstDone).isLessThan(secondQueued);
        assertThat(r.events).allMatch(e -> e.runId().equals(run.runId()));
      }
    }
  }

  /**
   * Regression: a null input reached the first task body as a NullPointerException that named
   * neither the workflow nor its input. It is refused when the run starts; Void takes null.
   */
  @Test
  void nullWorkflowInputIsRefusedAtStart() throws TimeoutException {
    List<Object> bodiesRan = new CopyOnWriteArrayList<>();
    WorkflowSpec unboxes =
        Dag.named("unboxes")
            .call("plus-one", Dag.task("plus-one", 1, (a, c) -> {
              bodiesRan.add(a[0]);
              return (Long) a[0] + 1;
            }), Dag.INPUT)
            .returning("plus-one");
    WorkflowSpec none =
        Dag.named("none", Void.class).call("one", Dag.task("one", 0, (a, c) -> 1L)).returning("one");
    try (Engine engine = Engine.local()) {
      assertThatThrownBy(() -> engine.run(unboxes, null, RunOptions.DEFAULT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("workflow 'unboxes' takes Long but was given null. Fix: pass an input"
              + " (a workflow that needs none takes Void)");
      assertThat(bodiesRan).isEmpty();
      assertThat(engine.run(none, null, RunOptions.DEFAULT).await(Duration.ofSeconds(10))).isEqualTo(1L);
    }
  }

  @Test
  void aThrowingListenerDoesNotBreakTheRun() throws TimeoutException {
    RunListener rude = new RunListener() {
      @Override
      public void nodeTransition(RunEvent.NodeTransition event) {
        throw new IllegalStateException("listener bug");
      }
    };
    try (Engine engine = Engine.builder().listener(rude).build()) {
      assertThat(engine.run(twoSteps(), 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(10))).isEqualTo(4L);
    }
  }

  @Test
  void statusReportsEveryNodeWithAttemptsAndTimes() throws TimeoutException {
    try (Engine engine = Engine.local()) {
      RunHandle<Object> run =
          engine.run(twoSteps(), 1L, RunOptions.builder().label("team", "qoe").label("trigger", "manual").build());
      run.await(Duration.ofSeconds(10));

      RunStatus status = run.status();
      assertThat(status.labels()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("team", "qoe", "trigger", "manual"));
      assertThat(status.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(status.workflowName()).isEqualTo("two-steps");
      assertThat(status.ended()).isPresent();
      assertThat(status.nodes()).extracting(NodeStatus::path).containsExactly("first", "second");
      assertThat(status.nodes()).allSatisfy(n -> {
        assertThat(n.attempts()).isEqualTo(1);
        assertThat(n.started()).isPresent();
        assertThat(n.ended().orElseThrow()).isAfterOrEqualTo(n.started().orElseThrow());
      });
      assertThat(status.toTable()).contains("first", "second", "SUCCEEDED").startsWith("run " + run.runId());
      assertThat(run.runId()).matches("two-steps-[a-z2-7]{8}");
    }
  }

  /** Regression: the run table did not say which executor ran each node. */
  @Test
  void runTableShowsWhichExecutorRanEachNode() throws TimeoutException {
    TaskExecutor elsewhere = attempt -> CompletableFuture.completedFuture((Long) attempt.inputs()[0] * 10);
    WorkflowSpec spec =
        Dag.named("two-places")
            .call("here", Dag.task("here", 1, (a, c) -> (Long) a[0] + 1), Dag.INPUT)
            .call("there", Dag.task("there", 1, (a, c) -> 0L, b -> b.placement(new Placement("gpu-pool", null, Map.of(), List.of(), Map.of()))), "here")
            .returning("there");
    try (Engine engine = Engine.builder().executor("gpu-pool", elsewhere).build()) {
      RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);
      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(20L);
      RunStatus status = run.status();
      assertThat(status.node("here").orElseThrow().executor()).contains(Engine.LOCAL);
      assertThat(status.node("there").orElseThrow().executor()).contains("gpu-pool");
      List<String> lines = status.toTable().lines().toList();
      assertThat(lines.get(1)).matches("\\s+node\\s+kind\\s+state\\s+executor\\s+attempts\\s+ms\\s+error");
      assertThat(lines.get(2)).matches("\\s+here\\s+task\\s+SUCCEEDED\\s+local\\s+1\\s+\\d+\\s*");
      assertThat(lines.get(3)).matches("\\s+there\\s+task\\s+SUCCEEDED\\s+gpu-pool\\s+1\\s+\\d+\\s*");
    }
  }

  @Test
  void attemptsCarryDeterministicDnsSafeNames() throws TimeoutException {
    List<String> names = new CopyOnWriteArrayList<>();
    TaskExecutor recording = new TaskExecutor() {
      @Override
      public CompletableFuture<Object> start(Attempt attempt) {
        names.add(attempt.attemptName());
        return CompletableFuture.completedFuture(attempt.inputs()[0]);
      }
    };
    String longName = "a-really-long-node-name-that-goes-on-and-on-and-on-for-ever";
    TaskSpec remote =
        Dag.task("remote", 1, (a, c) -> 0L, b -> b.placement(new Placement("sim", null, Map.of(), List.of(), Map.of())));
    WorkflowSpec spec =
        Dag.named("Names_Are.Odd")
            .call("Step_One", remote, Dag.INPUT)
            .call(longName, remote, "Step_One")
            .returning(longName);
    try (Engine engine = Engine.builder().executor("sim", recording).build()) {
      RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);
      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(1L);

      assertThat(names).hasSize(2);
      // "Step_One" needed sanitizing, so its name carries 6 hex of its path's hash (nodes whose paths
      // sanitize alike, such as Step_One and step-one, must not share attempt folders and job names)
      assertThat(names.get(0)).matches(java.util.regex.Pattern.quote(run.runId()) + "-step-one-[0-9a-f]{6}-1");
      assertThat(names).allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?"));
      assertThat(names.get(1)).endsWith("-1").doesNotContain("for-ever");
    }
  }

  @Test
  void aWrongInputTypeIsRefusedBeforeTheRunStarts() {
    try (Engine engine = Engine.local()) {
      assertThatThrownBy(() -> engine.run(twoSteps(), "one", RunOptions.DEFAULT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("workflow 'two-steps' takes Long but was given a java.lang.String");
    }
  }

  @Test
  void aTaskAskingForAnUnknownExecutorIsRefusedWithTheFix() {
    TaskSpec onRay =
        Dag.task("train", 1, (a, c) -> 0L, b -> b.placement(new Placement("ray", null, Map.of(), List.of(), Map.of())));
    WorkflowSpec spec = Dag.named("needs-ray").call("train", onRay, Dag.INPUT).returning("train");
    try (Engine engine = Engine.local()) {
      assertThatThrownBy(() -> engine.run(spec, 1L, RunOptions.DEFAULT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("workflow 'needs-ray', node 'train': task 'train' asks for executor 'ray' but this engine"
              + " has only [local]. Fix: register it with Engine.builder().executor(\"ray\", ...)");
    }
  }

  @Test
  void aTaskCalledAtTwoNodesAskingForAnUnknownExecutorIsRefusedNamingBothNodes() {
    TaskSpec onRay =
        Dag.task("train", 1, (a, c) -> 0L, b -> b.placement(new Placement("ray", null, Map.of(), List.of(), Map.of())));
    TaskSpec inc = Dag.task("inc", 1, (a, c) -> (Long) a[0] + 1);
    WorkflowSpec spec =
        Dag.named("needs-ray")
            .call("first", onRay, Dag.INPUT)
            .call("between", inc, "first")
            .call("second", onRay, "between")
            .returning("second");
    try (Engine engine = Engine.local()) {
      assertThatThrownBy(() -> engine.run(spec, 1L, RunOptions.DEFAULT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("node 'first': task 'train' asks for executor 'ray'")
          .hasMessageContaining("node 'second': task 'train' asks for executor 'ray'");
    }
  }

  @Test
  void aFallbackExecutorRunsTasksNamingAnUnknownExecutorAndOnlyThose() throws TimeoutException {
    TaskSpec onRay =
        Dag.task("train", 1, (a, c) -> (Long) a[0] * 2, b -> b.placement(new Placement("ray", null, Map.of(), List.of(), Map.of())));
    TaskSpec onLocal = Dag.task("inc", 1, (a, c) -> (Long) a[0] + 1);
    WorkflowSpec spec =
        Dag.named("needs-ray").call("train", onRay, Dag.INPUT).call("inc", onLocal, "train").returning("inc");
    List<String> fallbackSaw = new CopyOnWriteArrayList<>();
    TaskExecutor standIn =
        attempt -> {
          fallbackSaw.add(attempt.nodePath());
          return CompletableFuture.completedFuture((Long) attempt.inputs()[0] * 10);
        };
    try (Engine engine = Engine.builder().executor("stand-in", standIn).fallbackExecutor("stand-in").build()) {
      assertThat(engine.run(spec, 4L, RunOptions.DEFAULT).await(Duration.ofSeconds(10))).isEqualTo(41L);
      assertThat(fallbackSaw).containsExactly("train");
    }
  }

  @Test
  void aFallbackExecutorMustBeRegistered() {
    assertThatThrownBy(() -> Engine.builder().fallbackExecutor("locl").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fallback executor 'locl' is not registered; registered: [local]. Fix: register it with"
            + " Engine.builder().executor(\"locl\", ...) or name one of those");
  }

  @Test
  void twoEnginesInOneJvmDoNotShareState() throws TimeoutException {
    try (Engine a = Engine.local(); Engine b = Engine.local()) {
      RunHandle<Object> ra = a.run(twoSteps(), 1L, RunOptions.DEFAULT);
      a.close();
      assertThat(b.run(twoSteps(), 2L, RunOptions.DEFAULT).await(Duration.ofSeconds(10))).isEqualTo(6L);
      assertThat(ra.isDone()).isTrue();
    }
  }

  @Test
  void aTaskReturningAnotherTypeThanItDeclaresFailsWhereItHappens() {
    TaskSpec liar =
        TaskSpec.builder("liar").input("in0", Long.class).output(Long.class).jvm((a, c) -> "forty-two").build();
    WorkflowSpec spec =
        Dag.named("types")
            .call("liar", liar, Dag.INPUT)
            .call("next", Dag.task("next", 1, (a, c) -> (Long) a[0] + 1), "liar")
            .returning("next");
    try (Engine engine = Engine.local()) {
      RunHandle<Object> run = engine.run(spec, 1L, RunOptions.DEFAULT);

      assertThatThrownBy(() -> run.await(Duration.ofSeconds(10)))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("node 'liar' failed")
          .hasMessageContaining("task 'liar' returned a java.lang.String but declares Long");
      assertThat(run.status().node("next").orElseThrow().state()).isEqualTo(NodeState.CANCELLED);
    }
  }
}
