package dev.sluice.models.registry;

import java.util.List;
import java.util.Optional;

/**
 * Versions of models and the aliases that point at them. Implementations: {@link
 * ModelRegistries#on} (in an artifact store; the default) and MLflow's registry in {@code
 * sluice-mlflow}. Every implementation passes the same contract test; all are thread-safe, and
 * several processes may share one registry: no registration or alias move is lost when two race.
 */
public interface ModelRegistry {

  /** Registers a new version of {@code registration.model()} (creating the model if new). */
  ModelVersion register(ModelRegistration registration);

  /** One version, if it exists. */
  Optional<ModelVersion> version(String model, int version);

  /** Every version of a model, oldest first (empty for an unknown model). */
  List<ModelVersion> versions(String model);

  /**
   * Points {@code alias} at {@code version} (or, with an empty version, removes the alias) and
   * records the move in the alias history.
   *
   * @throws ModelNotFoundException when the version does not exist
   */
  AliasMove moveAlias(String model, String alias, Optional<Integer> version, String actor, String reason);

  /** The version an alias points at now, if it points at one. */
  Optional<ModelVersion> byAlias(String model, String alias);

  /** Every move of every alias of a model, oldest first. */
  List<AliasMove> aliasHistory(String model);

  /** Sets a tag on a version. */
  void tag(String model, int version, String key, String value);

  /**
   * The version a reference names.
   *
   * @throws ModelNotFoundException naming the reference when there is none
   */
  default ModelVersion resolve(ModelRef ref) {
    Optional<ModelVersion> found = ref.alias().isPresent()
        ? byAlias(ref.model(), ref.alias().get())
        : version(ref.model(), ref.version().getAsInt());
    return found.orElseThrow(() -> new ModelNotFoundException(
        ref + " names no model version in this registry"
            + (ref.alias().isPresent() ? " (the alias is not set: move it with moveAlias)" : "")));
  }

  /** Points {@code alias} at {@code version}. */
  default AliasMove moveAlias(String model, String alias, int version, String actor, String reason) {
    return moveAlias(model, alias, Optional.of(version), actor, reason);
  }
}
