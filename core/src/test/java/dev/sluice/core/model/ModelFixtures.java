package dev.sluice.core.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Terse hand-built specs for the model tests (no DSL: core cannot depend on it). */
public final class ModelFixtures {
  private ModelFixtures() {}

  /** Returns its first argument (or null): the bodies never run in these tests. */
  public static final Invoker FIRST = (args, ctx) -> args.length == 0 ? null : args[0];

  /** A JVM task with inputs {@code in0, in1, ...} of the given types. */
  public static TaskSpec task(String name, Type output, Type... inputs) {
    TaskSpec.Builder b = TaskSpec.builder(name).output(output).jvm(FIRST);
    for (int i = 0; i < inputs.length; i++) {
      b.input("in" + i, inputs[i]);
    }
    return b.build();
  }

  public static TaskNode call(String id, TaskSpec task, Binding... inputs) {
    return new TaskNode(id, task, List.of(inputs));
  }

  public static Binding ref(String nodeId) {
    return Binding.output(nodeId);
  }

  /** Builds and expects a validation failure; returns it. */
  public static WorkflowValidationException invalid(WorkflowSpec.Builder builder) {
    AtomicReference<WorkflowValidationException> caught = new AtomicReference<>();
    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(WorkflowValidationException.class, caught::set);
    return caught.get();
  }
}
