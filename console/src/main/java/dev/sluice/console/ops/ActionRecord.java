package dev.sluice.console.ops;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One action as the action log keeps it: what was asked, by whom, when, and how it went.
 *
 * @param id unique id of this action
 * @param verb {@code cancel}, {@code resume}, {@code recover}, {@code launch}
 * @param target the run id or launch plan's name acted on
 * @param actor who asked (the name an API caller or the CLI gave, and from where)
 * @param outcome whether it was done
 * @param message what happened, in words
 * @param runId the run it concerns: the one acted on, or the one it started
 */
public record ActionRecord(
    String id,
    String verb,
    String target,
    String actor,
    Instant at,
    Outcome outcome,
    String message,
    Optional<String> runId) {

  /** How an action went. */
  public enum Outcome {
    /** It was done. */
    DONE,
    /** It was refused: the run had ended, no engine could do it, the name was unknown… */
    REFUSED
  }

  public ActionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(runId, "runId");
  }
}
