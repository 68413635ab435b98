package dev.sluice.benchmarks.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The floor: the same jobs submitted and followed with bare HTTP calls — {@code POST /api/jobs/},
 * then {@code GET /api/jobs/{id}} every poll interval, then the output file read —
 * on the same kind of thread pool, with no engine, no staging, no retries or circuit breaker.
 */
final class RawRayJobs {
  private final URI dashboard;
  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();
  private final ExecutorService requests;
  private final ScheduledExecutorService scheduler;
  private final IntervalFunction backoff;

  RawRayJobs(URI dashboard, Path dir, ExecutorService requests, ScheduledExecutorService scheduler,
      IntervalFunction backoff) {
    this.dashboard = dashboard;
    this.dir = dir;
    this.requests = requests;
    this.scheduler = scheduler;
    this.backoff = backoff;
  }

  /** Runs {@code n} jobs at once; returns each job's completion time (ms since epoch) by id. */
  Map<String, Long> run(String prefix, int n) {
    Map<String, Long> done = new ConcurrentHashMap<>();
    List<CompletableFuture<Integer>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + "-" + i;
      Path out = dir.resolve(id + ".json");
      String body = json.createObjectNode()
          .put("entrypoint", "sh -c 'echo " + i + " > " + out + "'")
          .put("submission_id", id)
          .toString();
      CompletableFuture<Integer> job = new CompletableFuture<>();
      requests.execute(() -> {
        send("POST", "/api/jobs/", body);
        poll(id, out, 1, job);
      });
      all.add(job.whenComplete((v, e) -> done.put(id, System.currentTimeMillis())));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return done;
  }

  private void poll(String id, Path out, int attempt, CompletableFuture<Integer> job) {
    scheduler.schedule(() -> requests.execute(() -> {
      JsonNode details = read(send("GET", "/api/jobs/" + id, null));
      String status = details.path("status").asText();
      if (status.equals("SUCCEEDED")) {
        try {
          job.complete(Integer.valueOf(Files.readString(out).trim()));
        } catch (IOException e) {
          job.completeExceptionally(e);
        }
      } else if (status.equals("FAILED") || status.equals("STOPPED")) {
        job.completeExceptionally(new IllegalStateException(id + " " + status + ": " + details.path("message")));
      } else {
        poll(id, out, attempt + 1, job);
      }
    }), backoff.apply(attempt), TimeUnit.MILLISECONDS);
  }

  private String send(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(dashboard + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode read(String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
