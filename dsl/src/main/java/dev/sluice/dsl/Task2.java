package dev.sluice.dsl;

import dev.sluice.core.model.TaskSpec;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A task with two inputs, made by {@link Task#named}; call it in a workflow with {@code wf.call(task, a, b)}.
 * Immutable: it holds the compiled {@link TaskSpec}.
 */
public final class Task2<A, B, R> {
  private final TaskSpec spec;

  Task2(TaskSpec spec) {
    this.spec = spec;
  }

  /** The compiled task: name, version, typed inputs and output, policies and body. */
  public TaskSpec spec() {
    return spec;
  }

  /** The task's name, the default id of the nodes that call it. */
  public String name() {
    return spec.name();
  }

  /**
   * A copy of this task with changed options, e.g. {@code task.with(b -> b.timeout(d))}; the body,
   * types and input names are kept unless the change sets them.
   */
  public Task2<A, B, R> with(Consumer<TaskBuilder> change) {
    Objects.requireNonNull(change, "change");
    TaskSettings s = TaskSettings.from(spec);
    change.accept(new TaskBuilder(s));
    return new Task2<>(s.toSpec(spec.body(), TaskSettings.typesOf(spec), null));
  }

  @Override
  public String toString() {
    return "Task2[" + spec.name() + " v" + spec.version() + "]";
  }
}
