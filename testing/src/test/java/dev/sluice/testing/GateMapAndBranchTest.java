package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.assertThatThrownBy;
import static dev.sluice.testing.SluiceAssertions.assertWaitingAt;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.SignalRefusedException;
import dev.sluice.core.model.Approval;
import dev.sluice.dsl.Gate;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A gate directly as a branch arm and as the body of {@code wf.map} (a map of approvals, one per
 * element), on a test clock.
 */
@SluiceTest(virtualTime = true)
class GateMapAndBranchTest {
  @SuppressWarnings("unchecked")
  static final Class<List<String>> STRINGS = (Class<List<String>>) (Class<?>) List.class;

  static final AtomicInteger alerts = new AtomicInteger();

  static final Task1<List<Approval>, String> tally = Task.named("tally").of(decisions -> {
    long approved = decisions.stream().filter(Objects::nonNull).filter(Approval::approved).count();
    long rejected = decisions.stream().filter(a -> a != null && !a.approved()).count();
    return approved + " approved, " + rejected + " rejected, " + decisions.stream().filter(Objects::isNull).count()
        + " failed";
  });
  static final Task1<Double, Double> score = Task.named("score").of(x -> x);
  static final Task1<Double, Approval> autoApprove = Task.named("auto-approve").of(x -> Approval.approve("sluice", "scored " + x));
  static final Task2<Double, Approval, String> decide =
      Task.named("decide").of((x, a) -> (a.approved() ? "promoted " : "kept champion over ") + x + " (" + a.by() + ")");

  /** A reviewer approves each candidate; the decisions are the map's output, rejections included. */
  static final Workflow<List<String>, String> REVIEW_ALL = Workflow.named("review-all", STRINGS, (wf, candidates) ->
      wf.call(tally, wf.map(Gate.approval("review").timeout(Duration.ofHours(8), Approval.reject("sluice", "no decision")),
          candidates).named("reviews")));

  /** A rejection fails its element; at least 60% must be approved. */
  static final Workflow<List<String>, String> REVIEW_STRICT = Workflow.named("review-strict", STRINGS, (wf, candidates) -> {
    wf.onFailure(Task.named("alert").of(f -> alerts.incrementAndGet()));
    return wf.call(tally, wf.map(Gate.approval("review").failOnReject(), candidates).named("reviews").minSuccessRatio(0.6));
  });

  /** A high score needs a person's approval; a low one is approved by a task. */
  static final Workflow<Double, String> GATED_BRANCH = Workflow.named("gated-branch", Double.class, (wf, x) -> {
    Value<Double> s = wf.call(score, x);
    Value<Approval> decision = wf.when(s, "score >= 0.9", v -> v >= 0.9)
        .then(Gate.approval("promote").timeout(Duration.ofHours(1), Approval.reject("sluice", "no decision in time")), s)
        .otherwise(autoApprove, s);
    return wf.call(decide, s, decision);
  });

