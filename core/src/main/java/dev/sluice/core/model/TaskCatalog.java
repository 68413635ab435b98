package dev.sluice.core.model;

import dev.sluice.core.internal.model.TaskIdentities;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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

  /**
   * A catalog of these tasks. Two with one name must have the same body ({@link BodyId}): copies
   * with other options (the DSL's {@code with(...)}) are one task, the first kept; two bodies are
   * an error naming both.
   */
  static TaskCatalog of(Collection<TaskSpec> tasks) {
    Map<String, TaskIdentities.Met> met = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    int i = 0;
    for (TaskSpec t : tasks) {
      TaskIdentities.meet(met, t, TaskIdentities.Where.text("task #" + ++i + " of the list")).ifPresent(problems::add);
    }
    return of(met, problems);
  }

  private static TaskCatalog of(Map<String, TaskIdentities.Met> met, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "a task catalog needs one body per task name: " + TaskIdentities.withFix(String.join("; ", problems)));
    }
    Map<String, TaskSpec> byName = new LinkedHashMap<>();
    met.forEach((name, m) -> byName.put(name, m.task()));
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
    return of(List.of(tasks));
  }

  /**
   * A catalog of every task these workflows call, directly or through sub-workflows, branch arms,
   * map nodes and failure handlers. Tasks a dynamic node creates at run time are not visible here:
   * add them with {@link #of(Collection)} and {@link #merge}.
   */
  static TaskCatalog ofWorkflows(WorkflowSpec... workflows) {
    Map<String, TaskIdentities.Met> met = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (WorkflowSpec w : workflows) {
      TaskIdentities.forEachTask(w, (task, where) -> TaskIdentities.meet(met, task, where).ifPresent(problems::add));
    }
    return of(met, problems);
  }

  /** A catalog that looks in each of these in turn; a name in two of them must be the same body. */
  static TaskCatalog merge(Collection<TaskCatalog> catalogs) {
    Map<String, TaskIdentities.Met> met = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    int i = 0;
    for (TaskCatalog c : catalogs) {
      i++;
      for (String name : c.names()) {
        TaskIdentities.meet(
                met, c.find(name).orElseThrow(), TaskIdentities.Where.text("catalog " + i + " (" + c.getClass().getName() + ")"))
            .ifPresent(problems::add);
      }
    }
    return of(met, problems);
  }
}
