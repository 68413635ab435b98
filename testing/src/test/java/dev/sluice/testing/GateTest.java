package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.assertThatThrownBy;
import static dev.sluice.testing.SluiceAssertions.assertWaitingAt;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.SignalOutcome;
import dev.sluice.core.engine.SignalRefusedException;
import dev.sluice.core.engine.WaitingGate;
import dev.sluice.core.model.Approval;
import dev.sluice.dsl.Gate;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Gates on a test clock: sleeps, signals, validators, timeouts and approvals, without waiting. */
@SluiceTest(virtualTime = true)
class GateTest {
  /** A partner's file, the payload of a signal. */
  record FileReady(String uri, long rows) {}

  static final AtomicInteger deployed = new AtomicInteger();

  static final Task1<Integer, Integer> train = Task.named("train").of(x -> x * 10);
  static final Task2<Integer, Approval, String> deploy =
      Task.named("deploy").of((model, a) -> a.approved() ? "deployed " + model + " (" + a.by() + ")" : "kept champion");
  static final Task1<FileReady, Long> load = Task.named("load").of(FileReady::rows);
  static final Task1<Instant, String> promote = Task.named("promote").of(at -> "promoted at " + at);

  static final Gate<Approval> APPROVE =
      Gate.approval("approve").timeout(Duration.ofHours(4), Approval.reject("sluice", "no decision in time"));

  static final Workflow<Integer, String> RETRAIN =
      Workflow.named("retrain-gated", Integer.class, (wf, n) -> {
        Value<Integer> model = wf.call(train, n);
        Value<Approval> decision = wf.await(APPROVE, model);
        return wf.call(deploy, model, decision);
      });

  static final Workflow<Integer, String> ROLLOUT =
      Workflow.named("rollout", Integer.class, (wf, n) -> wf.call(promote, wf.sleep(Duration.ofHours(1), wf.call(train, n))));

  static final Workflow<Integer, Long> PARTNER =
      Workflow.named("partner-file", Integer.class, (wf, n) -> wf.call(load, wf.await(
          Gate.signal("file", FileReady.class)
              .validator(f -> f.rows() > 0 ? Optional.empty() : Optional.of("the file is empty (rows = " + f.rows() + ")"))
              .timeout(Duration.ofHours(2)),
          wf.call(train, n))));

  @Test
  void anApprovalSignalledByApiLetsTheRunContinueWithItsPayload(Engine engine) {
    RunHandle<String> run = engine.run(RETRAIN, 4);
    assertWaitingAt(run, "approve").node("train").succeeded();
    List<WaitingGate> waiting = engine.waitingGates(run.runId());
    assertThat(waiting).singleElement().satisfies(g -> {
      assertThat(g.path()).isEqualTo("approve");
      assertThat(g.signal()).contains("approve");
      assertThat(g.deadline()).contains(TestClock.DEFAULT_START.plus(Duration.ofHours(4)));
    });
    assertThat(run.status().toTable()).contains("WAITING").contains("approval 'approve' (Approval) until 2025-01-01T04:00:00Z");

    SignalOutcome outcome = engine.signal(run.runId(), "approve", Approval.approve("ada", "beats champion"), "sig-1");

    assertThat(outcome).isEqualTo(SignalOutcome.APPLIED);
    assertThat(run).succeeded().hasOutput("deployed 40 (ada)");
    assertThat(run).events().filteredOn(e -> e instanceof RunEvent.SignalReceived).hasSize(1);
    assertThat(run).events().filteredOn(e -> e instanceof RunEvent.GateWaiting).hasSize(1);
  }

  @Test
  void anApprovalTimeoutContinuesWithItsDefaultOnVirtualTime(Engine engine, TestClock clock) {
    RunHandle<String> run = engine.run(RETRAIN, 4);
    assertWaitingAt(run, "approve");
    clock.advance(Duration.ofHours(4).minusMillis(1));
    assertWaitingAt(run, "approve");

    clock.advance(Duration.ofMillis(1));

    assertThat(run).succeeded().hasOutput("kept champion");
    assertThat(run).events().filteredOn(e -> e instanceof RunEvent.GateTimedOut t && !t.failed()).hasSize(1);
  }

  @Test
  void aSleepEndsWhenTheClockPassesItsDeadline(Engine engine, TestClock clock) {
    RunHandle<String> run = engine.run(ROLLOUT, 1);
    assertWaitingAt(run, "sleep");
    clock.advance(Duration.ofMinutes(59));
    assertWaitingAt(run, "sleep");

    clock.advance(Duration.ofMinutes(1));

    assertThat(run).succeeded().hasOutput("promoted at " + TestClock.DEFAULT_START.plus(Duration.ofHours(1)));
  }

  @Test
  void aSleepTakesNoSignal(Engine engine) {
    RunHandle<String> run = engine.run(ROLLOUT, 1);
    assertWaitingAt(run, "sleep");
    assertThatThrownBy(() -> engine.signal(run.runId(), "sleep", "now", "s-1"))
        .isInstanceOf(SignalRefusedException.class).hasMessageContaining("takes no signal");
    run.cancel();
  }

  @Test
  void aValidatorRefusalIsReportedAtOnceAndChangesNothing(Engine engine) {
    RunHandle<Long> run = engine.run(PARTNER, 1);
    assertWaitingAt(run, "file");

    assertThatThrownBy(() -> engine.signal(run.runId(), "file", new FileReady("s3://in/a.csv", 0), "f-1"))
        .isInstanceOf(SignalRefusedException.class)
        .hasMessageContaining("refused by its validator: the file is empty (rows = 0)");
    assertWaitingAt(run, "file");

    assertThat(engine.signal(run.runId(), "file", new FileReady("s3://in/a.csv", 12), "f-2"))
        .isEqualTo(SignalOutcome.APPLIED);
    assertThat(run).succeeded().hasOutput(12L);
  }

