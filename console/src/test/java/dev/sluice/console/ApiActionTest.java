package dev.sluice.console;

import static dev.sluice.console.ApiReadTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.store.ArtifactStores;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Actions: the token, the method, the body, what each does, and the log of who asked. */
class ApiActionTest extends ConsoleTestBase {

  private RunHandle<String> holding(String key) {
    RunHandle<String> run = f.run(Flows.SLOW, key);
    Await.until("hold running", () -> run.status().node("hold").map(n -> n.state().name().equals("RUNNING")).orElse(false));
    return run;
  }

  @Test
  void anActionWithoutTheTokenIs401WithAnotherTokenIs403AndChangesNothing() {
    RunHandle<String> run = holding("no-token-" + System.nanoTime());
    assertError(f.http.post("/api/runs/" + run.runId() + "/cancel", null), 401, "actions need the console's token");
    assertError(f.http.post("/api/runs/" + run.runId() + "/cancel", "not-the-token-000000"), 403, "the token is not this console's");
    assertError(f.http.post("/api/plans/nightly/launch", null), 401, "Authorization: Bearer");
    assertThat(run.isDone()).isFalse();
    assertThat(f.http.get("/api/runs/" + run.runId() + "/actions").json().path("actions")).isEmpty();
    assertThat(f.http.get("/api/runs?label=launch-plan=nightly").json().path("runs")).isEmpty();
    run.cancel();
  }

  @Test
  void cancelStopsARunningRunAndIsJournaledWithWhoAsked() throws Exception {
    RunHandle<String> run = holding("cancel-" + System.nanoTime());
    Http.Reply reply = f.http.post("/api/runs/" + run.runId() + "/cancel", ConsoleFixture.TOKEN);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().path("outcome").asText()).isEqualTo("DONE");
    assertThat(reply.json().path("actor").asText()).startsWith("alice from 127.0.0.1");
    assertThatThrownBy(() -> run.await(Duration.ofSeconds(30))).isInstanceOf(RunFailedException.class);
    assertThat(run.status().state()).isEqualTo(RunState.CANCELLED);
    Await.until("run journaled CANCELLED",
        () -> f.http.get("/api/runs/" + run.runId()).json().path("run").path("state").asText().equals("CANCELLED"));

    JsonNode actions = f.http.get("/api/runs/" + run.runId() + "/actions").json().path("actions");
    assertThat(actions).hasSize(1);
    assertThat(actions.get(0).path("verb").asText()).isEqualTo("cancel");
    assertThat(actions.get(0).path("actor").asText()).contains("alice");

