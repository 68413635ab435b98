package dev.sluice.executor.ray;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.testing.ray.RayJobRecord;
import dev.sluice.testing.ray.RayJobsServer;
import dev.sluice.testing.ray.RecordedRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A workflow with local tasks and tasks on "Ray" (the stand-in) runs end to end through the store. */
class RayEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void localPythonOnRayJavaOnRayAndLocalAgain() throws Exception {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      RunHandle<String> run = h.engine.run(RayTasks.MIXED, 3);
      assertThat(run.await(RayHarness.WAIT)).isEqualTo("PY-SCALE:90");

      List<RayJobRecord> jobs = h.ray.jobs();
      assertThat(jobs).extracting(RayJobRecord::submissionId)
          .containsExactly(run.runId() + "-py-scale-1", run.runId() + "-describe-1");
      assertThat(jobs).allSatisfy(job -> assertThat(job.status()).isEqualTo(RayJobRecord.Status.SUCCEEDED));
      assertThat(h.ray.logs(run.runId() + "-py-scale-1")).contains("scaling 9 on $node's worker");
      assertThat(h.ray.logs(run.runId() + "-describe-1")).contains("task 'describe' succeeded");

      String folder = dir.resolve("store").resolve("runs").resolve(run.runId()).resolve("nodes").toString();
      RayJobRecord python = jobs.get(0);
      assertThat(python.envVars())
          .containsEntry("SLUICE_INPUTS_URI", folder + "/py-scale/1/inputs.json")
          .containsEntry("SLUICE_OUTPUTS_URI", folder + "/py-scale/1/outputs.json")
          .containsEntry("SLUICE_RUN_ID", run.runId())
          .containsEntry("SLUICE_WORKFLOW", "ray-mixed")
          .containsEntry("SLUICE_NODE", "py-scale")
          .containsEntry("SLUICE_ATTEMPT", "1")
          .containsKey("SLUICE_STORE_URI");
      JsonNode request = JSON.readTree(python.requestBody());
      assertThat(request.get("submission_id").asText()).isEqualTo(python.submissionId());
      assertThat(request.get("metadata").get("sluice.workflow").asText()).isEqualTo("ray-mixed");
      assertThat(request.get("metadata").get("sluice.run").asText()).isEqualTo(run.runId());
      assertThat(request.get("metadata").get("sluice.node").asText()).isEqualTo("py-scale");
      assertThat(request.get("metadata").get("sluice.attempt").asText()).isEqualTo("1");
      assertThat(python.entrypoint()).startsWith("python3 -c 'import json, os");
      assertThat(jobs.get(1).entrypoint()).contains("dev.sluice.runtime.TaskRunner --task describe --inputs");
    }
  }

  @Test
  void everyRequestWeSendHasNoNullsAndOnlyFieldsTheClusterKnows() throws Exception {
    RayJobsServer server = RayJobsServer.builder().capacity("GPU", 1).capacity("trainer", 2).start();
    try (RayHarness h = new RayHarness(dir, server)) {
      var gpuTask = dev.sluice.dsl.Task.named("gpu-echo").command("sh", "-c", "echo 7 > \"$SLUICE_OUTPUTS_URI\"")
          .executor("ray").resources(r -> r.cpu(0.5).memory("256Mi").gpu(1).custom("trainer", 1))
          .of(Integer.class, Integer.class);
      var wf = dev.sluice.dsl.Workflow.named("gpu-echo", Integer.class, (w, n) -> w.call(gpuTask, n));
      assertThat(h.engine.run(wf, 1).await(RayHarness.WAIT)).isEqualTo(7);
      assertThat(h.engine.run(RayTasks.MIXED, 2).await(RayHarness.WAIT)).isEqualTo("PY-SCALE:40");

      List<String> known = List.of("entrypoint", "submission_id", "runtime_env", "metadata", "entrypoint_num_cpus",
          "entrypoint_num_gpus", "entrypoint_memory", "entrypoint_resources");
      List<RecordedRequest> posts = h.ray.requests().stream()
          .filter(r -> r.method().equals("POST") && r.path().equals("/api/jobs/")).toList();
      assertThat(posts).hasSize(3);
      for (RecordedRequest post : posts) {
        JsonNode body = JSON.readTree(post.body());
        body.fieldNames().forEachRemaining(name -> assertThat(known).contains(name));
        assertNoNulls(body, post.body());
        assertThat(post.headers().get("user-agent")).doesNotStartWith("Mozilla");
        assertThat(post.headers()).doesNotContainKeys("origin", "referer");
      }
      JsonNode gpu = JSON.readTree(posts.get(0).body());
      assertThat(gpu.get("entrypoint_num_cpus").asDouble()).isEqualTo(0.5);
      assertThat(gpu.get("entrypoint_num_gpus").asInt()).isEqualTo(1);
      assertThat(gpu.get("entrypoint_memory").isIntegralNumber()).isTrue();
      assertThat(gpu.get("entrypoint_memory").asLong()).isEqualTo(256L << 20);
      assertThat(gpu.get("entrypoint_resources").get("trainer").asDouble()).isEqualTo(1.0);
      JsonNode plain = JSON.readTree(posts.get(1).body());
      assertThat(plain.has("entrypoint_num_cpus")).isFalse();
      assertThat(plain.get("runtime_env").fieldNames()).toIterable().containsExactly("env_vars");
    }
  }

  private static void assertNoNulls(JsonNode node, String body) {
    assertThat(node.isNull()).as("a null in %s", body).isFalse();
    node.elements().forEachRemaining(child -> assertNoNulls(child, body));
  }
}
