package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ManualTime;
import dev.sluice.core.model.Admission;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Priorities and fairness: where attempts wait for an executor's one slot, the order they start in.
 * Deterministic: the engine's pool, timer and clock are one {@link ManualTime} driven by this thread,
 * and the executor starts nothing by itself.
 */
class AdmissionOrderTest {
  private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
  private final HeldExecutor slot = new HeldExecutor(1);
  private final Engine engine = Engine.builder().taskPool(time).scheduler(time).clock(time.clock)
      .executor("one", slot).defaultExecutor("one").build();

  @AfterEach
  void close() {
    engine.close();
  }

  static TaskSpec task(String name, UnaryOperator<TaskSpec.Builder> options) {
    return Dag.task(name, 1, (a, c) -> 0L, b -> options.apply(b.placement(
        new Placement("one", null, Map.of(), List.of(), Map.of()))));
  }

  /** A workflow of {@code n} independent calls of {@code task}, named n0, n1, ... */
  static WorkflowSpec fan(String name, int n, TaskSpec task) {
    Dag dag = Dag.named(name);
    for (int i = 0; i < n; i++) {
      dag.call("n" + i, task, Dag.INPUT);
    }
    return dag.returning("n0");
  }

  /** Starts a one-node run that takes the executor's slot, so that what follows queues. */
  private void occupyTheSlot() {
    engine.run(fan("blocker", 1, task("block", b -> b)), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ZERO);
    assertThat(slot.started()).containsExactly("blocker/n0");
  }

  /** Frees the slot, then finishes every attempt as it starts, until {@code count} more started. */
  private List<String> drain(int count) {
    int before = slot.started().size();
    slot.finish("blocker/n0", 0L);
    time.advance(Duration.ZERO);
    for (int i = 0; i < count; i++) {
      List<String> now = slot.started();
      assertThat(now).hasSizeGreaterThan(before + i);
      slot.finish(now.get(before + i), 0L);
      time.advance(Duration.ZERO);
    }
    return slot.started().subList(before, before + count);
  }

  @Test
  void aHigherPriorityRunStartsBeforeARunThatWaitedLonger() {
    occupyTheSlot();
    TaskSpec work = task("work", b -> b);
    engine.run(fan("low", 3, work), 0L, RunOptions.DEFAULT);
    engine.run(fan("high", 3, work), 0L, RunOptions.builder().priority(10).build());
    time.advance(Duration.ZERO);

    assertThat(drain(6)).containsExactly("high/n0", "high/n1", "high/n2", "low/n0", "low/n1", "low/n2");
  }

  @Test
  void runsOfOnePriorityTakeTurnsSoAHugeMapDoesNotStarveALaterRun() {
    occupyTheSlot();
    TaskSpec element = task("element", b -> b);
    WorkflowSpec huge = Dag.named("huge", List.class)
        .node(new MapNode("each", element, Binding.INPUT, 0, 1))
        .builder().output(Binding.output("each"), List.class).build();
    engine.run(huge, List.of(1L, 2L, 3L, 4L, 5L, 6L), RunOptions.DEFAULT);
    engine.run(fan("small", 2, element), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ZERO);

    // Before, the queue was one FIFO: small waited for all six elements.
    assertThat(drain(8)).containsExactly(
        "huge/each[0]", "small/n0", "huge/each[1]", "small/n1",
        "huge/each[2]", "huge/each[3]", "huge/each[4]", "huge/each[5]");
  }

  @Test
  void withinARunAHigherPriorityTaskGoesFirst() {
    occupyTheSlot();
    TaskSpec normal = task("normal", b -> b);
    TaskSpec urgent = task("urgent", b -> b.admission(Admission.builder().priority(5).build()));
    WorkflowSpec mixed = Dag.named("mixed")
        .call("a", normal, Dag.INPUT).call("b", normal, Dag.INPUT)
        .call("c", urgent, Dag.INPUT).call("d", normal, Dag.INPUT)
        .returning("a");
    engine.run(mixed, 0L, RunOptions.DEFAULT);
    time.advance(Duration.ZERO);

    assertThat(drain(4)).containsExactly("mixed/c", "mixed/a", "mixed/b", "mixed/d");
  }

  @Test
  void theRunsPriorityComesBeforeTheTasks() {
    occupyTheSlot();
    TaskSpec urgent = task("urgent", b -> b.admission(Admission.builder().priority(1000).build()));
    engine.run(fan("lowRun", 1, urgent), 0L, RunOptions.builder().priority(-1).build());
    engine.run(fan("normalRun", 1, task("plain", b -> b)), 0L, RunOptions.DEFAULT);
    time.advance(Duration.ZERO);

    assertThat(drain(2)).containsExactly("normalRun/n0", "lowRun/n0");
  }

  @Test
  void aPriorityOutOfRangeIsRefusedWithTheRange() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunOptions.builder().priority(5000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run priority must be between -1000 and 1000, got 5000");
  }
}
