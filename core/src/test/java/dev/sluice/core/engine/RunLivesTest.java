package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.model.Approval;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.Attempt;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run keeps across its lives besides its nodes: its deadline (journaled with its start, and
 * measured from it on resume) and what its listeners carry (a trace context); and the scope an
 * interceptor opens around a JVM body on the thread that runs it.
 */
class RunLivesTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  Journaled j;
  MutableClock clock;

  @BeforeEach
  void setUp() {
    j = new Journaled(dir);
    clock = new MutableClock(T0);
  }

  @AfterEach
  void tearDown() {
    j.close();
  }

  /** train, then a gate that waits for an approval with no timeout. */
  WorkflowSpec gated() {
    GateSpec approve = new GateSpec.Signal("approve", Approval.class, Optional.empty(), Optional.empty(),
        GateSpec.OnTimeout.FAIL, false);
    return Dag.named("lives")
        .call("train", j.adder("train", 1, 1), Dag.INPUT)
        .node(new GateNode("approve", approve, List.of(Dag.ref("train"))))
        .returning("approve", Approval.class);
  }

  String startAndStopWhileWaiting(WorkflowSpec wf, RunOptions options) {
    try (Engine first = j.engine("first", b -> b.workflow(wf).clock(clock))) {
      String runId = first.run(wf, 1L, options).runId();
      Journaled.await("the gate journaled WAITING", () -> j.journaled(runId, "approve", NodeState.WAITING));
      return runId;
    }
  }

  @Test
  void aResumedRunKeepsItsJournaledDeadlineMeasuredFromItsFirstStart() {
    WorkflowSpec wf = gated();
    String runId = startAndStopWhileWaiting(wf,
        RunOptions.builder().deadline(Deadline.cancelAfter(Duration.ofHours(1))).build());
    assertThat(j.history(runId).orElseThrow().start().deadline()).contains(Deadline.cancelAfter(Duration.ofHours(1)));
    clock.advance(Duration.ofHours(2)); // the deadline passed while no engine held the run

    List<RunEvent> events = new CopyOnWriteArrayList<>();
    try (Engine second = j.engine("second", b -> b.workflow(wf).clock(clock))) {
      RunHandle<Object> run = second.resume(runId, ResumeOptions.builder().listener(RunListener.of(events::add)).build());
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(20))).as("no deadline: it would wait for its approval")
          .isInstanceOf(RunFailedException.class);
      assertThat(run.status().state()).as("cancelled by the deadline its first life was given").isEqualTo(RunState.CANCELLED);
    }
    assertThat(events).filteredOn(e -> e instanceof RunEvent.RunLate).singleElement()
        .satisfies(e -> assertThat(((RunEvent.RunLate) e).deadline()).isEqualTo(Duration.ofHours(1)));
    assertThat(j.history(runId).orElseThrow().lastUpdate().orElseThrow().error().orElseThrow().type())
        .isEqualTo("DeadlineExceeded");
  }

  @Test
  void whatListenersCarryIsJournaledOnceAndHandedToTheResumedRun() {
    WorkflowSpec wf = gated();
    RunListener tracer = new RunListener() {
      @Override
      public Map<String, String> carried(RunEvent.RunStarted event) {
        return Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      }
    };
    List<RunEvent> firstLife = new CopyOnWriteArrayList<>();
    String runId = startAndStopWhileWaiting(wf, RunOptions.builder().listener(tracer)
        .listener(RunListener.of(firstLife::add)).build());
    assertThat(firstLife).filteredOn(e -> e instanceof RunEvent.RunStarted).singleElement()
        .satisfies(e -> assertThat(((RunEvent.RunStarted) e).carried()).as("a new run carries nothing in").isEmpty());

    List<RunEvent> events = new CopyOnWriteArrayList<>();
    try (Engine second = j.engine("second", b -> b.workflow(wf).clock(clock))) {
      RunHandle<Object> run = second.resume(runId, ResumeOptions.builder().listener(tracer)
          .listener(RunListener.of(events::add)).build());
      Journaled.await("the resumed gate waits", () -> !second.waitingGates(runId).isEmpty());
      second.signal(runId, "approve", Approval.approve("ada", "ok"), "sig-1");
      assertThat(((Approval) run.await()).approved()).isTrue();
    }
    assertThat(events).filteredOn(e -> e instanceof RunEvent.RunStarted).singleElement()
        .satisfies(e -> assertThat(((RunEvent.RunStarted) e).carried())
            .containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
    RunHistory history = j.history(runId).orElseThrow();
    assertThat(history.carried()).containsOnlyKeys("traceparent");
    assertThat(history.records()).as("the resumed life keeps the first life's values").filteredOn(
        r -> r instanceof JournalRecord.RunCarried).hasSize(1);
  }

  @Test
  void bodyScopesAreOpenOnTheThreadThatRunsTheJvmBodyInsideOut() throws Exception {
    ThreadLocal<String> current = new ThreadLocal<>();
    List<String> log = new CopyOnWriteArrayList<>();
    TaskSpec read = TaskSpec.builder("read").input("x", Long.class).output(String.class)
        .jvm((args, ctx) -> {
          log.add("body sees " + current.get());
          return current.get();
        })
        .build();
    WorkflowSpec spec = Dag.named("scoped").call("a", read, Dag.INPUT).returning("a", String.class);
    try (Engine engine = Engine.builder()
        .interceptor((attempt, next) -> next.proceed(attempt.withBodyScope(() -> scope(current, "outer", log))))
        .interceptor((attempt, next) -> next.proceed(
            attempt.withBodyScope(() -> scope(current, current.get() + "/inner", log))))
        .build()) {
      assertThat(engine.run(spec, 1L, RunOptions.DEFAULT).await(Duration.ofSeconds(10))).isEqualTo("outer/inner");
    }
    assertThat(log).containsExactly("open outer", "open outer/inner", "body sees outer/inner", "close outer/inner",
        "close outer");
    assertThat(current.get()).as("nothing left on the test thread").isNull();
  }

  private static Attempt.BodyScope scope(ThreadLocal<String> current, String value, List<String> log) {
    String before = current.get();
    current.set(value);
    log.add("open " + value);
    return () -> {
      log.add("close " + value);
      current.set(before);
    };
  }
}
