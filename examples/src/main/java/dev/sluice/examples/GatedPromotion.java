package dev.sluice.examples;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.SignalRefusedException;
import dev.sluice.core.model.Approval;
import dev.sluice.dsl.Gate;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A challenger that beats the champion waits for a reviewer's approval before it is promoted; with
 * no decision within the timeout (10 s here, {@code -Dsluice.approval.timeout=PT1H} for an hour) the
 * gate continues with a rejection and the champion is kept, so the program always ends on its own.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.sluice.examples.GatedPromotion
 * </pre>
 *
 * It prints the {@code engine.signal(...)} call that approves the run, and takes the decision from
 * its standard input too: type {@code approve} or {@code reject} and Enter.
 */
public final class GatedPromotion {
  private GatedPromotion() {}

  /** A model's score on the held-out data. */
  public record Scored(String model, double accuracy) {}

  static final Task1<Double, Scored> trainChallenger =
      Task.named("train-challenger").of(drift -> new Scored("challenger", 0.90 - drift));
  static final Task2<Scored, Approval, String> promote =
      Task.named("promote").of((challenger, decision) -> decision.approved()
          ? challenger.model() + " (accuracy " + challenger.accuracy() + ") promoted; approved by " + decision.by()
              + (decision.reason().isEmpty() ? "" : ": " + decision.reason())
          : "champion kept: " + decision.reason() + " (" + decision.by() + ")");

  static Duration timeout() {
    return Duration.parse(System.getProperty("sluice.approval.timeout", "PT10S"));
  }

  /** train-challenger → approve (a human, or the timeout's rejection) → promote. */
  public static Workflow<Double, String> workflow(Duration timeout) {
    Gate<Approval> approve =
        Gate.approval("approve").timeout(timeout, Approval.reject("sluice", "no decision within " + timeout));
    return Workflow.named("gated-promotion", Double.class, (wf, drift) -> {
      Value<Scored> challenger = wf.call(trainChallenger, drift);
      return wf.call(promote, challenger, wf.await(approve, challenger));
    });
  }

  public static void main(String[] args) throws Exception {
    Duration timeout = timeout();
    try (Engine engine = Engine.local()) {
      RunHandle<String> run = engine.run(workflow(timeout), 0.02);
      System.out.println("run " + run.runId() + " waits at gate 'approve' for " + timeout + ". Approve it with");
      System.out.println("  engine.signal(\"" + run.runId() + "\", \"approve\", Approval.approve(\"you\", \"why\"), \"<id>\")");
      System.out.println("or type approve / reject and Enter here; without a decision the champion is kept.");
      Thread stdin = new Thread(() -> decide(engine, run), "approval-input");
      stdin.setDaemon(true);
      stdin.start();
      System.out.println(run.await());
    }
  }

  private static void decide(Engine engine, RunHandle<String> run) {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String user = System.getProperty("user.name", "console");
    try {
      for (String line; (line = in.readLine()) != null && !run.isDone(); ) {
        String word = line.trim().toLowerCase(Locale.ROOT);
        if (word.equals("approve") || word.equals("reject")) {
          Approval decision = word.equals("approve") ? Approval.approve(user, "typed at the console")
              : Approval.reject(user, "typed at the console");
          engine.signal(run.runId(), "approve", decision, "console-" + run.runId());
          return;
        }
        System.out.println("type approve or reject");
      }
    } catch (java.io.IOException | SignalRefusedException e) {
      System.out.println("no decision sent: " + e.getMessage());
    }
  }
}
