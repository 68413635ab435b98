package dev.sluice.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskCatalogTest {
  private static TaskSpec task(String name) {
    return TaskSpec.builder(name).input("x", Long.class).output(Long.class).jvm((a, c) -> a[0]).build();
  }

  @Test
  void ofWorkflowsFindsTasksInSubWorkflowsMapsBranchArmsAndFailureHandlers() {
    TaskSpec inner = task("inner");
    WorkflowSpec sub =
        WorkflowSpec.builder("sub", Long.class)
            .node(new TaskNode("i", inner, List.of(Binding.INPUT)))
            .output(Binding.output("i"), Long.class)
            .build();
    TaskSpec handler =
        TaskSpec.builder("alert").input("failure", RunFailure.class).output(Void.class)
            .jvm((a, c) -> null).build();
    WorkflowSpec outer =
        WorkflowSpec.builder("outer", Long.class)
            .node(new TaskNode("top", task("top"), List.of(Binding.INPUT)))
            .node(new SubWorkflowNode("s", sub, Binding.output("top")))
            .node(new BranchNode("b",
                List.of(new BranchCase(Binding.output("s"), new Condition("positive", v -> (Long) v > 0),
                    new TaskNode("pos", task("arm"), List.of(Binding.output("s"))))),
                Optional.empty(), Long.class))
            .onFailure(handler)
            .output(Binding.output("s"), Long.class)
            .build();
    assertThat(TaskCatalog.ofWorkflows(outer).names())
        .containsExactlyInAnyOrder("top", "inner", "arm", "alert");
  }

  @Test
  void mergingTwoCatalogsThatDisagreeOnANameIsAnError() {
    TaskCatalog a = TaskCatalog.of(task("train"));
    TaskCatalog b = TaskCatalog.of(task("train").toBuilder().jvm((args, ctx) -> 0L).build());
    assertThatThrownBy(() -> TaskCatalog.merge(List.of(a, b)))
        .hasMessageContaining("a task catalog needs one body per task name: two different tasks are named 'train':"
            + " catalog 1 (")
        .hasMessageContaining("and catalog 2 (");
    TaskSpec shared = task("shared");
    assertThat(TaskCatalog.merge(List.of(TaskCatalog.of(shared), TaskCatalog.of(shared))).names())
        .containsExactly("shared");
  }
}
