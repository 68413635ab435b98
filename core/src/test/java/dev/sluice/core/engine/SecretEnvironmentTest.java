package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets never reach a journaled spec as plain environment values. */
class SecretEnvironmentTest {
  @TempDir Path dir;

  @Test
  void aSecretVariableNamedByTheUserIsRefusedBeforeTheRunIsJournaled() {
    Journaled j = new Journaled(dir);
    TaskSpec licensed = j.adder("licensed", 1, 1, b -> b.placement(
        new Placement(null, null, Map.of(), List.of(), Map.of("ACME_LICENSE", "k-123", "ACME_REGION", "eu"))));
    WorkflowSpec wf = Dag.named("licensed").call("licensed", licensed, Dag.INPUT).returning("licensed");
    try (Engine engine = j.engine("e", b -> b.secretVariables("ACME_LICENSE"))) {
      assertThatThrownBy(() -> engine.run(wf, 1L, RunOptions.DEFAULT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("workflow 'licensed'")
          .hasMessageContaining("task 'licensed'")
          .hasMessageContaining("ACME_LICENSE")
          .hasMessageNotContaining("k-123");
    }
    assertThat(j.runs.runs(RunQuery.all())).isEmpty();
    assertThat(j.calls("licensed")).isZero();
    try (Engine other = j.engine("other", b -> b)) { // an engine that was not told of the name runs it
      assertThat(other.run(wf, 1L, RunOptions.DEFAULT).await()).isEqualTo(2L);
    }
  }
}
