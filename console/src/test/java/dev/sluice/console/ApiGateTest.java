package dev.sluice.console;

import static dev.sluice.console.ApiReadTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.store.ArtifactStores;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Gates through the API: listing waiting gates, signal, approve and reject, each refusal's status and words. */
class ApiGateTest extends ConsoleTestBase {
  private static final String T = ConsoleFixture.TOKEN;

  private <O> RunHandle<O> waitingAt(RunHandle<O> run, String gate) {
    Await.until(gate + " waiting", () -> run.status().node(gate).map(n -> n.state() == NodeState.WAITING).orElse(false));
    return run;
  }

  private static String gates(String runId) {
    return "/api/runs/" + runId + "/gates/";
  }

  @Test
  void aWaitingApprovalIsListedAndApprovingItLetsTheRunContinueWithWhoAndWhy() throws Exception {
    RunHandle<String> run = waitingAt(f.run(Flows.APPROVAL, "model-7"), "promote");

    JsonNode detail = f.http.get("/api/runs/" + run.runId()).json();
    assertThat(detail.path("waiting")).hasSize(1);
    JsonNode gate = detail.path("waiting").get(0);
    assertThat(gate.path("path").asText()).isEqualTo("promote");
    assertThat(gate.path("approval").asBoolean()).isTrue();
    assertThat(gate.path("expects").asText()).contains("approval 'promote'");
    assertThat(gate.path("deadline").asText()).isNotEmpty(); // the 4 h timeout: until when
    assertThat(f.http.get("/api/runs/" + run.runId() + "/gates").json().path("gates").get(0).path("path").asText())
        .isEqualTo("promote");
    Await.until("listed among all waiting gates",
        () -> f.http.get("/api/gates").body().contains("\"runId\":\"" + run.runId() + "\""));

    Http.Reply reply = f.http.post(gates(run.runId()) + "promote/approve", T, "{\"by\":\"ada\",\"reason\":\"beats the champion\"}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().path("verb").asText()).isEqualTo("approve");
    assertThat(reply.json().path("message").asText()).startsWith("APPLIED");
    assertThat(run.await(Duration.ofSeconds(30))).isEqualTo("deployed (ada: beats the champion)");

    JsonNode actions = f.http.get("/api/runs/" + run.runId() + "/actions").json().path("actions");
    assertThat(actions.get(0).path("actor").asText()).startsWith("alice from 127.0.0.1");
    historyOfARunWithAGateShowsTheWaitAndTheSignal(run.runId());
    assertThat(f.engine.journal().history(run.runId()).signals().get(0).payloadJson()).contains("beats the champion");
  }

  /**
   * Defect: the history (and so the live event stream of the run page) of a run with a gate failed
   * with a 500 (a ClassCastException on the GateWaiting record).
   */
  private void historyOfARunWithAGateShowsTheWaitAndTheSignal(String runId) {
    Http.Reply history = f.http.get("/api/runs/" + runId + "/history");
    assertThat(history.status()).as(history.body()).isEqualTo(200);
    assertThat(history.body()).contains("\"type\":\"gate-waiting\"", "waits for approval 'promote' (Approval) until",
        "\"type\":\"signal\"", "beats the champion");
  }

  @Test
  void rejectDecidesTheOtherWayAndTheSameSignalIdTwiceIsADuplicate() throws Exception {
    RunHandle<String> run = waitingAt(f.run(Flows.APPROVAL, "model-8"), "promote");
    String body = "{\"reason\":\"worse on cohort B\",\"signalId\":\"ticket-1\"}";
    assertThat(f.http.post(gates(run.runId()) + "promote/reject", T, body).json().path("message").asText()).startsWith("APPLIED");
    assertThat(run.await(Duration.ofSeconds(30))).isEqualTo("kept the champion");
    // by defaults to who asked (alice), without the address
    assertThat(f.engine.journal().history(run.runId()).signals().get(0).payloadJson()).contains("\"by\":\"alice\"");
    Http.Reply again = f.http.post(gates(run.runId()) + "promote/reject", T, body);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().path("message").asText()).startsWith("DUPLICATE");
  }

