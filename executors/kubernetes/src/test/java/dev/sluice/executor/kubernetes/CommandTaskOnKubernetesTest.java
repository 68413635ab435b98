package dev.sluice.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommandTaskOnKubernetesTest {
  /** Reads {"n": …} from the inputs file, writes n + 10: what a script in a container does. */
  static final String ADD_TEN = "in=${SLUICE_INPUTS_URI#file://}; out=${SLUICE_OUTPUTS_URI#file://};"
      + " n=$(sed -e 's/.*\"n\":\\([0-9-]*\\).*/\\1/' \"$in\"); echo $((n + 10)) > \"$out\"";

  static final Task1<Integer, Integer> twice = Task.named("twice").of(x -> x * 2);
  static final Task1<Integer, Integer> addTen = Task.named("add-ten").command("sh", "-c", ADD_TEN)
      .inputNames("n").executor("k8s").of(Integer.class, Integer.class);
  static final Workflow<Integer, Integer> mixed =
      Workflow.named("mixed", Integer.class, (wf, x) -> wf.call(addTen, wf.call(twice, x)));

  @Test
  void aCommandTaskRunsAsAJobBetweenLocalTasks() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      RunHandle<Integer> run = engine.run(mixed, 16);
      assertThat(run.await(Duration.ofSeconds(60))).isEqualTo(42);
      assertThat(k8s.jobs()).hasSize(1);
    }
  }
}
