package dev.sluice.testing.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in's paths, status codes and bodies against ray-jobs-api.md. */
class RayJobsServerProtocolTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final RayJobsServer ray = RayJobsServer.start();
  private final Dashboard dashboard = new Dashboard(ray.address());

  @AfterEach
  void close() {
    ray.close();
  }

  @Test
  void versionNamesTheApiAndRayVersions() {
    Dashboard.Reply reply = dashboard.get("/api/version");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    JsonNode v = reply.json();
    assertThat(v.get("version").asText()).isEqualTo("4");
    assertThat(v.get("ray_version").asText()).isEqualTo("2.9.3");
    assertThat(v.has("ray_commit")).isTrue();
    assertThat(v.has("session_name")).isTrue();
  }

  @Test
  void submitAnswersBothIdsAndTheJobIsReadableAtOnce() {
    Dashboard.Reply reply = dashboard.submit("exec-42", "echo hi");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("job_id").asText()).isEqualTo("exec-42");
    assertThat(reply.json().get("submission_id").asText()).isEqualTo("exec-42");
    Dashboard.Reply details = dashboard.get("/api/jobs/exec-42");
    assertThat(details.status()).isEqualTo(200);
    assertThat(details.json().get("status").asText()).isIn("PENDING", "RUNNING", "SUCCEEDED");
    assertThat(details.json().get("start_time").isIntegralNumber()).isTrue();
  }

  @Test
  void jobDetailsHaveRaysFieldsInRaysOrderWithNulls() {
    dashboard.post("/api/jobs/", "{\"entrypoint\":\"echo hi\",\"submission_id\":\"j1\",\"metadata\":{\"owner\":\"me\"}}");
    ray.awaitTerminal("j1", WAIT);
    JsonNode d = dashboard.get("/api/jobs/j1").json();
    List<String> names = new ArrayList<>();
    d.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("type", "job_id", "submission_id", "driver_info", "status", "entrypoint",
        "message", "error_type", "start_time", "end_time", "metadata", "runtime_env",
        "driver_agent_http_address", "driver_node_id", "driver_exit_code");
    assertThat(d.get("type").asText()).isEqualTo("SUBMISSION");
    assertThat(d.get("job_id").isNull()).isTrue();
    assertThat(d.get("driver_info").isNull()).isTrue();
    assertThat(d.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(d.get("message").asText()).isEqualTo("Job finished successfully.");
    assertThat(d.get("error_type").isNull()).isTrue();
    assertThat(d.get("end_time").asLong()).isGreaterThanOrEqualTo(d.get("start_time").asLong());
    assertThat(d.get("metadata").get("owner").asText()).isEqualTo("me");
    assertThat(d.get("runtime_env").isNull()).isTrue();
    assertThat(d.get("driver_node_id").asText()).hasSize(56);
    assertThat(d.get("driver_exit_code").asInt()).isZero();
  }

  @Test
  void generatedIdsAreRaysubmitWithSixteenUnambiguousCharacters() {
    String id = dashboard.post("/api/jobs/", "{\"entrypoint\":\"true\"}").json().get("submission_id").asText();
    assertThat(id).matches("raysubmit_[A-HJ-NP-Za-km-z1-9]{16}");
  }

  @Test
  void aDuplicateSubmissionIdIs500WithRaysMessage() {
    dashboard.submit("dup", "sleep 5");
    Dashboard.Reply again = dashboard.submit("dup", "echo other");
    assertThat(again.status()).isEqualTo(500);
    assertThat(again.contentType()).startsWith("text/plain");
    assertThat(again.body())
        .contains("RuntimeError: Request failed with status code 400")
        .contains("ValueError: Job with submission_id dup already exists. Please use a different submission_id.");
    assertThat(ray.jobs()).hasSize(1);
  }

  @Test
  void unknownFieldsAre400ButNullsAreDroppedFirst() {
    Dashboard.Reply unknown = dashboard.post("/api/jobs/", "{\"entrypoint\":\"true\",\"priority\":3}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.contentType()).startsWith("text/plain");
    assertThat(unknown.body()).contains("TypeError: __init__() got an unexpected keyword argument 'priority'");
    Dashboard.Reply nulls = dashboard.post("/api/jobs/",
        "{\"entrypoint\":\"true\",\"submission_id\":\"n1\",\"entrypoint_label_selector\":null,\"runtime_env\":null}");
    assertThat(nulls.status()).isEqualTo(200);
  }

  @Test
  void fieldsANewerRayKnowsAre400OnAnOlderOne() {
    try (RayJobsServer old = RayJobsServer.builder().rayVersion("2.5.1").start()) {
      Dashboard d = new Dashboard(old.address());
      Dashboard.Reply memory = d.post("/api/jobs/", "{\"entrypoint\":\"true\",\"entrypoint_memory\":1024}");
      assertThat(memory.status()).isEqualTo(400);
      assertThat(memory.body()).contains("unexpected keyword argument 'entrypoint_memory'");
      assertThat(d.post("/api/jobs/", "{\"entrypoint\":\"true\",\"entrypoint_num_cpus\":1}").status()).isEqualTo(200);
    }
    Dashboard.Reply labels = dashboard.post("/api/jobs/", "{\"entrypoint\":\"true\",\"entrypoint_label_selector\":{}}");
    assertThat(labels.status()).isEqualTo(400);
  }

  @Test
  void wrongTypesAre400WithRaysTypeErrors() {
    assertThat(dashboard.post("/api/jobs/", "{\"submission_id\":\"x\"}").body())
        .contains("missing 1 required positional argument: 'entrypoint'");
    Dashboard.Reply memory = dashboard.post("/api/jobs/", "{\"entrypoint\":\"true\",\"entrypoint_memory\":2.0}");
    assertThat(memory.status()).isEqualTo(400);
    assertThat(memory.body()).contains("TypeError: entrypoint_memory must be an integer, got <class 'float'>");
    assertThat(dashboard.post("/api/jobs/", "{\"entrypoint\":\"true\",\"metadata\":{\"n\":1}}").body())
        .contains("metadata values must be strings, got <class 'int'>");
    assertThat(dashboard.post("/api/jobs/", "{\"entrypoint\":\"true\",\"entrypoint_resources\":{\"a\":\"1\"}}").body())
        .contains("entrypoint_resources values must be numbers, got <class 'str'>");
    assertThat(dashboard.post("/api/jobs/", "not json").status()).isEqualTo(500);
    assertThat(ray.jobs()).isEmpty();
  }

  @Test
  void pathsWithoutTheTrailingSlashOrWithAWrongMethodAreRefusedAsAiohttpDoes() {
    Dashboard.Reply noSlash = dashboard.post("/api/jobs", "{\"entrypoint\":\"true\"}");
    assertThat(noSlash.status()).isEqualTo(404);
    assertThat(noSlash.body()).isEqualTo("404: Not Found");
    Dashboard.Reply submitPath = dashboard.post("/api/jobs/submit", "{\"entrypoint\":\"true\"}");
    assertThat(submitPath.status()).isEqualTo(405);
    assertThat(submitPath.raw().headers().firstValue("Allow")).hasValue("DELETE,GET,HEAD");
    Dashboard.Reply missing = dashboard.get("/api/jobs/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("Job nope does not exist");
    assertThat(dashboard.get("/api/jobs/nope/logs").status()).isEqualTo(404);
    assertThat(dashboard.post("/api/jobs/nope/stop", "").status()).isEqualTo(404);
    assertThat(dashboard.get("/api/jobs/").json().isArray()).isTrue();
  }

  @Test
  void browserLikePostsAre405() {
    Dashboard.Reply mozilla = dashboard.post("/api/jobs/", "{\"entrypoint\":\"true\"}", "User-Agent", "Mozilla/5.0");
    assertThat(mozilla.status()).isEqualTo(405);
    assertThat(mozilla.body()).isEqualTo("Method Not Allowed for browser traffic.");
    assertThat(dashboard.post("/api/jobs/", "{\"entrypoint\":\"true\"}", "Origin", "http://evil").status()).isEqualTo(405);
    assertThat(ray.jobs()).isEmpty();
  }

  /** Item 23: Ray 2.54 and later name the method (checked on Ray 2.58) and gate DELETE too. */
  @Test
  void browserLikeRequestsGetTheNewerRaysTextThatNamesTheMethod() {
    try (RayJobsServer newer = RayJobsServer.builder().rayVersion("2.58.0").start()) {
      Dashboard d = new Dashboard(newer.address());
      Dashboard.Reply post = d.post("/api/jobs/", "{\"entrypoint\":\"true\"}", "Origin", "http://evil");
      assertThat(post.status()).isEqualTo(405);
      assertThat(post.body()).isEqualTo("'POST' method not allowed for browser traffic.");
      Dashboard.Reply delete = d.send(HttpRequest.newBuilder(newer.address().resolve("/api/jobs/x"))
          .header("Origin", "http://evil").DELETE());
      assertThat(delete.status()).isEqualTo(405);
      assertThat(delete.body()).isEqualTo("'DELETE' method not allowed for browser traffic.");
      assertThat(d.get("/api/jobs/").status()).isEqualTo(200);
    }
  }

  /** Item 23: metadata that was not sent comes back null, as on a real head. */
  @Test
  void metadataNotSentIsNull() {
    dashboard.submit("m", "true");
    assertThat(dashboard.get("/api/jobs/m").json().get("metadata").isNull()).isTrue();
  }

  /** Item 23: the log-tail route over plain HTTP (no WebSocket upgrade) is a 500 on a real head. */
  @Test
  void theLogTailOverPlainHttpIs500() {
    dashboard.submit("t", "true");
    assertThat(dashboard.get("/api/jobs/t/logs/tail").status()).isEqualTo(500);
    assertThat(dashboard.get("/api/jobs/none/logs/tail").status()).isEqualTo(404);
  }

  @Test
  void theJobListIsAJsonArrayOfJobDetails() {
    dashboard.submit("l1", "true");
    dashboard.post("/api/jobs/", "{\"entrypoint\":\"true\",\"submission_id\":\"l2\",\"entrypoint_num_gpus\":1}");
    JsonNode list = dashboard.get("/api/jobs/").json();
    assertThat(list.isArray()).isTrue();
    assertThat(list.findValuesAsText("submission_id")).containsExactly("l1", "l2");
    assertThat(list.get(1).get("type").asText()).isEqualTo("SUBMISSION");
    assertThat(list.get(1).get("status").asText()).isEqualTo("PENDING");
    assertThat(list.get(1)).isEqualTo(dashboard.get("/api/jobs/l2").json());
  }

  @Test
  void tokenAuthAcceptsEitherHeaderAndRefusesMissingOrWrongTokens() {
    try (RayJobsServer secured = RayJobsServer.builder().authToken("s3cret").start()) {
      Dashboard d = new Dashboard(secured.address());
      Dashboard.Reply none = d.get("/api/version");
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.body()).isEqualTo("Unauthorized: Missing authentication token");
      Dashboard.Reply wrong = d.send(HttpRequest.newBuilder(secured.address().resolve("/api/version"))
          .header("Authorization", "Bearer nope"));
      assertThat(wrong.status()).isEqualTo(403);
      assertThat(d.send(HttpRequest.newBuilder(secured.address().resolve("/api/version"))
          .header("X-Ray-Authorization", "Bearer s3cret")).status()).isEqualTo(200);
      assertThat(d.send(HttpRequest.newBuilder(secured.address().resolve("/api/version"))
          .header("Cookie", "ray-authentication-token=s3cret")).status()).isEqualTo(200);
    }
  }

  @Test
  void theDashboardCanGoAwayAndComeBackOnTheSamePortWhileJobsRun() {
    dashboard.submit("long", "sleep 1; echo done");
    ray.stopDashboard();
    assertThatThrownBy(() -> dashboard.get("/api/version")).isInstanceOf(UncheckedIOException.class);
    ray.restartDashboard();
    assertThat(ray.awaitTerminal("long", WAIT).status()).isEqualTo(RayJobRecord.Status.SUCCEEDED);
    assertThat(dashboard.get("/api/jobs/long").json().get("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void requestsAreRecordedAsSent() {
    dashboard.post("/api/jobs/", "{\"entrypoint\":\"true\",\"submission_id\":\"rec\"}");
    RecordedRequest first = ray.requests().get(0);
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.path()).isEqualTo("/api/jobs/");
    assertThat(first.headers()).containsEntry("content-type", "application/json");
    assertThat(first.body()).isEqualTo("{\"entrypoint\":\"true\",\"submission_id\":\"rec\"}");
  }
}
