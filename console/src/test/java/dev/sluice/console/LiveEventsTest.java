package dev.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.engine.RunHandle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-sent events, read with a real HTTP client as they arrive. */
class LiveEventsTest extends ConsoleTestBase {

  record Event(String id, String name, JsonNode data) {}

  @Test
  void aRunsNodeTransitionsArriveAsTheyHappenThenTheEnd() throws Exception {
    String key = "sse-" + System.nanoTime();
    RunHandle<String> run = f.run(Flows.SLOW, key);
    HttpResponse<java.io.InputStream> response =
        f.http.client.send(HttpRequest.newBuilder(f.http.base.resolve("/api/runs/" + run.runId() + "/events"))
            .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      List<Event> seen = new ArrayList<>();
      // the stream is open while hold waits: its RUNNING arrives before the test lets it go
      readUntil(in, seen, e -> e.name().equals("node") && e.data().path("node").asText().equals("hold")
          && e.data().path("state").asText().equals("RUNNING"));
      assertThat(run.isDone()).isFalse();
      Flows.release(key);
      readUntil(in, seen, e -> e.name().equals("end"));
      assertThat(seen).anySatisfy(e -> {
        assertThat(e.data().path("node").asText()).isEqualTo("hold");
        assertThat(e.data().path("state").asText()).isEqualTo("SUCCEEDED");
      });
      assertThat(seen).anySatisfy(e -> {
        assertThat(e.name()).isEqualTo("run");
        assertThat(e.data().path("state").asText()).isEqualTo("SUCCEEDED");
      });
      assertThat(seen.get(0).name()).isEqualTo("run-started");
      assertThat(seen.get(0).id()).isEqualTo("0");
    }
    // resuming after the last event seen sends only what followed
    HttpResponse<String> tail =
        f.http.client.send(HttpRequest.newBuilder(f.http.base.resolve("/api/runs/" + run.runId() + "/events"))
            .header("Last-Event-ID", "2").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(tail.body()).doesNotContain("id: 2\n").contains("id: 3\n").contains("event: end");
  }

  @Test
  void readsStillAnswerWhileManyEventStreamsAreOpen() throws Exception {
    String key = "many-" + System.nanoTime();
    RunHandle<String> run = f.run(Flows.SLOW, key);
    List<HttpResponse<java.io.InputStream>> streams = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) { // more than the 8 threads the server once had for everything
        HttpResponse<java.io.InputStream> r = f.http.client.send(
            HttpRequest.newBuilder(f.http.base.resolve("/api/runs/" + run.runId() + "/events"))
                .timeout(Duration.ofSeconds(10)).build(), // the run holds for 60 s: a queued stream times out
            HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        streams.add(r);
      }
      Http.Reply list = f.http.send(HttpRequest.newBuilder(f.http.base.resolve("/api/runs")).timeout(Duration.ofSeconds(10)));
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.body()).contains(run.runId());
    } finally {
      Flows.release(key);
      for (HttpResponse<java.io.InputStream> r : streams) {
        r.body().close();
      }
    }
  }

  @Test
  void aStreamOfAnUnknownRunIs404BeforeItOpens() {
    Http.Reply reply = f.http.get("/api/runs/nope/events");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).contains("no run 'nope'");
    assertThat(f.http.get("/api/runs/nope/events?from=x").status()).isEqualTo(400);
  }

  private static void readUntil(BufferedReader in, List<Event> seen, java.util.function.Predicate<Event> last) throws Exception {
    String id = null;
    String name = null;
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        name = line.substring(7);
      } else if (line.startsWith("data: ")) {
        Event e = new Event(id, name, Http.JSON.readTree(line.substring(6)));
        seen.add(e);
        if (last.test(e)) {
          return;
        }
      }
    }
    throw new AssertionError("the stream ended before the expected event; seen " + seen);
  }
}