    // a second cancel is refused, says why, and is journaled as refused
    assertError(f.http.post("/api/runs/" + run.runId() + "/cancel", ConsoleFixture.TOKEN), 409, "already ended CANCELLED");
    JsonNode after = f.http.get("/api/runs/" + run.runId()).json().path("actions");
    assertThat(after).hasSize(2);
    assertThat(after.get(1).path("outcome").asText()).isEqualTo("REFUSED");
  }

  @Test
  void recoverStartsANewRunFromAFailedOne() throws Exception {
    RunHandle<String> failed = f.run(Flows.FAILING, "x");
    assertThatThrownBy(() -> failed.await(Duration.ofSeconds(30))).isInstanceOf(RunFailedException.class);
    Http.Reply reply = f.http.post("/api/runs/" + failed.runId() + "/recover", ConsoleFixture.TOKEN);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    String recovered = reply.json().path("runId").asText();
    assertThat(recovered).isNotEqualTo(failed.runId());
    JsonNode run = f.http.get("/api/runs/" + recovered).json();
    assertThat(run.path("recoveredFrom").asText()).isEqualTo(failed.runId());
    assertThat(run.path("run").path("originKind").asText()).isEqualTo("RECOVERY");
    assertThat(run.path("actions").get(0).path("verb").asText()).isEqualTo("recover");
  }

  @Test
  void resumeOfAnEndedRunIsRefusedWithTheEnginesReason() throws Exception {
    RunHandle<String> failed = f.run(Flows.FAILING, "x");
    assertThatThrownBy(() -> failed.await(Duration.ofSeconds(30))).isInstanceOf(RunFailedException.class);
    assertError(f.http.post("/api/runs/" + failed.runId() + "/resume", ConsoleFixture.TOKEN), 409, "already ended FAILED");
  }

  @Test
  void launchNowStartsARunOfThePlan() {
    Http.Reply reply = f.http.post("/api/plans/nightly/launch", ConsoleFixture.TOKEN);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    String runId = reply.json().path("runId").asText();
    Await.until("launched run listed", () -> f.http.get("/api/runs?label=launch-plan=nightly").body().contains(runId));
    JsonNode run = f.http.get("/api/runs/" + runId).json();
    assertThat(run.path("run").path("originKind").asText()).isEqualTo("LAUNCH_PLAN");
    assertThat(run.path("run").path("originName").asText()).isEqualTo("nightly");
    assertError(f.http.post("/api/plans/weekly/launch", ConsoleFixture.TOKEN), 404, "no launch plan 'weekly'; plans: [nightly]");
  }

  @Test
  void actionBodiesAndMethodsAreChecked() {
    RunHandle<String> run = holding("bodies-" + System.nanoTime());
    String cancel = "/api/runs/" + run.runId() + "/cancel";
    assertError(f.http.send(json(cancel, "{\"force\":true}")), 400, "unknown field 'force'");
    assertError(f.http.send(json(cancel, "{not json")), 400, "the body is not JSON");
    assertError(f.http.send(json(cancel, "[1]")), 400, "must be a JSON object");
    assertError(f.http.send(HttpRequest.newBuilder(f.http.base.resolve(cancel)).header("Authorization", "Bearer " + ConsoleFixture.TOKEN)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("please"))), 415, "application/json");
    assertError(f.http.get(cancel), 405, "actions are POST");
    assertError(f.http.post("/api/runs/bad%24id/cancel", ConsoleFixture.TOKEN), 400, "run id 'bad$id' has a '$'");
    assertError(f.http.post("/api/runs/nope/cancel", ConsoleFixture.TOKEN), 404, "no run 'nope'");
    assertThat(run.isDone()).isFalse();
    assertThat(f.http.send(json(cancel, "{}")).status()).isEqualTo(200);
  }

  @Test
  void cancelOfARunAnotherEngineHoldsIsRequestedThroughTheStoreAndThatEngineCancelsIt() throws Exception {
    RunHandle<String> run = holding("held-elsewhere-" + System.nanoTime());
    try (Engine other = Engine.builder().workDirectory(dir.resolve("other")).runStore(f.runStore)
            .store(ArtifactStores.filesystem(dir.resolve("store"))).engineId("engine-b").build();
        Console console = Console.builder().engine(other).port(0).token(ConsoleFixture.TOKEN).announce(null).start()) {
      Http.Reply reply = new Http(console.uri()).post("/api/runs/" + run.runId() + "/cancel", ConsoleFixture.TOKEN);
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      assertThat(reply.json().path("message").asText()).startsWith("REQUESTED").contains("cancel request is kept in the run store");
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(30))).isInstanceOf(RunFailedException.class);
      assertThat(run.status().state()).isEqualTo(RunState.CANCELLED);
      assertThat(reply.json().path("actor").asText()).startsWith("alice");
    }
  }

  @Test
  void aConsoleOverARunStoreAloneIsReadOnly() throws Exception {
    RunHandle<Integer> run = f.run(Flows.CACHED, "ro");
    run.await(Duration.ofSeconds(30));
    try (Console ro = Console.builder().runStore(f.runStore, ArtifactStores.filesystem(dir.resolve("store")))
        .port(0).token(ConsoleFixture.TOKEN).announce(null).start()) {
      Http http = new Http(ro.uri());
      assertThat(http.get("/api/info").json().path("canAct").asBoolean()).isFalse();
      assertThat(http.get("/api/runs").body()).contains(run.runId());
      assertError(http.post("/api/runs/" + run.runId() + "/recover", ConsoleFixture.TOKEN), 409, "this console is read-only");
    }
  }

  @Test
  void extraRoutesAreServedBesideTheApi() {
    try (Console withMetrics = Console.builder().engine(f.engine).port(0).announce(null)
        .route("/metrics", x -> {
          byte[] body = "sluice_runs 1\n".getBytes();
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        }).start()) {
      assertThat(new Http(withMetrics.uri()).get("/metrics").body()).isEqualTo("sluice_runs 1\n");
      assertThat(withMetrics.token()).hasSizeGreaterThanOrEqualTo(40);
    }
  }

  private HttpRequest.Builder json(String path, String body) {
    return HttpRequest.newBuilder(f.http.base.resolve(path)).header("Authorization", "Bearer " + ConsoleFixture.TOKEN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
  }
}
