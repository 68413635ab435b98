package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * What the journaled-run tests share: one store and run store in a folder, engines over them, tasks
 * that count their calls, a gate tasks can wait on, and reading a run's journal.
 */
final class Journaled implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  final ArtifactStore store;
  final RunStore runs;
  private final Path dir;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  /** Released to let {@link #gated} tasks finish. */
  final CountDownLatch gate = new CountDownLatch(1);

  Journaled(Path dir) {
    this.dir = dir;
    this.store = ArtifactStores.filesystem(dir.resolve("store"));
    this.runs = RunStores.filesystem(dir.resolve("journal"));
  }

  int calls(String task) {
    return counter(task).get();
  }

  private AtomicInteger counter(String task) {
    return calls.computeIfAbsent(task, k -> new AtomicInteger());
  }

  /** {@code name}(inputs...) = the sum of its inputs + {@code add}; counts its calls. */
  TaskSpec adder(String name, int inputs, long add) {
    return adder(name, inputs, add, b -> b);
  }

  TaskSpec adder(String name, int inputs, long add, UnaryOperator<TaskSpec.Builder> options) {
    return Dag.task(name, inputs, (args, ctx) -> {
      counter(name).incrementAndGet();
      long sum = add;
      for (Object a : args) {
        sum += (Long) a;
      }
      return sum;
    }, options);
  }

  /** A task that counts its calls, waits for {@link #gate}, then returns its input + 100. */
  TaskSpec gated(String name) {
    return Dag.task(name, 1, (args, ctx) -> {
      counter(name).incrementAndGet();
      if (!gate.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never opened");
      }
      return (Long) args[0] + 100;
    });
  }

  /** An engine over this fixture's stores, named {@code id}; {@code options} adds the rest. */
  Engine engine(String id, UnaryOperator<Engine.Builder> options) {
    return options.apply(Engine.builder().parallelism(2).store(store).runStore(runs).engineId(id)
        .workDirectory(dir.resolve("work-" + id))).build();
  }

  /** The run's journal, folded; empty until its first append is stored. */
  Optional<RunHistory> history(String runId) {
    List<JournalRecord> records = runs.read(runId);
    return records.isEmpty() ? Optional.empty() : Optional.of(RunHistory.of(records));
  }

  /** Whether the journal shows node {@code path} of the run in {@code state}. */
  boolean journaled(String runId, String path, NodeState state) {
    return history(runId).flatMap(h -> h.node(path)).map(NodeHistory::state).orElse(null) == state;
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  @Override
  public void close() {
    gate.countDown();
  }
}
