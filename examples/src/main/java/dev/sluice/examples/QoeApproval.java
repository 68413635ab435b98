package dev.sluice.examples;

import dev.sluice.console.Console;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.model.Approval;
import dev.sluice.dsl.Gate;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import dev.sluice.examples.QoePrediction.Decision;
import dev.sluice.examples.QoePrediction.Metrics;
import dev.sluice.examples.QoePrediction.Params;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The QoE workflow with a person in the loop: a model that clears the bar waits for a reviewer's
 * approval before it is promoted. The approval is a gate in the branch's arm, so a model below the
 * bar raises its alert without waiting. With no decision within the timeout (5 s by default, so
 * the README's first command ends on its own; {@code --approval-timeout PT1H} or {@code
 * -Dsluice.approval.timeout=PT1H} to wait longer) the gate continues with a rejection and the
 * champion is kept.
 *
 * <pre>
 * generate-sessions → split → plan-training → train[0..n] → evaluate → pick-best
 *   → review: R² ≥ 0.8 ? approval 'promote' (a person, or the timeout) : below-bar
 *   → decide: approved ? PROMOTE : below the bar ? ALERT : KEEP the champion
 * </pre>
 */
public final class QoeApproval {
  private QoeApproval() {}

  /** The signal a reviewer sends; its gate's path is {@code review/promote}. */
  public static final String SIGNAL = "promote";

  /** The default wait for a decision: short, so that the example ends on its own. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  static final Task1<Metrics, Approval> belowBar = Task.named("below-bar").of(m ->
      Approval.reject("sluice", String.format(Locale.ROOT, "R² %.3f is below %s", m.r2(), QoePrediction.MIN_R2)));

  static final Task2<Metrics, Approval, Decision> decide = Task.named("decide").of(QoeApproval::decide);

  /** The approval gate: with no decision within {@code timeout}, a rejection that keeps the champion. */
  public static Gate<Approval> approval(Duration timeout) {
    return Gate.approval(SIGNAL).timeout(timeout, Approval.reject("sluice", "no decision within " + timeout));
  }

  /** The QoE workflow, its promotion waiting for {@link #approval}. */
  public static Workflow<Params, Decision> workflow(Duration timeout) {
    Gate<Approval> approval = approval(timeout);
    return Workflow.named("qoe-approval", Params.class, (wf, params) -> {
      Value<List<QoePrediction.Session>> sessions = wf.call(QoePrediction.generate, params);
      Value<QoePrediction.Dataset> data = wf.call(QoePrediction.split, sessions, params);
      Value<List<QoePrediction.TrainJob>> jobs = wf.call(QoePrediction.plan, data, params);
      Value<List<QoePrediction.Model>> models =
          wf.map(QoePrediction.train, jobs).concurrency(2).minSuccessRatio(0.5).named("train");
      Value<List<Metrics>> metrics = wf.call(QoePrediction.evaluate, models, data);
      Value<Metrics> best = wf.call(QoePrediction.pickBest, metrics);
      Value<Approval> review = wf.when(best, "R² >= " + QoePrediction.MIN_R2, m -> m.r2() >= QoePrediction.MIN_R2)
          .then(approval, best)
          .otherwise(belowBar, best)
          .named("review");
      return wf.call(decide, best, review);
    });
  }

  static Decision decide(Metrics best, Approval review) {
    if (review.approved()) {
      return new Decision("promote", best + " promoted to production; approved by " + review.by()
          + (review.reason().isEmpty() ? "" : ": " + review.reason()), best);
    }
    if (best.r2() < QoePrediction.MIN_R2) {
      return new Decision("alert", "no model reaches R² " + QoePrediction.MIN_R2 + " (best: " + best
          + "); production model unchanged", best);
    }
    return new Decision("keep", "champion kept: " + best + " was not approved (" + review.by() + ": "
        + review.reason() + ")", best);
  }

  /** {@code --approval-timeout <ISO-8601 duration>}, else {@code -Dsluice.approval.timeout}, else 5 s. */
  static Duration timeout(String[] args) {
    int i = Arrays.asList(args).indexOf("--approval-timeout");
    String text = i >= 0 && i + 1 < args.length ? args[i + 1]
        : System.getProperty("sluice.approval.timeout", DEFAULT_TIMEOUT.toString());
    try {
      return Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("the approval timeout '" + text + "' is not an ISO-8601 duration. Fix: write"
          + " it like PT5S or PT1H", e);
    }
  }

  /**
   * Prints how to approve when the gate starts waiting: the engine call and, with a console, the
   * CLI command. {@code console} may be null.
   */
  static RunListener instructions(PrintStream out, Console console) {
    return new RunListener() {
      @Override
      public void gateWaiting(RunEvent.GateWaiting e) {
        out.println(howToApprove(e.runId(), e.nodePath(), e.gate().deadline().map(Object::toString).orElse("-"),
            console));
      }
    };
  }

  static String howToApprove(String runId, String gate, String deadline, Console console) {
    String cli = console == null
        ? "  (run with --console to approve from the sluice CLI or the web console)"
        : "  sluice approve " + runId + " " + gate + " --console " + console.uri() + " --token " + console.token();
    return "\nwaiting for approval '" + SIGNAL + "' at " + gate + " until " + deadline + "; approve with\n"
        + "  engine.signal(\"" + runId + "\", \"" + gate + "\", Approval.approve(\"you\", \"why\"), \"<signal id>\")\n"
        + cli + "\n"
        + "without a decision the champion is kept (--approval-timeout PT1H to wait longer)\n";
  }
}
