package dev.sluice.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.ManualTime;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.engine.SignalOutcome;
import dev.sluice.core.engine.SignalRefusedException;
import dev.sluice.core.journal.RefusedSignal;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.model.Approval;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.SignalValidator;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals kept in the store reach the runs an engine holds through one poll per engine: N waiting
 * runs cost one store listing per interval, the interval backs off while nothing arrives, and a
 * stored signal the engine refuses is kept with its reason for its sender. Time is a {@link
 * ManualTime}: no sleeping.
 */
class SignalPollerTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final int RUNS = 100;

  @TempDir Path dir;
  ManualTime time;
  ArtifactStore store;
  final AtomicInteger listings = new AtomicInteger();
  Engine engine;
  RunJournal journal;

  @BeforeEach
  void setUp() {
    time = new ManualTime(T0);
    store = countingListings(ArtifactStores.filesystem(dir.resolve("store")));
    var runs = RunStores.filesystem(dir.resolve("journal"));
    engine = Engine.builder().parallelism(2).store(store).runStore(runs).engineId("holder")
        .workDirectory(dir.resolve("work")).clock(time.clock).scheduler(repeatingTasksNeverDue(time)).build();
    journal = RunJournal.of(runs, store, time.clock);
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  /** train(x) = x + 1, then a gate waiting for signal "approve" (no timeout), then its payload. */
  static WorkflowSpec workflow(Optional<SignalValidator<Object>> validator) {
    TaskSpec train = TaskSpec.builder("train").input("x", Long.class).output(Long.class)
        .jvm((args, ctx) -> (Long) args[0] + 1).build();
    GateSpec approve = new GateSpec.Signal("approve", Approval.class, validator, Optional.empty(),
        GateSpec.OnTimeout.FAIL, false);
    return WorkflowSpec.builder("polled", Long.class)
        .node(new TaskNode("train", train, List.of(Binding.INPUT)))
        .node(new GateNode("approve", approve, List.of(Binding.output("train"))))
        .output(Binding.output("approve"), Approval.class)
        .build();
  }

  @Test
  void nWaitingRunsCostOneStoreListingPerIntervalWhichBacksOffWhileIdle() {
    WorkflowSpec wf = workflow(Optional.empty());
    List<RunHandle<Object>> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      runs.add(engine.run(wf, (long) i, RunOptions.DEFAULT));
    }
    for (RunHandle<Object> run : runs) {
      await("run " + run.runId() + " waits", () -> waiting(run));
    }
    SignalPoller poller = ((DefaultEngine) engine).signalPoller();
    long looks = poller.looks();
    int before = listings.get();

    // gates just started waiting: 2 s, 2 s; then idle: 4, 8, 16, 16 s between looks; one listing
    // each, whatever the number of runs
    long[] intervals = {2_000, 2_000, 4_000, 8_000, 16_000, 16_000};
    for (long interval : intervals) {
      assertThat(poller.interval()).isEqualTo(interval);
      time.advance(Duration.ofMillis(interval));
      long expected = ++looks;
      await("look " + expected, () -> poller.looks() == expected);
    }
    assertThat(listings.get() - before).as("store listings for %d waiting runs over 6 looks", RUNS)
        .isEqualTo(intervals.length);

    // a signal kept in the store by another process: found at the next look, applied once
    RunHandle<Object> seventh = runs.get(7);
    assertThat(journal.signal(seventh.runId(), "approve", Approval.approve("ops", "via the store"), "store-1"))
        .isEqualTo(SignalOutcome.STORED);
    time.advance(Duration.ofMillis(poller.interval()));
    assertThat(seventh.await()).isEqualTo(Approval.approve("ops", "via the store"));
    long afterSignal = ++looks;
    await("the look that found it", () -> poller.looks() == afterSignal);
    assertThat(poller.interval()).as("a signal found: back to the shortest interval").isEqualTo(2_000);
    assertThat(listings.get() - before).isEqualTo(intervals.length + 1);
    assertThat(runs).filteredOn(r -> !r.isDone()).hasSize(RUNS - 1);
  }

  @Test
  void aStoredSignalTheValidatorRefusesIsKeptWithItsReasonForTheSender() {
    WorkflowSpec wf = workflow(Optional.of(p -> ((Approval) p).by().isBlank()
        ? Optional.of("an approval names who decided") : Optional.empty()));
    RunHandle<Object> run = engine.run(wf, 1L, RunOptions.DEFAULT);
    await("the gate waits", () -> waiting(run));
    SignalPoller poller = ((DefaultEngine) engine).signalPoller();

    assertThat(journal.signal(run.runId(), "approve", Approval.approve(" ", "anonymous"), "bad-1"))
        .as("the sender's process cannot run the validator").isEqualTo(SignalOutcome.STORED);
    long looks = poller.looks();
    time.advance(Duration.ofSeconds(2));
    await("the look", () -> poller.looks() == looks + 1);
    await("the refusal is stored", () -> !journal.refusedSignals(run.runId()).isEmpty());

    List<RefusedSignal> refused = journal.refusedSignals(run.runId());
    assertThat(refused).singleElement().satisfies(r -> {
      assertThat(r.signalId()).isEqualTo("bad-1");
      assertThat(r.gate()).isEqualTo("approve");
      assertThat(r.reason()).contains("refused by its validator: an approval names who decided");
      assertThat(r.payloadJson()).contains("anonymous");
    });
    assertThat(store.listAll("signals/" + run.runId() + "/").findAny()).as("not pending any more").isEmpty();
    assertThat(run.isDone()).isFalse();
    assertThat(run.status().node("approve").orElseThrow().state()).isEqualTo(NodeState.WAITING);
    assertThatThrownBy(() -> journal.signal(run.runId(), "approve", Approval.approve(" ", "again"), "bad-1"))
        .isInstanceOf(SignalRefusedException.class)
        .hasMessageContaining("signal bad-1").hasMessageContaining("an approval names who decided")
        .hasMessageContaining("new id");

    assertThat(journal.signal(run.runId(), "approve", Approval.approve("ada", "named"), "good-1"))
        .isEqualTo(SignalOutcome.STORED);
    time.advance(Duration.ofSeconds(2));
    assertThat(run.await()).isEqualTo(Approval.approve("ada", "named"));
  }

  @Test
  void aStoredSignalForAGateThatEndedFirstIsRefusedNotDropped() {
    RunHandle<Object> run = engine.run(workflow(Optional.empty()), 1L, RunOptions.DEFAULT);
    await("the gate waits", () -> waiting(run));
    assertThat(journal.signal(run.runId(), "approve", Approval.reject("bob", "late"), "late-1"))
        .isEqualTo(SignalOutcome.STORED);
    assertThat(engine.signal(run.runId(), "approve", Approval.approve("ada", "first"), "direct-1"))
        .isEqualTo(SignalOutcome.APPLIED);
    assertThat(run.await()).isEqualTo(Approval.approve("ada", "first"));

    time.advance(Duration.ofSeconds(2));
    await("the refusal is stored", () -> !journal.refusedSignals(run.runId()).isEmpty());
    assertThat(journal.refusedSignals(run.runId())).singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("ended"));
  }

  /** The gate waits, and the journal (which RunJournal.signal reads) says so. */
  private boolean waiting(RunHandle<?> run) {
    return run.status().node("approve").map(n -> n.state() == NodeState.WAITING).orElse(false)
        && !journal.waitingGates(run.runId()).isEmpty();
  }

  /** The store, counting each listing ({@code list} or {@code listAll}) made through it. */
  private ArtifactStore countingListings(ArtifactStore real) {
    return (ArtifactStore) Proxy.newProxyInstance(ArtifactStore.class.getClassLoader(),
        new Class<?>[] {ArtifactStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("list") || method.getName().equals("listAll")) {
            listings.incrementAndGet();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /**
   * {@code time} as the engine's scheduler; its repeating tasks (lease heartbeats) are parked far in
   * the future, as {@link ManualTime} runs one-shot tasks only and this test is about signals.
   */
  private static ScheduledExecutorService repeatingTasksNeverDue(ManualTime time) {
    return (ScheduledExecutorService) Proxy.newProxyInstance(ScheduledExecutorService.class.getClassLoader(),
        new Class<?>[] {ScheduledExecutorService.class}, (proxy, method, args) -> {
          if (method.getName().startsWith("scheduleWith") || method.getName().startsWith("scheduleAt")) {
            return time.schedule(() -> { }, 3650, TimeUnit.DAYS);
          }
          try {
            return method.invoke(time, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
