package dev.sluice.core.engine;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.Invoker;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A terse way for engine tests to build specs by hand (core cannot use the DSL). */
final class Dag {
  static final String INPUT = "$input";

  private final WorkflowSpec.Builder builder;

  private Dag(String name, Type input) {
    builder = WorkflowSpec.builder(name, input);
  }

  static Dag named(String name) {
    return new Dag(name, Long.class);
  }

  static Dag named(String name, Type input) {
    return new Dag(name, input);
  }

  /** A task of {@code inputs} Long inputs returning Long. */
  static TaskSpec task(String name, int inputs, Invoker body) {
    return task(name, inputs, body, b -> b);
  }

  static TaskSpec task(String name, int inputs, Invoker body, UnaryOperator<TaskSpec.Builder> options) {
    TaskSpec.Builder b = TaskSpec.builder(name).output(Long.class).jvm(body);
    for (int i = 0; i < inputs; i++) {
      b.input("in" + i, Long.class);
    }
    return options.apply(b).build();
  }

  static Binding ref(String id) {
    return id.equals(INPUT) ? Binding.INPUT : Binding.output(id);
  }

  Dag call(String id, TaskSpec task, String... upstream) {
    List<Binding> bindings = new ArrayList<>();
    for (String u : upstream) {
      bindings.add(ref(u));
    }
    builder.node(new TaskNode(id, task, bindings));
    return this;
  }

  Dag node(NodeSpec node) {
    builder.node(node);
    return this;
  }

  WorkflowSpec.Builder builder() {
    return builder;
  }

  WorkflowSpec returning(String id) {
    return builder.output(ref(id), Long.class).build();
  }

  WorkflowSpec returning(String id, Type type) {
    return builder.output(ref(id), type).build();
  }
}
