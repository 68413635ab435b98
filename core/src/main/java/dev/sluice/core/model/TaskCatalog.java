package dev.sluice.core.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tasks by name: how a spec read from JSON (or a remote task runner) finds the code behind a task
 * name, since JSON carries names and types, never code.
 */
public interface TaskCatalog {

  Optional<TaskSpec> find(String name);

  /** The names this catalog knows, for error messages. */
  Set<String> names();

  /** A catalog of these tasks; two tasks with one name are an error. */
  static TaskCatalog of(Collection<TaskSpec> tasks) {
    Map<String, TaskSpec> byName = new LinkedHashMap<>();
    for (TaskSpec t : tasks) {
      TaskSpec previous = byName.putIfAbsent(t.name(), t);
      if (previous != null && previous != t) {
        throw new IllegalArgumentException(
            "two different tasks are named '" + t.name() + "': a catalog needs unique names");
      }
    }
    Map<String, TaskSpec> frozen = Map.copyOf(byName);
    return new TaskCatalog() {
      @Override
      public Optional<TaskSpec> find(String name) {
        return Optional.ofNullable(frozen.get(name));
      }

      @Override
      public Set<String> names() {
        return frozen.keySet();
      }
    };
  }

  static TaskCatalog of(TaskSpec... tasks) {
    return of(java.util.List.of(tasks));
  }
}
