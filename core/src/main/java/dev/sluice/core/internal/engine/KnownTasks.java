package dev.sluice.core.internal.engine;

import com.google.common.collect.MapMaker;
import dev.sluice.core.internal.model.TaskIdentities;
import dev.sluice.core.model.WorkflowSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task definitions one engine has met, by name: a run whose workflow calls another body under
 * a name the engine knows is refused before it starts, since the engine's task cache, concurrency
 * limits and remote catalog all go by the name.
 */
final class KnownTasks {
  private final Map<String, TaskIdentities.Met> byName = new ConcurrentHashMap<>();
  /** Specs already checked; weak, by identity, so built-per-request specs don't pile up. */
  private final Set<WorkflowSpec> checked =
      Collections.newSetFromMap(new MapMaker().weakKeys().<WorkflowSpec, Boolean>makeMap());

  /** Meets every task {@code spec} calls. */
  void check(WorkflowSpec spec) {
    if (checked.contains(spec)) {
      return;
    }
    List<String> problems = new ArrayList<>();
    TaskIdentities.forEachTask(
        spec, (task, where) -> TaskIdentities.meet(byName, task, where).ifPresent(problems::add));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "workflow '" + spec.name() + "' cannot run on this engine, which already ran another task of"
              + " the same name: " + TaskIdentities.withFix(String.join("; ", problems)));
    }
    checked.add(spec);
  }
}