  @Test
  void aMapOfApprovalsWaitsOnePerElementAndListsTheDecisions(Engine engine) {
    RunHandle<String> run = engine.run(REVIEW_ALL, List.of("model-a", "model-b", "model-c"));
    assertWaitingAt(run, "reviews[0]");
    assertWaitingAt(run, "reviews[1]");
    assertWaitingAt(run, "reviews[2]");
    assertThat(engine.waitingGates(run.runId())).extracting(g -> g.path() + ": " + g.expects()).containsExactly(
        "reviews[0]: approval 'review' (Approval) for item 0: model-a",
        "reviews[1]: approval 'review' (Approval) for item 1: model-b",
        "reviews[2]: approval 'review' (Approval) for item 2: model-c");
    assertThatThrownBy(() -> engine.signal(run.runId(), "review", Approval.approve("ada", ""), "s-0"))
        .isInstanceOf(SignalRefusedException.class).hasMessageContaining("3 waiting gates expect signal 'review'");

    engine.signal(run.runId(), "reviews[0]", Approval.approve("ada", "good"), "s-1");
    engine.signal(run.runId(), "reviews[2]", Approval.approve("ada", "good"), "s-2");
    assertWaitingAt(run, "reviews[1]");
    engine.signal(run.runId(), "reviews[1]", Approval.reject("bob", "worse at night"), "s-3");

    assertThat(run).succeeded().hasOutput("2 approved, 1 rejected, 0 failed");
    assertThat(run.status().node("reviews[1]").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
  }

  @Test
  void aMapOfApprovalsTimesOutPerElementOnVirtualTime(Engine engine, TestClock clock) {
    RunHandle<String> run = engine.run(REVIEW_ALL, List.of("model-a", "model-b", "model-c"));
    assertWaitingAt(run, "reviews[2]");
    engine.signal(run.runId(), "reviews[0]", Approval.approve("ada", "good"), "t-1");

    clock.advance(Duration.ofHours(8));

    assertThat(run).succeeded().hasOutput("1 approved, 2 rejected, 0 failed");
    assertThat(clock.pendingTasks()).isZero();
  }

  @Test
  void aRejectedElementFailsOnlyItsElementWhenTheSuccessRatioAllowsIt(Engine engine) {
    RunHandle<String> run = engine.run(REVIEW_STRICT, List.of("a", "b", "c"));
    assertWaitingAt(run, "reviews[2]");
    engine.signal(run.runId(), "reviews[0]", Approval.approve("ada", ""), "r-1");
    engine.signal(run.runId(), "reviews[1]", Approval.reject("bob", "no"), "r-2");
    engine.signal(run.runId(), "reviews[2]", Approval.approve("ada", ""), "r-3");

    assertThat(run).succeeded().hasOutput("2 approved, 0 rejected, 1 failed");
    assertThat(run).node("reviews[1]").failed();
  }

  @Test
  void tooManyRejectionsFailTheMapAndTakeTheFailurePath(Engine engine) {
    int before = alerts.get();
    RunHandle<String> run = engine.run(REVIEW_STRICT, List.of("a", "b", "c"));
    assertWaitingAt(run, "reviews[2]");
    engine.signal(run.runId(), "reviews[0]", Approval.reject("bob", "no"), "f-1");
    engine.signal(run.runId(), "reviews[1]", Approval.reject("bob", "no either"), "f-2");

    assertThat(run).failed().errorMessageContains("2 of 3 elements failed").errorMessageContains("rejected by bob");
    assertThat(run).node("reviews[2]").wasCancelled();
    assertThat(run).node("tally").wasCancelled();
    assertThat(alerts.get()).isEqualTo(before + 1);
    assertThat(run.status().nodes()).noneMatch(n -> n.state() == NodeState.WAITING);
  }

  @Test
  void aGateIsABranchArm(Engine engine) {
    RunHandle<String> high = engine.run(GATED_BRANCH, 0.95);
    assertWaitingAt(high, "branch/promote");
    engine.signal(high.runId(), "promote", Approval.approve("ada", "ok"), "b-1");
    assertThat(high).succeeded().hasOutput("promoted 0.95 (ada)");

    RunHandle<String> low = engine.run(GATED_BRANCH, 0.5);
    assertThat(low).succeeded().hasOutput("promoted 0.5 (sluice)");
    assertThat(low).node("branch/promote").isSkipped();
  }

  @Test
  void aBranchArmGateTimesOutAndIsCancelledWithItsRun(Engine engine, TestClock clock) {
    RunHandle<String> timedOut = engine.run(GATED_BRANCH, 0.95);
    assertWaitingAt(timedOut, "branch/promote");
    clock.advance(Duration.ofHours(1));
    assertThat(timedOut).succeeded().hasOutput("kept champion over 0.95 (sluice)");

    RunHandle<String> cancelled = engine.run(GATED_BRANCH, 0.99);
    assertWaitingAt(cancelled, "branch/promote");
    cancelled.cancel();
    assertThat(cancelled).wasCancelled().node("branch/promote").wasCancelled();
    assertThat(clock.pendingTasks()).isZero();
  }
}
