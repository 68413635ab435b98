package dev.sluice.micrometer.internal;

import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.TriggerEvaluation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;

/** Counts trigger evaluations by trigger and decision, and firings (evaluations that launched). */
public final class TriggerMeters implements Consumer<TriggerEvaluation> {
  private final MeterRegistry registry;

  public TriggerMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void accept(TriggerEvaluation e) {
    String decision = e.decision().name().toLowerCase(java.util.Locale.ROOT);
    Counter.builder("sluice.trigger.evaluations")
        .description("Evaluations of a metric trigger or firings of a schedule, by decision")
        .tag("trigger", e.trigger())
        .tag("decision", decision)
        .register(registry)
        .increment();
    if (e.decision() == Decision.LAUNCHED) {
      Counter.builder("sluice.trigger.firings")
          .description("Runs launched by a trigger or a schedule")
          .tag("trigger", e.trigger())
          .register(registry)
          .increment();
    }
  }
}
