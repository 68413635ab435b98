package dev.sluice.models.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One registered version of a model.
 *
 * @param model the model's name
 * @param version its number: 1 for the first version, then increasing (a registration that crashed
 *     half-way may leave a number unused)
 * @param registration what was registered
 * @param registeredAt when
 * @param tags the version's tags now (those registered, then those set with {@link
 *     ModelRegistry#tag})
 */
public record ModelVersion(String model, int version, ModelRegistration registration, Instant registeredAt,
    Map<String, String> tags) {
  public ModelVersion {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(registeredAt, "registeredAt");
    tags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
  }

  /** Where the model's files are. */
  public String artifact() {
    return registration.artifact();
  }

  /** This version as a reference, {@code models:/<model>/<version>}. */
  public ModelRef ref() {
    return ModelRef.version(model, version);
  }
}
