package dev.sluice.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.TaskCatalog;
import dev.sluice.core.model.WorkflowValidationException;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A task is its name and its body: two bodies under one name never share a cache entry. */
class TaskIdentityTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The two definitions: one name, one cache version, two bodies. */
  static final Task1<Integer, Integer> TIMES_TWO = Task.named("w").cache("1").of(x -> x * 2);

  static final Task1<Integer, Integer> PLUS_HUNDRED = Task.named("w").cache("1").of(x -> x + 100);

  /** A task made by a factory: the captured factor is part of its body's identity. */
  static Task1<Integer, Integer> scale(int factor) {
    return Task.named("scale").of(x -> x * factor);
  }

  /**
   * Regression: the second workflow, on the same store, got 10 for input 5 from the first body's
   * entry, served as CACHED. The body's code is in the cache key now.
   */
  @Test
  void twoTasksWithOneNameAndDifferentBodiesDoNotShareCacheEntries() throws Exception {
    Workflow<Integer, Integer> first = Workflow.named("first", Integer.class, (wf, x) -> wf.call(TIMES_TWO, x));
    Workflow<Integer, Integer> second = Workflow.named("second", Integer.class, (wf, x) -> wf.call(PLUS_HUNDRED, x));
    ArtifactStore store = ArtifactStores.inMemory();
    try (Engine one = Engine.builder().store(store).build();
        Engine other = Engine.builder().store(store).build()) {
      assertThat(one.run(first, 5).await(WAIT)).isEqualTo(10);
      RunHandle<Integer> run = other.run(second, 5);
      assertThat(run.await(WAIT)).isEqualTo(105);
      assertThat(run.status().node("w").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
      RunHandle<Integer> again = other.run(second, 5);
      assertThat(again.await(WAIT)).isEqualTo(105);
      assertThat(again.status().node("w").orElseThrow().state()).isEqualTo(NodeState.CACHED);
    }
  }

  @Test
  void twoBodiesUnderOneNameInOneWorkflowAreRefusedNamingBoth() {
    assertThatThrownBy(
            () ->
                Workflow.named("both", Integer.class, (wf, x) -> wf.call(PLUS_HUNDRED, wf.call(TIMES_TWO, x).named("a")))
                    .spec())
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("workflow 'both': two different tasks are named 'w': workflow 'both', node 'a' calls"
            + " dev.sluice.dsl.TaskIdentityTest::lambda$static$")
        .hasMessageContaining("and workflow 'both', node 'w-2' calls dev.sluice.dsl.TaskIdentityTest::lambda$static$")
        .hasMessageContaining("(sha256:")
        .hasMessageContaining("Fix: give each task its own name (Task.named(...))");
  }

  @Test
  void twoBodiesUnderOneNameInOneEngineAreRefusedNamingBoth() throws Exception {
    Workflow<Integer, Integer> first = Workflow.named("first", Integer.class, (wf, x) -> wf.call(TIMES_TWO, x));
    Workflow<Integer, Integer> second = Workflow.named("second", Integer.class, (wf, x) -> wf.call(PLUS_HUNDRED, x));
    try (Engine engine = Engine.local()) {
      assertThat(engine.run(first, 5).await(WAIT)).isEqualTo(10);
      assertThatThrownBy(() -> engine.run(second, 5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("workflow 'second' cannot run on this engine, which already ran another task of"
              + " the same name: two different tasks are named 'w': workflow 'first', node 'w' calls")
          .hasMessageContaining("and workflow 'second', node 'w' calls");
      // A copy with other options is the same task.
      Task1<Integer, Integer> patient = TIMES_TWO.with(b -> b.timeout(Duration.ofMinutes(1)));
      assertThat(engine.run(Workflow.named("third", Integer.class, (wf, x) -> wf.call(patient, x)), 6).await(WAIT))
          .isEqualTo(12);
    }
  }

  @Test
  void aTaskCatalogRefusesTwoBodiesUnderOneName() {
    assertThatThrownBy(() -> TaskCatalog.of(TIMES_TWO.spec(), PLUS_HUNDRED.spec()))
        .hasMessageStartingWith("a task catalog needs one body per task name: two different tasks are named 'w':"
            + " task #1 of the list calls dev.sluice.dsl.TaskIdentityTest::lambda$static$");
    assertThat(TaskCatalog.of(TIMES_TWO.spec(), TIMES_TWO.with(b -> b.maxConcurrency(2)).spec()).names())
        .containsExactly("w");
  }

  @Test
  void theIdentityIsTheCodeAndTheCapturedValuesNotTheDefinitionSite() {
    Task1<Integer, Integer> again = Task.named("w").cache("1").of(x -> x * 2); // same code, other lambda
    assertThat(again.spec().body().id().code()).isEqualTo(TIMES_TWO.spec().body().id().code());
    assertThat(again.spec().body().id().origin()).isNotEqualTo(TIMES_TWO.spec().body().id().origin());
    assertThat(PLUS_HUNDRED.spec().body().id().code()).isNotEqualTo(TIMES_TWO.spec().body().id().code());
    assertThat(scale(2).spec().body().id().code())
        .isEqualTo(scale(2).spec().body().id().code())
        .isNotEqualTo(scale(3).spec().body().id().code());
    // A captured counter is state, not a value: its count is not part of the identity.
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    String before = counting(calls).spec().body().id().code();
    calls.set(41);
    assertThat(counting(calls).spec().body().id().code()).isEqualTo(before);
  }

  private static Task1<Integer, Integer> counting(java.util.concurrent.atomic.AtomicInteger calls) {
    return Task.named("counting").of(x -> x + calls.incrementAndGet());
  }

  @Test
  void aDeclaredBodyIdReplacesTheDerivedOne() {
    Task1<Integer, Integer> a = Task.named("w").bodyId("double-v1").of(x -> x * 2);
    Task1<Integer, Integer> b = Task.named("w").bodyId("double-v1").of(x -> x + x);
    assertThat(a.spec().body().id().code()).isEqualTo("declared:double-v1").isEqualTo(b.spec().body().id().code());
    assertThat(TIMES_TWO.with(o -> o.bodyId("double-v2")).spec().body().id().code()).isEqualTo("declared:double-v2");
    assertThatThrownBy(() -> Task.named("w").bodyId("no spaces").of(x -> x))
        .hasMessageContaining("body id 'no spaces' is not valid");
    assertThatThrownBy(() -> Task.named("py").bodyId("x").command("python3", "x.py").of(Integer.class, Integer.class))
        .hasMessageStartingWith("task 'py': bodyId(...) names a JVM task's body");
  }

  /** The codes, hence the cache keys, are the same in a JVM that did not compute them first. */
  @Test
  void bodyIdsAreTheSameInAnotherJvm() throws Exception {
    List<String> here = BodyIdChild.tasks().stream().map(t -> t.spec().body().id().code()).toList();
    assertThat(here).doesNotHaveDuplicates().allMatch(c -> c.matches("sha256:[0-9a-f]{64}"));
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                BodyIdChild.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.lines().toList()).isEqualTo(here);
  }
}
