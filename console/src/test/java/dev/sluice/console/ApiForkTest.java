package dev.sluice.console;

import static dev.sluice.console.ApiReadTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.engine.RunHandle;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Forking a run from a node through the API, with an input field changed; and the refusals. */
class ApiForkTest extends ConsoleTestBase {
  private static final String T = ConsoleFixture.TOKEN;

  @Test
  void forkFromANodeWithAChangedInputFieldRunsThatNodeAgain() throws Exception {
    RunHandle<String> run = f.engine.run(Flows.TUNE, new Flows.Params("m", 0.5));
    assertThat(run.await(Duration.ofSeconds(30))).isEqualTo("M@0.5");

    Http.Reply reply = f.http.post("/api/runs/" + run.runId() + "/fork", T, "{\"from\":\"label\",\"input\":{\"threshold\":\"0.9\"}}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    String forked = reply.json().path("runId").asText();
    assertThat(forked).isNotEqualTo(run.runId());
    assertThat(reply.json().path("message").asText()).contains("from node 'label'").contains("[threshold]");
    Await.until("fork ended", () -> f.http.get("/api/runs/" + forked).json().path("run").path("state").asText().equals("SUCCEEDED"));
    JsonNode detail = f.http.get("/api/runs/" + forked).json();
    assertThat(detail.path("run").path("originKind").asText()).isEqualTo("FORK");
    assertThat(detail.path("run").path("originName").asText()).isEqualTo(run.runId());
    assertThat(f.engine.journal().history(forked).nodes().stream().filter(n -> n.path().equals("shout")).findFirst()
        .orElseThrow().outputJson().orElseThrow()).isEqualTo("\"M@0.9\"");
    assertThat(detail.path("actions").get(0).path("verb").asText()).isEqualTo("fork");
  }

  @Test
  void badForksAreRefusedNamingTheProblem() throws Exception {
    RunHandle<String> run = f.engine.run(Flows.TUNE, new Flows.Params("m", 0.5));
    run.await(Duration.ofSeconds(30));
    String fork = "/api/runs/" + run.runId() + "/fork";
    assertError(f.http.post(fork, null, "{\"from\":\"label\"}"), 401, "actions need the console's token");
    assertError(f.http.post(fork, T, "{}"), 400, "give the node to fork from");
    assertError(f.http.post(fork, T, "{\"from\":\"nope\"}"), 404, "has no such top-level node");
    assertError(f.http.post(fork, T, "{\"from\":\"label\",\"input\":{\"treshold\":\"0.9\"}}"), 422,
        "has no field 'treshold'; its fields: [name, threshold]");
    assertError(f.http.post(fork, T, "{\"from\":\"label\",\"input\":{\"threshold\":\"high\"}}"), 422,
        "does not fit dev.sluice.console.Flows$Params (fields: name String, threshold double)");
    assertError(f.http.post(fork, T, "{\"from\":\"label\",\"input\":[1]}"), 400, "field 'input' must be an object");

    RunHandle<String> running = f.run(Flows.SLOW, "fork-running-" + System.nanoTime());
    assertError(f.http.post("/api/runs/" + running.runId() + "/fork", T, "{\"from\":\"hold\"}"), 409, "has not ended");
    running.cancel();
  }
}
