package dev.sluice.models.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One move of an alias, as the registry's history keeps it.
 *
 * @param model the model
 * @param alias the alias, e.g. {@code champion}
 * @param from the version the alias pointed at before, if any, as the mover saw it
 * @param to the version it points at after the move; empty when the alias was removed
 * @param actor who moved it: a person, or {@code run:<run id>} for a workflow
 * @param reason why (e.g. {@code rollback: readiness failed})
 * @param at when
 */
public record AliasMove(String model, String alias, OptionalInt from, OptionalInt to, String actor, String reason,
    Instant at) {
  public AliasMove {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
