package dev.sluice.spring;

import dev.sluice.core.engine.Engine;

/**
 * A bean that adjusts the engine's builder before the engine is built (a task pool, a clock,
 * interceptors…), after the starter applied the properties and the beans it found.
 */
@FunctionalInterface
public interface EngineCustomizer {
  /** Adjusts {@code builder}. */
  void customize(Engine.Builder builder);
}