  @Test
  void aSignalOfTheWrongTypeIsRefused(Engine engine) {
    RunHandle<Long> run = engine.run(PARTNER, 1);
    assertWaitingAt(run, "file");
    assertThatThrownBy(() -> engine.signal(run.runId(), "file", "s3://in/a.csv", "f-1"))
        .isInstanceOf(SignalRefusedException.class)
        .hasMessageContaining("takes a FileReady, not a java.lang.String");
    assertWaitingAt(run, "file");
    run.cancel();
  }

  @Test
  void aSignalTimeoutWithoutDefaultFailsTheNode(Engine engine, TestClock clock) {
    RunHandle<Long> run = engine.run(PARTNER, 1);
    assertWaitingAt(run, "file");
    clock.advance(Duration.ofHours(2));
    assertThat(run).failed().node("file").failed();
    assertThat(run).errorMessageContains("got no signal 'file' by 2025-01-01T02:00:00Z");
  }

  @Test
  void theSameSignalTwiceIsAppliedOnce(Engine engine) {
    RunHandle<String> run = engine.run(RETRAIN, 2);
    assertWaitingAt(run, "approve");
    assertThat(engine.signal(run.runId(), "approve", Approval.approve("ada", ""), "dup")).isEqualTo(SignalOutcome.APPLIED);
    assertThat(run).succeeded().hasOutput("deployed 20 (ada)");
    assertThat(run).events().filteredOn(e -> e instanceof RunEvent.SignalReceived).hasSize(1);
    assertThat(engine.signal(run.runId(), "approve", Approval.approve("ada", ""), "dup"))
        .as("a retry after the run ended").isEqualTo(SignalOutcome.DUPLICATE);
  }

  @Test
  void aSignalToAFinishedRunOrAnUnknownGateIsRefused(Engine engine) {
    RunHandle<String> run = engine.run(RETRAIN, 2);
    assertWaitingAt(run, "approve");
    assertThatThrownBy(() -> engine.signal(run.runId(), "nope", Approval.approve("ada", ""), "x-1"))
        .isInstanceOf(SignalRefusedException.class).hasMessageContaining("has no gate 'nope' waiting; waiting: [approve");
    engine.signal(run.runId(), "approve", Approval.approve("ada", ""), "x-2");
    assertThat(run).succeeded();
    assertThatThrownBy(() -> engine.signal(run.runId(), "approve", Approval.approve("ada", ""), "x-3"))
        .isInstanceOf(SignalRefusedException.class).hasMessageContaining("runs no run '" + run.runId() + "'");
  }

  @Test
  void aRejectionCanFailTheRun(Engine engine) {
    Workflow<Integer, String> strict = Workflow.named("retrain-strict", Integer.class, (wf, n) -> {
      Value<Integer> model = wf.call(train, n);
      return wf.call(deploy, model, wf.await(Gate.approval("approve").failOnReject(), model));
    });
    RunHandle<String> run = engine.run(strict, 3);
    assertWaitingAt(run, "approve");
    engine.signal(run.runId(), "approve", Approval.reject("bob", "worse on night traffic"), "r-1");
    assertThat(run).failed().errorMessageContains("rejected by bob: worse on night traffic");
    assertThat(run).node("deploy").wasCancelled();
  }

  @Test
  void cancellingAWaitingRunEndsItsGate(Engine engine, TestClock clock) {
    RunHandle<String> run = engine.run(RETRAIN, 2);
    assertWaitingAt(run, "approve");
    run.cancel();
    assertThat(run).wasCancelled().node("approve").wasCancelled();
    assertThat(clock.pendingTasks()).isZero(); // the gate's timer is gone: nothing leaks
  }

  @Test
  void aGateInASubWorkflowAndADynamicMapOfApprovals(Engine engine) {
    Workflow<Integer, String> review = Workflow.named("review", Integer.class, (wf, n) ->
        wf.call(deploy, wf.call(train, n), wf.await(Gate.approval("approve"), wf.call(train, n))));
    Workflow<List<Integer>, List<String>> all = Workflow.named("review-all", (Class<List<Integer>>) (Class<?>) List.class,
        (wf, models) -> wf.dynamic("each", (Class<List<String>>) (Class<?>) List.class, models, (sub, list) -> {
          List<Value<String>> out = new ArrayList<>();
          for (int i = 0; i < list.size(); i++) {
            out.add(sub.call(review, sub.literal((Integer) list.get(i))).named("review-" + i));
          }
          return sub.call(Task.named("collect").of((String a, String b) -> List.of(a, b)), out.get(0), out.get(1));
        }));
    RunHandle<List<String>> run = engine.run(all, List.of(1, 2));
    assertWaitingAt(run, "each/review-0/approve");
    assertWaitingAt(run, "each/review-1/approve");
    assertThatThrownBy(() -> engine.signal(run.runId(), "approve", Approval.approve("ada", ""), "m-0"))
        .isInstanceOf(SignalRefusedException.class).hasMessageContaining("2 waiting gates expect signal 'approve'");
    engine.signal(run.runId(), "each/review-0/approve", Approval.approve("ada", ""), "m-1");
    engine.signal(run.runId(), "each/review-1/approve", Approval.reject("bob", ""), "m-2");
    assertThat(run).succeeded().hasOutput(List.of("deployed 10 (ada)", "kept champion"));
  }
}
