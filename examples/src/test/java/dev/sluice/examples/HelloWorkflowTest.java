package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.NodeSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HelloWorkflowTest {

  @Test
  void greetsThenExclaims() throws Exception {
    try (Engine engine = Engine.local()) {
      RunHandle<String> run = engine.run(HelloWorkflow.WORKFLOW, "tests");

      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo("Hello, tests!");
      assertThat(run.status().nodes())
          .extracting(NodeStatus::path, NodeStatus::state)
          .containsExactly(
              tuple("greet", NodeState.SUCCEEDED), tuple("exclaim", NodeState.SUCCEEDED));
    }
  }

  @Test
  void theDagIsTwoTasksInARow() {
    // No engine needed: the definition is a validated, immutable spec.
    var spec = HelloWorkflow.WORKFLOW.spec();

    assertThat(spec.nodes()).extracting(NodeSpec::id).containsExactly("greet", "exclaim");
    assertThat(spec.upstream("exclaim")).containsExactly("greet");
    assertThat(spec.outputType()).isEqualTo(String.class);
  }
}
