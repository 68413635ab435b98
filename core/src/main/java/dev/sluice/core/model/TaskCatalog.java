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

  /**
   * A catalog of every task these workflows call, directly or through sub-workflows, branch arms,
   * map nodes and failure handlers. Tasks a dynamic node creates at run time are not visible here:
   * add them with {@link #of(Collection)} and {@link #merge}.
   */
  static TaskCatalog ofWorkflows(WorkflowSpec... workflows) {
    Map<String, TaskSpec> found = new LinkedHashMap<>();
    for (WorkflowSpec w : workflows) {
      collect(w, found);
    }
    return of(found.values());
  }

  /** A catalog that looks in each of these in turn; a name in two of them must be the same task. */
  static TaskCatalog merge(Collection<TaskCatalog> catalogs) {
    Map<String, TaskSpec> all = new LinkedHashMap<>();
    for (TaskCatalog c : catalogs) {
      for (String name : c.names()) {
        TaskSpec t = c.find(name).orElseThrow();
        TaskSpec previous = all.putIfAbsent(name, t);
        if (previous != null && !previous.equals(t)) {
          throw new IllegalArgumentException(
              "two catalogs define different tasks named '" + name + "': rename one of them");
        }
      }
    }
    return of(all.values());
  }

  private static void collect(WorkflowSpec w, Map<String, TaskSpec> found) {
    w.onFailure().ifPresent(t -> found.putIfAbsent(t.name(), t));
    for (NodeSpec n : w.nodes()) {
      collect(n, found);
    }
  }

  private static void collect(NodeSpec n, Map<String, TaskSpec> found) {
    if (n instanceof TaskNode t) {
      found.putIfAbsent(t.task().name(), t.task());
    } else if (n instanceof MapNode m) {
      found.putIfAbsent(m.task().name(), m.task());
    } else if (n instanceof SubWorkflowNode s) {
      collect(s.workflow(), found);
    } else if (n instanceof BranchNode b) {
      for (NodeSpec arm : b.arms()) {
        collect(arm, found);
      }
    }
  }
}
