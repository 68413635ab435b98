package dev.sluice.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.log.RunMdc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * {@link RunMdc} bindings nest and restore what was there, with Logback's MDC (core's tests run on
 * slf4j-simple, which has none). A binding leaves keys that already hold its values untouched, so a
 * nested binding of the same run writes only the node and attempt.
 */
class RunMdcNestingTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void aNestedBindingOfTheSameRunChangesTheNodeAndRestoresIt() {
    RunMdc.Scope outer = RunMdc.bind("run-1", "wf", "a", 1);
    try {
      assertThat(MDC.getCopyOfContextMap())
          .containsEntry(RunMdc.RUN_ID, "run-1").containsEntry(RunMdc.NODE, "a").containsEntry(RunMdc.ATTEMPT, "1");
      RunMdc.Scope inner = RunMdc.bind("run-1", "wf", "b", 2);
      assertThat(MDC.get(RunMdc.RUN_ID)).isEqualTo("run-1");
      assertThat(MDC.get(RunMdc.NODE)).isEqualTo("b");
      assertThat(MDC.get(RunMdc.ATTEMPT)).isEqualTo("2");
      inner.close();
      assertThat(MDC.get(RunMdc.NODE)).isEqualTo("a");
      assertThat(MDC.get(RunMdc.ATTEMPT)).isEqualTo("1");
      assertThat(MDC.get(RunMdc.RUN_ID)).isEqualTo("run-1");
    } finally {
      outer.close();
    }
    assertThat(MDC.getCopyOfContextMap()).doesNotContainKeys(RunMdc.RUN_ID, RunMdc.WORKFLOW, RunMdc.NODE, RunMdc.ATTEMPT);
  }

  @Test
  void aBindingOfWhatIsAlreadyBoundLeavesItBoundWhenClosed() {
    RunMdc.Scope outer = RunMdc.bind("run-1", "wf", "a", 1);
    RunMdc.bind("run-1", "wf", "a", 1).close();
    assertThat(MDC.get(RunMdc.NODE)).as("the outer binding still holds").isEqualTo("a");
    assertThat(MDC.get(RunMdc.ATTEMPT)).isEqualTo("1");
    outer.close();
    assertThat(MDC.get(RunMdc.NODE)).isNull();
  }

  @Test
  void aRunBindingRemovesTheNodeForItsDurationAndAHighAttemptIsWrittenOut() {
    MDC.put("user.key", "kept");
    RunMdc.Scope node = RunMdc.bind("run-1", "wf", "a", 23);
    assertThat(MDC.get(RunMdc.ATTEMPT)).isEqualTo("23");
    RunMdc.Scope run = RunMdc.run("run-2", "wf");
    assertThat(MDC.get(RunMdc.RUN_ID)).isEqualTo("run-2");
    assertThat(MDC.get(RunMdc.NODE)).isNull();
    assertThat(MDC.get(RunMdc.ATTEMPT)).isNull();
    run.close();
    assertThat(MDC.get(RunMdc.RUN_ID)).isEqualTo("run-1");
    assertThat(MDC.get(RunMdc.NODE)).isEqualTo("a");
    node.close();
    assertThat(MDC.get("user.key")).isEqualTo("kept");
  }
}
