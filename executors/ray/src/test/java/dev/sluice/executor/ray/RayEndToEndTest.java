package dev.sluice.executor.ray;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.ray.RayJobRecord;
import dev.sluice.testing.ray.RayJobsServer;
import dev.sluice.testing.ray.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
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
      var gpuTask = Task.named("gpu-echo").command("sh", "-c", "echo 7 > \"$SLUICE_OUTPUTS_URI\"")
          .executor("ray").resources(r -> r.cpu(0.5).memory("256Mi").gpu(1).custom("trainer", 1))
          .of(Integer.class, Integer.class);
      var wf = Workflow.named("gpu-echo", Integer.class, (w, n) -> w.call(gpuTask, n));
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

  @Test
  void runtimeEnvStoreSettingsAndCredentialsGoWhereTheyAreConfigured() throws Exception {
    RayRuntimeEnv common = RayRuntimeEnv.builder().workingDir("s3://code/app.zip").pip("numpy==1.26.4")
        .envVar("MODE", "test").build();
    RayRuntimeEnv forPython = RayRuntimeEnv.builder().pyModule("s3://code/helpers.whl")
        .setupTimeout(Duration.ofMinutes(2)).envVar("MODE", "python").build();
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start(), b -> b.runtimeEnv(common)
        .runtimeEnv("py-scale", forPython).storeEndpoint("http://minio:9000").storeCredentials("AK", "SK"))) {
      assertThat(h.engine.run(RayTasks.MIXED, 1).await(RayHarness.WAIT)).isEqualTo("PY-SCALE:10");
      JsonNode python = JSON.readTree(h.ray.jobs().get(0).requestBody()).get("runtime_env");
      assertThat(python.get("working_dir").asText()).isEqualTo("s3://code/app.zip");
      assertThat(python.get("pip").toString()).isEqualTo("[\"numpy==1.26.4\"]");
      assertThat(python.get("py_modules").toString()).isEqualTo("[\"s3://code/helpers.whl\"]");
      assertThat(python.get("config").get("setup_timeout_seconds").asLong()).isEqualTo(120);
      assertThat(python.get("env_vars").get("MODE").asText()).isEqualTo("python");
      assertThat(python.get("env_vars").get("SLUICE_S3_ENDPOINT").asText()).isEqualTo("http://minio:9000");
      assertThat(python.get("env_vars").get("AWS_ACCESS_KEY_ID").asText()).isEqualTo("AK");
      assertThat(python.get("env_vars").get("AWS_SECRET_ACCESS_KEY").asText()).isEqualTo("SK");
      JsonNode java = JSON.readTree(h.ray.jobs().get(1).requestBody()).get("runtime_env");
      assertThat(java.has("py_modules")).isFalse();
      assertThat(java.get("env_vars").get("MODE").asText()).isEqualTo("test");
      assertThat(h.ray.logs(h.ray.jobs().get(0).submissionId())).contains("runtime_env field 'pip' is not applied");
    }
  }

  @Test
  void aTasksImageBecomesTheImageUriAndNoCredentialsGoUnlessConfigured() throws Exception {
    var imaged = Task.named("imaged").command("sh", "-c", "echo 3 > \"$SLUICE_OUTPUTS_URI\"")
        .executor("ray").image("registry.example/ml:1.4").of(Integer.class, Integer.class);
    var wf = Workflow.named("imaged", Integer.class, (w, n) -> w.call(imaged, n));
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      assertThat(h.engine.run(wf, 1).await(RayHarness.WAIT)).isEqualTo(3);
      JsonNode env = JSON.readTree(h.ray.jobs().get(0).requestBody()).get("runtime_env");
      assertThat(env.get("image_uri").asText()).isEqualTo("registry.example/ml:1.4");
      assertThat(env.get("env_vars").has("AWS_ACCESS_KEY_ID")).isFalse();
      assertThat(env.get("env_vars").has("AWS_SECRET_ACCESS_KEY")).isFalse();
    }
  }

  private static void assertNoNulls(JsonNode node, String body) {
    assertThat(node.isNull()).as("a null in %s", body).isFalse();
    node.elements().forEachRemaining(child -> assertNoNulls(child, body));
  }
}
