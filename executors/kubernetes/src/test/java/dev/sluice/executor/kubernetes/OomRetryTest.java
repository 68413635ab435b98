package dev.sluice.executor.kubernetes;

import static dev.sluice.executor.kubernetes.SimulatedKubernetes.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.InfrastructureFailure;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.testing.kubernetes.JobFault;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An OOMKilled attempt retried with the memory the retry policy asks for, end to end on the job simulator. */
class OomRetryTest {
  private static final Task1<Integer, Integer> hungry = Task.named("hungry").command("sh", "-c", KubeTasks.ADD_TEN)
      .inputNames("n").resources(r -> r.memory("768Mi"))
      .retry(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(10)).jitter(0)
          .onOutOfMemory(r -> r.withMemory(r.memoryBytes() * 2)).build())
      .executor("k8s").of(Integer.class, Integer.class);

  @Test
  void anOomKilledAttemptIsRetriedWithDoubledMemoryAndSucceeds() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      k8s.sim.inject(JobFault.usesMemory("hungry", "1Gi")); // 768Mi is OOMKilled, 1536Mi is enough
      RunHandle<Integer> run = engine.run(single(hungry, Integer.class), 5);

      assertThat(run.await(Duration.ofSeconds(120))).isEqualTo(15);
      NodeStatus node = run.status().node("hungry").orElseThrow();
      assertThat(node.attempts()).isEqualTo(2);
      List<String> limits = k8s.jobs().stream().sorted(Comparator.comparing(j -> j.getMetadata().getName()))
          .map(OomRetryTest::memoryLimit).toList();
      assertThat(limits).containsExactly("768Mi", "1536Mi");
    }
  }

  @Test
  void withoutAResourceChangeAnOomIsNotRetried() throws Exception {
    Task1<Integer, Integer> same = Task.named("same").command("sh", "-c", KubeTasks.ADD_TEN)
        .inputNames("n").resources(r -> r.memory("768Mi")).retry(RetryPolicy.exponential(3, Duration.ofMillis(10)))
        .executor("k8s").of(Integer.class, Integer.class);
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      k8s.sim.inject(JobFault.usesMemory("same", "1Gi"));
      RunHandle<Integer> run = engine.run(single(same, Integer.class), 5);
      assertThat(SimulatedKubernetes.failureOf(run, "same")).isInstanceOf(InfrastructureFailure.OutOfMemory.class);
      assertThat(run.status().node("same").orElseThrow().attempts()).isEqualTo(1);
    }
  }

  private static String memoryLimit(Job job) {
    var q = job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory");
    return q.getAmount() + q.getFormat();
  }
}
