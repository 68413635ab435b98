package dev.sluice.core.model;

import java.util.Objects;

/**
 * The payload of an approval gate: the decision, who took it and why. It is journaled with the
 * run, so the decision is in the run's history.
 */
public record Approval(boolean approved, String by, String reason) {
  public Approval {
    Objects.requireNonNull(by, "by (who decided)");
    reason = reason == null ? "" : reason;
  }

  public static Approval approve(String by, String reason) {
    return new Approval(true, by, reason);
  }

  public static Approval reject(String by, String reason) {
    return new Approval(false, by, reason);
  }
}
