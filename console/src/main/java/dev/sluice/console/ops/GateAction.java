package dev.sluice.console.ops;

import java.util.Objects;
import java.util.Optional;

/**
 * An action on a gate a run waits at: send it a signal, or decide an approval. The gate is named by
 * its node path ({@code approve}, {@code review/approve}) or by its signal's name when only one
 * waiting gate expects it. The signal id makes delivery idempotent (the same id twice is applied
 * once); when none is given the operations layer makes one.
 */
public sealed interface GateAction extends Action permits GateAction.Signal, GateAction.Decide {

  /** The run whose gate it is. */
  String runId();

  /** The gate's path or signal name. */
  String gate();

  /** The signal id to send with; empty: a new one. */
  Optional<String> signalId();

  @Override
  default String target() {
    return runId();
  }

  /**
   * Sends {@code payloadJson} (a JSON value of the gate's payload type) to a gate waiting for a
   * signal.
   */
  record Signal(String runId, String gate, String payloadJson, Optional<String> signalId) implements GateAction {
    public Signal {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(gate, "gate");
      Objects.requireNonNull(payloadJson, "payloadJson");
      Objects.requireNonNull(signalId, "signalId");
    }

    @Override
    public String verb() {
      return "signal";
    }
  }

  /**
   * Approves or rejects an approval gate: its payload is {@code Approval(approved, by, reason)}.
   *
   * @param by who decided; empty: the actor who asks
   * @param reason why (shown with the decision in the run's history)
   */
  record Decide(String runId, String gate, boolean approve, Optional<String> by, String reason,
      Optional<String> signalId) implements GateAction {
    public Decide {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(gate, "gate");
      Objects.requireNonNull(by, "by");
      reason = reason == null ? "" : reason;
      Objects.requireNonNull(signalId, "signalId");
    }

    @Override
    public String verb() {
      return approve ? "approve" : "reject";
    }
  }
}
