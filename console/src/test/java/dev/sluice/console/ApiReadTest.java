package dev.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read endpoints, with good and bad input. */
class ApiReadTest extends ConsoleTestBase {

  private void awaitListed(String runId) {
    Await.until("run " + runId + " listed", () -> f.http.get("/api/runs?limit=500").body().contains(runId));
  }

  @Test
  void runsAreListedNewestFirstFilteredAndPaged() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RunHandle<Integer> r = f.run(Flows.CACHED, "input-" + i);
      r.await(Duration.ofSeconds(30));
      ids.add(r.runId());
    }
    RunHandle<String> failed = f.run(Flows.FAILING, "x");
    assertThatThrownBy(() -> failed.await(Duration.ofSeconds(30))).isInstanceOf(RunFailedException.class);
    ids.forEach(this::awaitListed);
    Await.until("failed run listed as FAILED", () -> f.http.get("/api/runs?state=FAILED").body().contains(failed.runId()));
    Await.until("the cached runs listed as ended",
        () -> f.http.get("/api/runs?workflow=cached&state=SUCCEEDED").json().path("runs").size() == 3);

    JsonNode all = f.http.get("/api/runs").json();
    assertThat(all.path("runs").get(0).path("runId").asText()).isEqualTo(failed.runId());
    JsonNode cached = f.http.get("/api/runs?workflow=cached&limit=2").json();
    assertThat(cached.path("runs")).hasSize(2);
    assertThat(cached.path("runs").get(0).path("runId").asText()).isEqualTo(ids.get(2));
    assertThat(cached.path("runs").get(1).path("runId").asText()).isEqualTo(ids.get(1));
    String next = cached.path("next").asText();
    JsonNode page2 = f.http.get("/api/runs?workflow=cached&limit=2&after=" + java.net.URLEncoder.encode(next, "UTF-8")).json();
    assertThat(page2.path("runs")).hasSize(1);
    assertThat(page2.path("runs").get(0).path("runId").asText()).isEqualTo(ids.get(0));
    assertThat(page2.path("next").isNull()).isTrue();

    JsonNode failedOnly = f.http.get("/api/runs?state=failed").json();
    assertThat(failedOnly.path("runs")).hasSize(1);
    assertThat(failedOnly.path("runs").get(0).path("originKind").asText()).isEqualTo("USER");
    assertThat(f.http.get("/api/runs?label=launch-plan=nightly").json().path("runs")).isEmpty();
    assertThat(f.http.get("/api/runs?from=2999-01-01T00:00:00Z").json().path("runs")).isEmpty();
  }

  @Test
  void badListingParametersAreRefusedNamingTheProblem() {
    assertError(f.http.get("/api/runs?state=DONE"), 400, "state 'DONE' is not one of");
    assertError(f.http.get("/api/runs?limit=0"), 400, "limit must be 1 to 500");
    assertError(f.http.get("/api/runs?limit=ten"), 400, "limit 'ten' is not a whole number");
    assertError(f.http.get("/api/runs?from=yesterday"), 400, "from 'yesterday' is not an ISO-8601 instant");
    assertError(f.http.get("/api/runs?colour=red"), 400, "unknown query parameter 'colour'");
    assertError(f.http.get("/api/runs?label=nokey"), 400, "label 'nokey' must be key=value");
    assertError(f.http.get("/api/runs?after=garbage"), 400, "page token 'garbage' is not one this server gave");
    assertError(f.http.get("/api/runs?limit=1&limit=2"), 400, "'limit' is given 2 times");
  }

  @Test
  void aRunShowsItsNodesAttemptsErrorsWithLogTailAndOrigin() throws Exception {
    RunHandle<String> failed = f.run(Flows.FAILING, "x");
    assertThatThrownBy(() -> failed.await(Duration.ofSeconds(30))).isInstanceOf(RunFailedException.class);
    JsonNode run = f.http.get("/api/runs/" + failed.runId()).json();
    assertThat(run.path("run").path("state").asText()).isEqualTo("FAILED");
    assertThat(run.path("run").path("originKind").asText()).isEqualTo("USER");
    assertThat(run.path("live").asBoolean()).isFalse();
    JsonNode load = node(run, "load-shards");
    assertThat(load.path("state").asText()).isEqualTo("FAILED");
    assertThat(load.path("executor").asText()).isEqualTo("local");
    assertThat(load.path("attemptName").asText()).startsWith(failed.runId());
    assertThat(load.path("inputs").path("in0").asText()).isEqualTo("node prepare");
    assertThat(load.path("error").path("logTail").asText()).contains("disk full on /data/shard-7");
    assertThat(load.path("attemptList").get(0).path("outcome").asText()).isEqualTo("FAILED");
    assertThat(node(run, "prepare").path("output").asText()).contains("x");

    JsonNode one = f.http.get("/api/runs/" + failed.runId() + "/node?path=load-shards").json();
    assertThat(one.path("error").path("logTail").asText()).contains("disk full");
  }

  @Test
  void retriesShowEachAttemptAndTheWaitBetweenThem() throws Exception {
    RunHandle<String> run = f.run(Flows.FLAKY, "retry-" + System.nanoTime());
    run.await(Duration.ofSeconds(30));
    JsonNode flaky = f.http.get("/api/runs/" + run.runId() + "/node?path=flaky").json();
    assertThat(flaky.path("attempts").asInt()).isEqualTo(2);
    JsonNode attempts = flaky.path("attemptList");
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).path("outcome").asText()).isEqualTo("RETRYING");
    assertThat(attempts.get(0).path("error").path("message").asText()).contains("first attempt fails");
    assertThat(attempts.get(0).path("waitUntil").asText()).isEqualTo(attempts.get(1).path("started").asText());
    assertThat(attempts.get(1).path("outcome").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aCacheHitIsShownWithTheOutputItServed() throws Exception {
    f.run(Flows.CACHED, "hello").await(Duration.ofSeconds(30));
    RunHandle<Integer> second = f.run(Flows.CACHED, "hello");
    second.await(Duration.ofSeconds(30));
    JsonNode measure = f.http.get("/api/runs/" + second.runId() + "/node?path=measure").json();
    assertThat(measure.path("state").asText()).isEqualTo("CACHED");
    assertThat(measure.path("cached").asBoolean()).isTrue();
    assertThat(measure.path("output").asText()).isEqualTo("5");
  }

  @Test
  void theDagAndTheJournalHistoryOfARun() throws Exception {
    RunHandle<String> run = f.run(Flows.SLOW, "dag-" + System.nanoTime());
    JsonNode dag = f.http.get("/api/runs/" + run.runId() + "/dag").json();
    assertThat(dag.path("workflow").asText()).isEqualTo("slow");
    assertThat(dag.path("nodes").findValuesAsText("id")).containsExactly("prepare", "hold", "finish");
    assertThat(dag.path("edges").toString()).contains("{\"from\":\"prepare\",\"to\":\"hold\"}", "{\"from\":\"hold\",\"to\":\"finish\"}");
    JsonNode history = f.http.get("/api/runs/" + run.runId() + "/history").json().path("records");
    assertThat(history.get(0).path("type").asText()).isEqualTo("run-started");
    assertThat(f.http.get("/api/runs/" + run.runId() + "/history?from=1").json().path("records").get(0).path("seq").asInt()).isEqualTo(1);
    assertError(f.http.get("/api/runs/" + run.runId() + "/history?from=-1"), 400, "from must be 0 or more");
    run.cancel();
  }

  @Test
  void badRunIdsUnknownRunsAndUnknownNodesAre4xxNamingThem() {
    assertError(f.http.get("/api/runs/no-such-run"), 404, "no run 'no-such-run'");
    assertError(f.http.get("/api/runs/bad%20id"), 400, "run id 'bad id' has a ' ' at 3");
    assertError(f.http.get("/api/runs/..%2Fsecrets"), 400, "run id");
    RunHandle<Integer> run = f.run(Flows.CACHED, "abc");
    run.await();
    assertError(f.http.get("/api/runs/" + run.runId() + "/node?path=nope"), 404, "has no node 'nope'; its nodes: [measure]");
    assertError(f.http.get("/api/runs/" + run.runId() + "/node"), 400, "give the node's path");
    assertError(f.http.get("/api/runs/" + run.runId() + "/wat"), 404, "no API endpoint");
    assertError(f.http.get("/api/nothing"), 404, "see /api/openapi.json");
    assertError(f.http.send(HttpRequest.newBuilder(f.http.base.resolve("/api/runs")).POST(HttpRequest.BodyPublishers.noBody())),
        405, "use GET");
  }

  @Test
  void noSecretIsShownInAnyViewOfARun() throws Exception {
    RunHandle<String> run = f.run(Flows.SECRETIVE, "in");
    assertThat(run.await(Duration.ofSeconds(30))).isEqualTo("ok");
    for (String path : List.of("", "/dag", "/history", "/node?path=secretive", "/actions")) {
      Http.Reply reply = f.http.get("/api/runs/" + run.runId() + path);
      assertThat(reply.status()).as(path).isEqualTo(200);
      assertThat(reply.body()).as(path).doesNotContain(Flows.SECRET);
    }
  }

  @Test
  void plansShowTheirNextFirings() {
    JsonNode plans = f.http.get("/api/plans").json().path("plans");
    assertThat(plans).hasSize(1);
    assertThat(plans.get(0).path("name").asText()).isEqualTo("nightly");
    assertThat(plans.get(0).path("workflow").asText()).isEqualTo("cached");
    JsonNode next = plans.get(0).path("schedules").get(0).path("next");
    assertThat(next).hasSize(5);
    assertThat(next.get(0).asText()).endsWith("T02:00:00Z");
  }

  @Test
  void theOpenApiDescriptionNamesEveryRoute() {
    JsonNode api = f.http.get("/api/openapi.json").json();
    assertThat(api.path("openapi").asText()).startsWith("3.");
    assertThat(api.path("paths").fieldNames()).toIterable().contains(
        "/api/runs", "/api/runs/{runId}", "/api/runs/{runId}/node", "/api/runs/{runId}/dag",
        "/api/runs/{runId}/history", "/api/runs/{runId}/events", "/api/runs/{runId}/cancel",
        "/api/runs/{runId}/resume", "/api/runs/{runId}/recover", "/api/plans", "/api/plans/{plan}/launch",
        "/api/triggers", "/api/gates", "/api/runs/{runId}/gates", "/api/runs/{runId}/gates/{gate}/signal",
        "/api/runs/{runId}/gates/{gate}/approve", "/api/runs/{runId}/gates/{gate}/reject", "/api/runs/{runId}/fork");
  }

  @Test
  void requestsForAnotherHostNameAreRefused() throws Exception {
    // a page on evil.example that rebinds its name to 127.0.0.1 sends Host: evil.example
    try (java.net.Socket socket = new java.net.Socket(f.http.base.getHost(), f.http.base.getPort())) {
      socket.getOutputStream().write(
          "GET /api/runs HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(reply).startsWith("HTTP/1.1 421").contains("answers requests for localhost or 127.0.0.1 only");
    }
  }

  static JsonNode node(JsonNode run, String path) {
    for (JsonNode n : run.path("nodes")) {
      if (n.path("path").asText().equals(path)) {
        return n;
      }
    }
    throw new AssertionError("no node " + path + " in " + run);
  }

  static void assertError(Http.Reply reply, int status, String message) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.error()).contains(message);
  }
}