  @Test
  void badSignalsAreRefusedWithAStatusAndAMessageNamingTheProblemAndChangeNothing() throws Exception {
    RunHandle<Long> run = waitingAt(f.run(Flows.INGEST, "partner"), "partner-file");
    String g = gates(run.runId());
    assertError(f.http.post(g + "partner-file/signal", null, "{\"payload\":{\"uri\":\"s3://in/f.csv\",\"rows\":10}}"), 401,
        "actions need the console's token");
    assertError(f.http.post(g + "nope/signal", T, "{\"payload\":{}}"), 404, "has no gate 'nope'; waiting now: [partner-file");
    assertError(f.http.post(g + "prepare/signal", T, "{\"payload\":{}}"), 409, "node 'prepare' of run '" + run.runId() + "' is not waiting (it is SUCCEEDED)");
    assertError(f.http.post(g + "partner-file/signal", T, "{\"payload\":{\"uri\":\"s3://in/f.csv\",\"rows\":\"many\"}}"), 422,
        "the payload does not fit gate 'partner-file', which takes a dev.sluice.console.Flows$FileReady (fields: uri String, rows long)");
    assertError(f.http.post(g + "partner-file/signal", T, "{\"payload\":{\"uri\":\"s3://in/f.csv\",\"rows\":0}}"), 422,
        "was refused by its validator: the file is empty");
    assertError(f.http.post(g + "partner-file/signal", T, "{\"signalId\":\"x\"}"), 400, "give the signal's payload");
    assertError(f.http.post(g + "partner-file/signal", T, "{\"payload\":1,\"force\":true}"), 400, "unknown field 'force'");
    assertError(f.http.post(g + "partner-file/approve", T, "{}"), 422, "not an approval");
    assertError(f.http.post(g + "partner-file/poke", T, "{}"), 404, "a gate takes signal, approve or reject");
    assertThat(run.status().node("partner-file").get().state()).isEqualTo(NodeState.WAITING);
    assertThat(f.http.get("/api/runs/" + run.runId() + "/actions").json().path("actions")).allSatisfy(
        a -> assertThat(a.path("outcome").asText()).isEqualTo("REFUSED"));

    Http.Reply ok = f.http.post(g + "partner-file/signal", T, "{\"payload\":{\"uri\":\"s3://in/f.csv\",\"rows\":10}}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(run.await(Duration.ofSeconds(30))).isEqualTo(10L);
    assertError(f.http.post(g + "partner-file/signal", T, "{\"payload\":{\"uri\":\"u\",\"rows\":1}}"), 409, "already ended SUCCEEDED");
  }

  @Test
  void aSignalThroughAReadOnlyConsoleIsStoredAndTheEngineHoldingTheRunAppliesIt() throws Exception {
    RunHandle<String> run = waitingAt(f.run(Flows.APPROVAL, "model-9"), "promote");
    try (Console ro = Console.builder().runStore(f.runStore, ArtifactStores.filesystem(dir.resolve("store")))
        .port(0).token(T).announce(null).start()) {
      Http http = new Http(ro.uri());
      Await.until("journal shows the gate waiting", () -> http.get("/api/runs/" + run.runId() + "/gates").body().contains("promote"));
      Http.Reply reply = http.post(gates(run.runId()) + "promote/approve", T, "{\"by\":\"grace\",\"reason\":\"signed off\"}");
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      assertThat(reply.json().path("message").asText()).startsWith("STORED").contains("kept in the run store");
      assertThat(run.await(Duration.ofSeconds(30))).isEqualTo("deployed (grace: signed off)");
      assertThat(http.get("/api/runs/" + run.runId() + "/actions").json().path("actions").get(0).path("verb").asText())
          .isEqualTo("approve");
      // a fork needs the engine: refused, and says why
      assertError(http.post("/api/runs/" + run.runId() + "/fork", T, "{\"from\":\"deploy\"}"), 409, "this console is read-only");
    }
    assertThat(RunJournal.of(f.runStore, ArtifactStores.filesystem(dir.resolve("store")), Clock.systemUTC())
        .waitingGates(run.runId())).isEmpty();
  }
}
