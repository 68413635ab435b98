package dev.sluice.examples;

import dev.sluice.core.engine.Engine;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;

/** The smallest workflow: two tasks in a row, run on the embedded engine. */
public final class HelloWorkflow {
  private HelloWorkflow() {}

  // Tasks are defined once, as constants; their types are read from the lambdas.
  static final Task1<String, String> greet = Task.named("greet").of(name -> "Hello, " + name);
  static final Task1<String, String> exclaim = Task.named("exclaim").of(text -> text + "!");

  // The body runs once, here, and records a DAG: input -> greet -> exclaim -> output.
  public static final Workflow<String, String> WORKFLOW =
      Workflow.named(
          "hello",
          String.class,
          (wf, name) -> {
            Value<String> greeting = wf.call(greet, name);
            return wf.call(exclaim, greeting);
          });

  public static void main(String[] args) {
    try (Engine engine = Engine.local()) {
      String result = engine.run(WORKFLOW, "Sluice").await();
      System.out.println(result);
    }
  }
}
