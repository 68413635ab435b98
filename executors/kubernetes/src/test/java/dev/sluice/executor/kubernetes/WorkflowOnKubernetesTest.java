package dev.sluice.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A whole workflow with local tasks and tasks on "Kubernetes" (the simulator), outputs checked. */
class WorkflowOnKubernetesTest {

  @Test
  void localTasksAJvmTaskAndACommandTaskOnKubernetesMakeOneRun() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes();
        Engine engine = k8s.engine(b -> b.storeCredentials("sluice-store").env("SLUICE_S3_ENDPOINT", "http://minio:9000"))) {
      k8s.sim.createSecret("sluice-store", Map.of("AWS_ACCESS_KEY_ID", "sluice", "AWS_SECRET_ACCESS_KEY", "s3cr3t-value"));
      RunHandle<Integer> run = engine.run(KubeTasks.mixed, 3);

      assertThat(run.await(Duration.ofSeconds(120))).isEqualTo(3 * 2 * 3 * 2 + 10);
      assertThat(k8s.jobs()).extracting(j -> j.getMetadata().getLabels().get("sluice.dev/node"))
          .containsExactlyInAnyOrder("square", "add-ten");
      String folder = "runs/" + run.runId() + "/nodes/square/1/";
      assertThat(new String(k8s.store.get(folder + "inputs.json").readAllBytes())).isEqualTo("{\"in0\":6}");
      assertThat(new String(k8s.store.get(folder + "outputs.json").readAllBytes())).isEqualTo("36");

      Job square = k8s.jobs().stream().filter(j -> j.getMetadata().getName().endsWith("-square-1")).findFirst().orElseThrow();
      assertThat(square.getMetadata().getName()).isEqualTo(run.runId() + "-square-1");
      assertThat(square.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Complete"));
      assertThat(square.getMetadata().getLabels()).containsEntry("sluice.dev/run", run.runId())
          .containsEntry("sluice.dev/workflow", "mixed").containsEntry("sluice.dev/attempt", "1");
      var container = square.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getCommand()).startsWith("java", "-cp", "/app/resources:/app/classes:/app/libs/*",
          "dev.sluice.runtime.TaskRunner", "--task", "square");
      EnvVar secret = container.getEnv().stream().filter(e -> e.getName().equals("AWS_SECRET_ACCESS_KEY")).findFirst().orElseThrow();
      assertThat(secret.getValue()).isNull();
      assertThat(container.getEnv()).anyMatch(e -> e.getName().equals("SLUICE_S3_ENDPOINT") && e.getValue().equals("http://minio:9000"));
      assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("sluice-store");
      assertThat(square.toString()).doesNotContain("s3cr3t-value");
      assertThat(k8s.sim.log(square.getMetadata().getName())).contains("task 'square' succeeded");
    }
  }
}
