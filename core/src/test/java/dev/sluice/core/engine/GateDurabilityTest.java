package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.model.Approval;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A waiting gate survives its engine: the journal keeps its deadline, a signal sent while no
 * engine holds the run waits in the store, and whichever engine resumes the run keeps the original
 * deadline (or fires at once when it passed) and applies that signal once.
 */
class GateDurabilityTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  Journaled j;
  MutableClock clock;
  final AtomicInteger deploys = new AtomicInteger();

  @BeforeEach
  void setUp() {
    j = new Journaled(dir);
    clock = new MutableClock(T0);
  }

  @AfterEach
  void tearDown() {
    j.close();
  }

  WorkflowSpec workflow() {
    return workflow("1");
  }

  WorkflowSpec workflow(String version) {
    TaskSpec deploy = TaskSpec.builder("deploy").input("model", Long.class).input("decision", Approval.class)
        .output(Long.class)
        .jvm((args, ctx) -> {
          deploys.incrementAndGet();
          return ((Approval) args[1]).approved() ? (Long) args[0] + 1000 : (Long) args[0];
        })
        .build();
    GateSpec approve = new GateSpec.Signal("approve", Approval.class, Optional.empty(), Optional.of(Duration.ofHours(1)),
        GateSpec.OnTimeout.use(Approval.reject("sluice", "no decision in time")), false);
    return Dag.named("gated")
        .call("train", j.adder("train", 1, 1), Dag.INPUT)
        .node(new GateNode("approve", approve, List.of(Dag.ref("train"))))
        .node(new dev.sluice.core.model.TaskNode("deploy", deploy,
            List.of(Dag.ref("train"), Dag.ref("approve"))))
        .builder().version(version).output(Dag.ref("deploy"), Long.class).build();
  }

  /** Starts a run, waits until its gate is journaled WAITING, then closes the engine. */
  String startAndStopWhileWaiting(WorkflowSpec wf) {
    String runId;
    try (Engine first = j.engine("first", b -> b.workflow(wf).clock(clock))) {
      runId = first.run(wf, 1L, RunOptions.DEFAULT).runId();
      String id = runId;
      Journaled.await("the gate journaled WAITING", () -> j.journaled(id, "approve", NodeState.WAITING));
    }
    return runId;
  }

  @Test
  void aResumedGateKeepsItsJournaledDeadlineAndAppliesASignalSentMeanwhileOnce() {
    WorkflowSpec wf = workflow();
    String runId = startAndStopWhileWaiting(wf);
    clock.advance(Duration.ofMinutes(30));

    RunJournal journal = RunJournal.of(j.runs, j.store, clock);
    assertThat(journal.waitingGates(runId)).singleElement()
        .satisfies(g -> assertThat(g.deadline()).contains(T0.plus(Duration.ofHours(1))));
    assertThat(journal.signal(runId, "approve", Approval.approve("ada", "beats champion"), "sig-1"))
        .isEqualTo(SignalOutcome.STORED);
    assertThat(journal.signal(runId, "approve", Approval.reject("bob", "late duplicate"), "sig-1"))
        .isEqualTo(SignalOutcome.DUPLICATE);

    List<RunEvent> events = new CopyOnWriteArrayList<>();
    try (Engine second = j.engine("second", b -> b.workflow(wf).clock(clock))) {
      RunHandle<Object> run = second.resume(runId, ResumeOptions.builder().listener(RunListener.of(events::add)).build());
      assertThat(run.await()).isEqualTo(1002L);
    }

    assertThat(j.calls("train")).isEqualTo(1);
    assertThat(deploys).hasValue(1);
    RunHistory history = j.history(runId).orElseThrow();
    assertThat(history.signals()).singleElement().satisfies(s -> {
      assertThat(s.signalId()).isEqualTo("sig-1");
      assertThat(s.payloadJson()).contains("\"by\":\"ada\"");
    });
    assertThat(history.records().stream().filter(r -> r instanceof JournalRecord.GateWaiting)
        .map(r -> ((JournalRecord.GateWaiting) r).deadline().orElseThrow()))
        .as("every life of the gate waits for the first deadline").hasSize(2).containsOnly(T0.plus(Duration.ofHours(1)));
    assertThat(events).filteredOn(e -> e instanceof RunEvent.SignalReceived).hasSize(1);
    Journaled.await("the applied signal is taken out of the store",
        () -> j.store.listAll("signals/" + runId + "/").findAny().isEmpty());
    assertThat(journal.signal(runId, "approve", Approval.approve("ada", ""), "sig-1"))
        .as("sent again after the run ended").isEqualTo(SignalOutcome.DUPLICATE);
  }

  @Test
  void aDeadlineThatPassedWhileNoEngineRanFiresAtOnceOnResume() {
    WorkflowSpec wf = workflow();
    String runId = startAndStopWhileWaiting(wf);
    clock.advance(Duration.ofHours(2));

    List<RunEvent> events = new CopyOnWriteArrayList<>();
    try (Engine second = j.engine("second", b -> b.workflow(wf).clock(clock))) {
      RunHandle<Object> run = second.resume(runId, ResumeOptions.builder().listener(RunListener.of(events::add)).build());
      assertThat(run.await()).as("the timeout default: keep the model as is").isEqualTo(2L);
    }
    assertThat(events).filteredOn(e -> e instanceof RunEvent.GateTimedOut).hasSize(1);
  }

  @Test
  void aSignalSentThroughTheJournalReachesTheEngineThatHoldsTheRun() {
    WorkflowSpec wf = workflow();
    try (Engine engine = j.engine("holder", b -> b.workflow(wf).clock(clock))) {
      RunHandle<Object> run = engine.run(wf, 1L, RunOptions.DEFAULT);
      Journaled.await("the gate journaled WAITING", () -> j.journaled(run.runId(), "approve", NodeState.WAITING));
      RunJournal elsewhere = RunJournal.of(j.runs, j.store, clock);
      assertThat(elsewhere.signal(run.runId(), "approve", Approval.approve("ops", ""), "from-cli"))
          .isEqualTo(SignalOutcome.STORED);
      assertThat(run.await()).isEqualTo(1002L);
    }
  }

  @Test
  void aSignalThroughTheJournalIsRefusedForAGateThatDoesNotWaitOrTheWrongType() {
    WorkflowSpec wf = workflow();
    String runId = startAndStopWhileWaiting(wf);
    RunJournal journal = RunJournal.of(j.runs, j.store, clock);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> journal.signal(runId, "approve", "yes", "s-1"))
        .isInstanceOf(SignalRefusedException.class).hasMessageContaining("takes a dev.sluice.core.model.Approval");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> journal.signal(runId, "train", Approval.approve("a", ""), "s-2"))
        .isInstanceOf(SignalRefusedException.class).hasMessageContaining("has no gate 'train' waiting");
    assertThat(j.store.listAll("signals/" + runId + "/").findAny()).isEmpty();
  }

  @Test
  void aMapOfApprovalsResumesWithEachElementWhereItWas() {
    GateSpec review = new GateSpec.Signal("review", Approval.class, Optional.empty(), Optional.of(Duration.ofHours(8)),
        GateSpec.OnTimeout.use(Approval.reject("sluice", "no decision")), false);
    TaskSpec count = TaskSpec.builder("count").input("decisions", dev.sluice.core.model.Types.listOf(Approval.class))
        .output(Long.class)
        .jvm((args, ctx) -> ((List<?>) args[0]).stream().filter(a -> ((Approval) a).approved()).count())
        .build();
    WorkflowSpec wf = Dag.named("reviews", dev.sluice.core.model.Types.listOf(String.class))
        .node(dev.sluice.core.model.MapNode.ofGate("reviews", review, Dag.ref(Dag.INPUT), 0, 1))
        .node(new dev.sluice.core.model.TaskNode("count", count, List.of(Dag.ref("reviews"))))
        .returning("count");
    String runId;
    try (Engine first = j.engine("first", b -> b.workflow(wf).clock(clock))) {
      runId = first.run(wf, List.of("a", "b", "c"), RunOptions.DEFAULT).runId();
      String id = runId;
      Journaled.await("three elements journaled WAITING", () -> j.journaled(id, "reviews[0]", NodeState.WAITING)
          && j.journaled(id, "reviews[1]", NodeState.WAITING) && j.journaled(id, "reviews[2]", NodeState.WAITING));
      assertThat(first.signal(runId, "reviews[0]", Approval.approve("ada", "a is fine"), "e-0"))
          .isEqualTo(SignalOutcome.APPLIED);
      Journaled.await("element 0 journaled", () -> j.journaled(id, "reviews[0]", NodeState.SUCCEEDED));
    } // the engine stops while elements 1 and 2 wait
    clock.advance(Duration.ofHours(1));
    RunJournal journal = RunJournal.of(j.runs, j.store, clock);
    assertThat(journal.waitingGates(runId)).extracting(g -> g.path()).containsExactly("reviews[1]", "reviews[2]");
    assertThat(journal.signal(runId, "reviews[1]", Approval.reject("bob", "b regresses"), "e-1"))
        .isEqualTo(SignalOutcome.STORED);

    try (Engine second = j.engine("second", b -> b.workflow(wf).clock(clock))) {
      RunHandle<Object> run = second.resume(runId, ResumeOptions.builder().build());
      Journaled.await("element 1 applied from the store", () -> run.status().node("reviews[1]")
          .map(n -> n.state() == NodeState.SUCCEEDED).orElse(false));
      assertThat(second.waitingGates(runId)).singleElement().satisfies(g -> {
        assertThat(g.path()).isEqualTo("reviews[2]");
        assertThat(g.deadline()).as("the first life's deadline").contains(T0.plus(Duration.ofHours(8)));
      });
      assertThat(second.signal(runId, "reviews[2]", Approval.approve("ada", "c is fine"), "e-2"))
          .isEqualTo(SignalOutcome.APPLIED);
      assertThat(run.await()).isEqualTo(2L);
    }
    RunHistory history = j.history(runId).orElseThrow();
    assertThat(history.signals()).extracting(JournalRecord.SignalReceived::signalId).containsExactly("e-0", "e-1", "e-2");
    assertThat(history.records().stream().filter(r -> r instanceof JournalRecord.GateWaiting g
        && g.node().equals("reviews[0]"))).as("element 0 ended in the first life: not waiting again").hasSize(1);
  }

  @Test
  void aGatedRunResumesOnItsJournaledSpecAndTakesItsSignal() {
    WorkflowSpec wf = workflow();
    String runId = startAndStopWhileWaiting(wf);
    WorkflowSpec changed = workflow("2"); // the code moved on; the run keeps its journaled DAG

    try (Engine second = j.engine("second", b -> b.workflow(changed).clock(clock))) {
      RunHandle<Object> run = second.resume(runId, ResumeOptions.builder().journaledSpec().build());
      Journaled.await("the gate read from JSON waits again", () -> run.status().node("approve")
          .map(n -> n.state() == NodeState.WAITING).orElse(false));
      assertThat(second.waitingGates(runId)).singleElement()
          .satisfies(g -> assertThat(g.deadline()).contains(T0.plus(Duration.ofHours(1))));
      assertThat(second.signal(runId, "approve", Approval.approve("ada", "from the journaled spec"), "js-1"))
          .isEqualTo(SignalOutcome.APPLIED);
      assertThat(run.await()).isEqualTo(1002L);
    }
  }

  @Test
  void aSignalStoredBeforeADeadlineThatPassedWhileNoEngineRanWinsOverTheTimeout() {
    WorkflowSpec wf = workflow();
    String runId = startAndStopWhileWaiting(wf);
    clock.advance(Duration.ofMinutes(30));
    assertThat(RunJournal.of(j.runs, j.store, clock).signal(runId, "approve", Approval.approve("ada", "in time"), "early"))
        .isEqualTo(SignalOutcome.STORED);
    clock.advance(Duration.ofHours(2)); // the deadline (1 h) passes while no engine holds the run

    try (Engine second = j.engine("second", b -> b.workflow(wf).clock(clock))) {
      assertThat(second.resume(runId).await()).as("approved, not the timeout's rejection").isEqualTo(1002L);
    }
    assertThat(j.history(runId).orElseThrow().signals()).extracting(JournalRecord.SignalReceived::signalId)
        .containsExactly("early");
  }
}
