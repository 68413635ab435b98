package dev.sluice.console.ops;

import dev.sluice.core.trigger.TriggerEvaluation;
import java.util.List;

/** A metric trigger: what it watches, the plan it launches, and its recent decisions (newest first). */
public record TriggerView(
    String name, String plan, String condition, String every, String cooldown,
    List<TriggerEvaluation> recent) {}
