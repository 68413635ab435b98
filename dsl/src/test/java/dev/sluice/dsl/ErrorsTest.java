package dev.sluice.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.WorkflowValidationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  static final Task1<Integer, Integer> inc = Task.named("inc").of(x -> x + 1);
  static final Task1<String, Integer> length = Task.named("length").of(String::length);

  @Test
  void aValueOfAnotherWorkflowIsRejectedNamingBothWorkflowsAndTheNode() {
    AtomicReference<Value<Integer>> leaked = new AtomicReference<>();
    Workflow.named(
        "first",
        Integer.class,
        (wf, x) -> {
          leaked.set(wf.call(inc, x).named("source"));
          return leaked.get();
        });
    assertThatThrownBy(() -> Workflow.named("second", Integer.class, (wf, x) -> wf.call(inc, leaked.get())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow 'second'")
        .hasMessageContaining("the call of task 'inc', input 'in0'")
        .hasMessageContaining("node 'source' belongs to workflow 'first'")
        .hasMessageContaining("Fix:");
  }

  @Test
  void returningAValueOfAnotherWorkflowIsRejected() {
    AtomicReference<Value<Integer>> leaked = new AtomicReference<>();
    Workflow.named("a", Integer.class, (wf, x) -> {
      leaked.set(x);
      return x;
    });
    assertThatThrownBy(() -> Workflow.named("b", Integer.class, (wf, x) -> leaked.get()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow 'b'")
        .hasMessageContaining("the workflow input belongs to workflow 'a'");
  }

  @Test
  void aNullLiteralSuggestsTheTypedForm() {
    assertThatThrownBy(() -> Workflow.named("nulls", wf -> wf.literal(null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow 'nulls'")
        .hasMessageContaining("wf.literal(null, TheType.class)");
  }

  @Test
  void aNullValueArgumentIsRejected() {
    assertThatThrownBy(() -> Workflow.named("null-arg", wf -> wf.call(inc, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow 'null-arg', the call of task 'inc', input 'in0': the value is null");
  }

  @Test
  void aNullTaskExplainsStaticInitialisationOrder() {
    Task1<Integer, Integer> notYet = null;
    assertThatThrownBy(() -> Workflow.named("early", Integer.class, (wf, x) -> wf.call(notYet, x)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow 'early': a call got null instead of a task")
        .hasMessageContaining("static field");
  }

  @Test
  void returningNullFromTheBodyIsRejected() {
    assertThatThrownBy(() -> Workflow.named("empty", Integer.class, (wf, x) -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("workflow 'empty': the definition body returned null")
        .hasMessageContaining("Fix: return the Value");
  }

  @Test
  void twoExplicitNodesWithOneIdAreCoresDuplicateIdError() {
    assertThatThrownBy(
            () ->
                Workflow.named(
                    "dupes",
                    Integer.class,
                    (wf, x) -> {
                      wf.call(inc, x).named("same");
                      return wf.call(inc, x).named("same");
                    }))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("workflow 'dupes', node 'same': two nodes have this id");
  }

  @Test
  void typeErrorsAreCoresValidationListingEveryProblem() {
    WorkflowValidationException e =
        (WorkflowValidationException)
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    Workflow.named(
                        "types",
                        Integer.class,
                        (wf, x) -> {
                          @SuppressWarnings({"unchecked", "rawtypes"})
                          Value<String> lie = (Value) x; // defeat the compiler to reach core
                          wf.call(length, lie);
                          return wf.call(length, lie);
                        }));
    assertThat(e).isNotNull();
    assertThat(e.errors()).hasSize(2);
    assertThat(e.getMessage()).contains("expects String but is bound to the workflow input of type Integer");
  }

  @Test
  void theInputAndLiteralsCannotBeNamed() {
    assertThatThrownBy(() -> Workflow.named("n1", Integer.class, (wf, x) -> x.named("in")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("workflow 'n1': the workflow input cannot be named");
    assertThatThrownBy(() -> Workflow.named("n2", wf -> wf.literal(3).named("three")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("workflow 'n2': the literal 3 cannot be named");
    assertThatThrownBy(() -> Workflow.named("n3", Integer.class, (wf, x) -> wf.call(inc, x).named("no spaces")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow 'n3', node 'inc': the name 'no spaces' is not valid");
  }

  @Test
  void theBuilderAndValuesCannotBeUsedAfterTheWorkflowIsDefined() {
    AtomicReference<WorkflowBuilder> builder = new AtomicReference<>();
    AtomicReference<Value<Integer>> value = new AtomicReference<>();
    Workflow.named("done", Integer.class, (wf, x) -> {
      builder.set(wf);
      value.set(wf.call(inc, x));
      return value.get();
    });
    assertThatThrownBy(() -> builder.get().call(inc, value.get()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("workflow 'done' is already defined");
    assertThatThrownBy(() -> value.get().named("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("workflow 'done' is already defined");
  }

  @Test
  void anInvalidWorkflowNameIsCoresError() {
    assertThatThrownBy(() -> Workflow.named("bad name", Integer.class, (wf, x) -> x))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("the workflow name is not valid");
  }
}
