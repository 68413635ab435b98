package dev.sluice.models.registry;

import dev.sluice.core.spi.EventSource;
import dev.sluice.models.internal.registry.RegistryEventSource;
import java.time.Duration;
import java.util.Optional;

/**
 * Event sources over a {@link ModelRegistry}, for event triggers ({@code
 * dev.sluice.core.trigger.EventTrigger}): launch an evaluation when a model version is registered,
 * a deployment when the {@code champion} alias moves. The registry is read every interval (30 s by
 * default), so registrations and moves of every program sharing its store count; only those after
 * the source starts fire.
 *
 * <pre>{@code
 * EventTrigger<DeployParams> deployChampion = EventTrigger.builder("deploy-champion", deployPlan)
 *     .source(ModelEvents.aliasMoved(registry, "churn", "champion"))
 *     .inputs((event, p) -> p.withVersion(Integer.parseInt(event.attribute("version"))))
 *     .build();
 * }</pre>
 */
public final class ModelEvents {
  private static final Duration EVERY = Duration.ofSeconds(30);

  private ModelEvents() {}

  /**
   * {@code model-version-registered} events, one per new version of {@code model}: id {@code
   * <model>-v<version>}, attributes {@code model}, {@code version}, {@code artifact}; the payload is
   * {@code {"model":…,"version":…,"artifact":…,"tags":{…}}}.
   */
  public static EventSource versionRegistered(ModelRegistry registry, String model) {
    return versionRegistered(registry, model, EVERY);
  }

  /** {@link #versionRegistered(ModelRegistry, String)} reading the registry every {@code every}. */
  public static EventSource versionRegistered(ModelRegistry registry, String model, Duration every) {
    return new RegistryEventSource(registry, ModelNames.checkModel(model), Optional.empty(), every);
  }

  /**
   * {@code model-alias-moved} events, one per move of {@code alias} of {@code model}: id {@code
   * <model>-<alias>-<epoch millis of the move>}, attributes {@code model}, {@code alias}, {@code
   * version} (empty when the alias was removed), {@code from}, {@code actor}; the payload is the move.
   */
  public static EventSource aliasMoved(ModelRegistry registry, String model, String alias) {
    return aliasMoved(registry, model, alias, EVERY);
  }

  /** {@link #aliasMoved(ModelRegistry, String, String)} reading the registry every {@code every}. */
  public static EventSource aliasMoved(ModelRegistry registry, String model, String alias, Duration every) {
    return new RegistryEventSource(registry, ModelNames.checkModel(model), Optional.of(ModelNames.checkAlias(alias)),
        every);
  }
}
