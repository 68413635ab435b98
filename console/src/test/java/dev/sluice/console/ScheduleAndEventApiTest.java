package dev.sluice.console;

import static dev.sluice.console.ApiReadTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.OverlapPolicy;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.RunStores;
import dev.sluice.core.trigger.EventSources;
import dev.sluice.core.trigger.EventTrigger;
import dev.sluice.core.trigger.PushEventSource;
import dev.sluice.core.trigger.TriggerService;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pause, unpause and backfill through the API, and the authenticated event webhook. */
class ScheduleAndEventApiTest {
  static final String TOKEN = ConsoleFixture.TOKEN;
  static final String SECRET = "deploys-secret-0123456789";
  @TempDir Path dir;
  RunStore runStore;
  Engine engine;
  TriggerService triggers;
  Console console;
  Http http;

  @BeforeEach
  void start() {
    runStore = RunStores.filesystem(dir.resolve("store"));
    engine = Engine.builder().workDirectory(dir).runStore(runStore).build();
    LaunchPlan<String, Integer> hourly = LaunchPlan.builder("hourly", Flows.CACHED).defaultInput("")
        .schedule(Schedule.every(Duration.ofHours(1))).scheduledInput((in, t) -> t.toString()).build();
    PushEventSource deploys = EventSources.push("deploys");
    EventTrigger<String> onDeploy = EventTrigger.builder("measure-on-deploy", hourly).source(deploys)
        .inputs((e, d) -> e.payload(JsonNode.class).path("version").asText()).overlap(OverlapPolicy.allow()).build();
    triggers = TriggerService.builder(engine).launchPlan(hourly).eventTrigger(onDeploy).build();
    triggers.start();
    console = Console.builder().engine(engine).launchPlan(hourly).triggers(triggers).eventTriggers(onDeploy)
        .eventSource(deploys, SECRET).port(0).token(TOKEN).announce(null).start();
    http = new Http(console.uri());
  }

  @AfterEach
  void stop() {
    console.close();
    triggers.close();
    engine.close();
    runStore.close();
  }

  private Http.Reply post(String path, String bearer, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(console.uri().resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("X-Sluice-Actor", "alice");
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b);
  }

  @Test
  void pauseAndUnpauseAPlanThroughTheApiKeepTheStateInTheStore() {
    Http.Reply paused = post("/api/plans/hourly/pause", TOKEN, "application/json", "{\"reason\":\"migration\"}");
    assertThat(paused.status()).as(paused.body()).isEqualTo(200);
    assertThat(paused.json().path("verb").asText()).isEqualTo("pause");
    assertThat(paused.json().path("message").asText()).startsWith("paused 'hourly' (migration)");
    assertThat(triggers.pauseOf("hourly")).hasValueSatisfying(p -> assertThat(p.by()).startsWith("alice from 127.0.0.1"));

    Http.Reply resumed = post("/api/plans/hourly/resume", TOKEN, null, "");
    assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
    assertThat(triggers.pauseOf("hourly")).isEmpty();
    assertThat(post("/api/triggers/measure-on-deploy/pause", TOKEN, null, "").status()).isEqualTo(200);
    assertThat(triggers.pauseOf("measure-on-deploy")).isPresent();

    assertError(post("/api/plans/nightly/pause", TOKEN, null, ""), 404, "no trigger or launch plan named 'nightly'");
    assertError(post("/api/plans/hourly/pause", null, null, ""), 401, "Authorization: Bearer");
    assertError(post("/api/plans/hourly/pause", TOKEN, "application/json", "{\"why\":\"x\"}"), 400, "unknown field 'why'");
  }

