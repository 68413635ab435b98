package dev.sluice.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.testing.kubernetes.JobSimulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulator's status-only mode (for overhead measurements): no pod, no process, the given output. */
class StatusOnlySimulatorTest {

  @Test
  void jobsCompleteAtOnceWithTheGivenOutput() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(JobSimulator.builder().statusOnly(job -> "7"));
        Engine engine = k8s.engine()) {
      assertThat(engine.run(SimulatedKubernetes.single(KubeTasks.addTen, Integer.class), 5).await(Duration.ofSeconds(30)))
          .isEqualTo(7);
      assertThat(k8s.jobs()).singleElement().satisfies(j -> assertThat(j.getStatus().getSucceeded()).isEqualTo(1));
      assertThat(k8s.sim.client().pods().inNamespace(k8s.sim.namespace()).list().getItems()).isEmpty();
    }
  }
}
