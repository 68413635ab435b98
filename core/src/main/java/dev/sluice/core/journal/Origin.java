package dev.sluice.core.journal;

import java.util.Objects;

/**
 * What started a run: a user or program calling the engine, a launch plan, a trigger, or the
 * recovery of an earlier run. Recorded with the run and shown in listings.
 *
 * @param kind the kind of starter
 * @param name who or what: a user name, the launch plan's or trigger's name, the recovered run's id
 */
public record Origin(Kind kind, String name) {

  /** The kinds of starters. */
  public enum Kind {
    /** A program or a person called the engine directly. */
    USER,
    /** A launch plan (a schedule) fired. */
    LAUNCH_PLAN,
    /** A trigger (a metric condition) fired. */
    TRIGGER,
    /** {@code Engine.recover} started it from a failed run. */
    RECOVERY,
    /** {@code Engine.fork} started it from an earlier run, re-running one node and its downstream. */
    FORK
  }

  public Origin {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /** Started by this user or program. */
  public static Origin user(String name) {
    return new Origin(Kind.USER, name);
  }

  /** Started by the user this JVM runs as ({@code user.name}). */
  public static Origin currentUser() {
    return user(System.getProperty("user.name", "unknown"));
  }

  public static Origin launchPlan(String name) {
    return new Origin(Kind.LAUNCH_PLAN, name);
  }

  public static Origin trigger(String name) {
    return new Origin(Kind.TRIGGER, name);
  }

  /** Started by recovering the run {@code runId}. */
  public static Origin recovery(String runId) {
    return new Origin(Kind.RECOVERY, runId);
  }

  /** Started by forking the run {@code runId}. */
  public static Origin fork(String runId) {
    return new Origin(Kind.FORK, runId);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ":" + name;
  }
}