  @Test
  void aBackfillThroughTheApiRunsOneRunPerFiringWithItsScheduledTime() {
    Http.Reply reply = post("/api/plans/hourly/backfill", TOKEN, "application/json",
        "{\"from\":\"2024-01-01T00:00:00Z\",\"to\":\"2024-01-01T03:00:00Z\",\"maxConcurrent\":2}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().path("message").asText()).startsWith("backfilling plan 'hourly': 3 firing(s)");
    Await.until("three backfilled runs ended", () -> engine.journal().runs(RunQuery.builder()
        .label(LaunchPlan.LABEL, "hourly").build()).stream().filter(r -> r.state().isTerminal()).count() == 3);
    assertThat(engine.journal().runs(RunQuery.builder().label(LaunchPlan.SCHEDULED_TIME_LABEL, "2024-01-01T01:00:00Z")
        .build())).hasSize(1);

    assertError(post("/api/plans/hourly/backfill", TOKEN, "application/json", "{\"from\":\"yesterday\",\"to\":\"2024-01-01T03:00:00Z\"}"),
        400, "from 'yesterday' is not an ISO-8601 instant");
    assertError(post("/api/plans/hourly/backfill", TOKEN, "application/json",
        "{\"from\":\"2024-01-02T00:00:00Z\",\"to\":\"2024-01-01T00:00:00Z\"}"), 400, "a backfill range must end after it starts");
  }

  @Test
  void aWebhookWithTheSourcesSecretLaunchesThePlanAndBadRequestsSayWhatIsWrong() {
    Http.Reply ok = post("/api/events/deploys", SECRET, "application/json",
        "{\"id\":\"deploy-42\",\"type\":\"deployed\",\"attributes\":{\"env\":\"prod\"},\"payload\":{\"version\":\"v42\"}}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(202);
    assertThat(ok.json().path("event").asText()).isEqualTo("deploy-42");
    JsonNode decision = ok.json().path("decisions").get(0);
    assertThat(decision.path("decision").asText()).isEqualTo("LAUNCHED");
    assertThat(decision.path("reason").asText()).startsWith("deployed event deploy-42 from deploys → launched run ");
    Await.until("the run of the event", () -> engine.journal().runs(RunQuery.builder()
        .label(EventTrigger.EVENT_LABEL, "deploy-42").build()).size() == 1);
    assertThat(post("/api/events/deploys", TOKEN, "application/json", "{\"version\":\"v43\"}").status())
        .as("the console's token is accepted too").isEqualTo(202);

    assertError(post("/api/events/deploys", null, "application/json", "{}"), 401, "the console's token or the source's secret");
    assertError(post("/api/events/deploys", "wrong-secret-000000000", "application/json", "{}"), 403,
        "neither the console's token nor the secret of event source 'deploys'");
    assertError(post("/api/events/builds", SECRET, "application/json", "{}"), 404, "no event source 'builds'");
    assertError(post("/api/events/deploys", SECRET, "text/plain", "hello"), 415, "send the body as application/json");
    assertError(post("/api/events/deploys", SECRET, "application/json", "{nope"), 400, "the body is not JSON");
    assertError(post("/api/events/deploys", SECRET, "application/json", "[1]"), 400, "the body must be a JSON object");
    assertError(post("/api/events/deploys", SECRET, "application/json",
        "{\"id\":\"x\",\"attributes\":{\"n\":1},\"payload\":{}}"), 400, "attribute 'n' must be a string");
    assertThat(http.get("/api/triggers").json().path("triggers").findValuesAsText("name")).contains("measure-on-deploy");
  }

  @Test
  void theOpenApiDescriptionNamesTheScheduleAndEventRoutes() {
    JsonNode api = http.get("/api/openapi.json").json();
    assertThat(api.path("paths").fieldNames()).toIterable().contains(
        "/api/plans/{plan}/pause", "/api/plans/{plan}/resume", "/api/plans/{plan}/backfill",
        "/api/triggers/{trigger}/pause", "/api/triggers/{trigger}/resume", "/api/events/{source}");
    assertThat(api.path("paths").path("/api/events/{source}").path("post").path("responses").fieldNames()).toIterable()
        .contains("202", "400", "401", "403", "404", "413", "415", "503");
  }
}
