package dev.sluice.benchmarks.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.reflect.TypeToken;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import dev.sluice.executor.ray.RayConfig;
import dev.sluice.executor.ray.RayExecutor;
import dev.sluice.testing.ray.RayJobsServer;
import io.github.resilience4j.core.IntervalFunction;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

/**
 * Submissions per second and follow overhead of the Ray executor for {@code N} (default 200)
 * concurrent trivial jobs against the Ray Jobs stand-in, next to {@link RawRayJobs} doing the same
 * submit-and-poll with bare HTTP calls, in the same run. Each round gets a fresh stand-in; the arms
 * alternate. Per round it prints:
 *
 * <ul>
 *   <li>submissions/s: N over the time from the start to the last job's {@code start_time} (set by
 *       the stand-in when it accepts the POST);
 *   <li>makespan: start to the last job's result in the caller's hands;
 *   <li>follow overhead: per job, the result in the caller's hands minus the job's {@code end_time}
 *       (median and p95) — the poll interval and everything after the job ended. The raw arm polls
 *       each job with its own {@code GET /api/jobs/{id}} every interval; the executor lists all
 *       jobs with one {@code GET /api/jobs/} per interval.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.ray.RayThroughput [jobs] [rounds] [poll ms]
 * </pre>
 */
public final class RayThroughput {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Duration poll = RayConfig.DEFAULT_POLL;

  private RayThroughput() {}

  /** One arm's round. */
  record Round(String arm, double submitsPerSecond, long makespanMs, long followMedianMs, long followP95Ms) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if (args.length > 2) {
      poll = Duration.ofMillis(Long.parseLong(args[2]));
    }
    Path dir = Files.createTempDirectory("sluice-ray-bench");
    System.out.printf(Locale.ROOT, "%d concurrent trivial jobs, %d rounds (+1 warm-up), %d cores, poll %s%n",
        n, rounds, Runtime.getRuntime().availableProcessors(), poll);
    List<Round> results = new ArrayList<>();
    for (int r = 0; r <= rounds; r++) {
      Round raw = raw(dir.resolve("raw-" + r), n);
      Round sluice = sluice(dir.resolve("sluice-" + r), n);
      if (r > 0) {
        results.add(raw);
        results.add(sluice);
      }
      System.out.printf(Locale.ROOT, "%s round %d: %s%n%s round %d: %s%n", raw.arm(), r, raw, sluice.arm(), r, sluice);
    }
    System.out.println();
    System.out.println("| arm | submissions/s | makespan (ms) | follow overhead median (ms) | p95 (ms) |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (String arm : List.of("raw HTTP", "Sluice RayExecutor")) {
      List<Round> mine = results.stream().filter(x -> x.arm().equals(arm)).toList();
      System.out.printf(Locale.ROOT, "| %s | %.0f | %d | %d | %d |%n", arm,
          median(mine.stream().map(Round::submitsPerSecond).toList()),
          (long) median(mine.stream().map(x -> (double) x.makespanMs()).toList()),
          (long) median(mine.stream().map(x -> (double) x.followMedianMs()).toList()),
          (long) median(mine.stream().map(x -> (double) x.followP95Ms()).toList()));
    }
  }

  private static Round raw(Path dir, int n) throws Exception {
    Files.createDirectories(dir);
    ExecutorService requests = Executors.newFixedThreadPool(8);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (RayJobsServer ray = RayJobsServer.builder().capacity("CPU", 10_000).logDirectory(dir.resolve("logs")).start()) {
      IntervalFunction backoff = IntervalFunction.of(poll);
      RawRayJobs client = new RawRayJobs(ray.address(), dir, requests, scheduler, backoff);
      long t0 = System.currentTimeMillis();
      Map<String, Long> done = client.run("raw", n);
      return measure("raw HTTP", ray.address(), t0, done);
    } finally {
      requests.shutdownNow();
      scheduler.shutdownNow();
    }
  }

  private static Round sluice(Path dir, int n) throws Exception {
    Task1<Integer, Integer> trivial = Task.named("trivial").command("sh", "-c", "echo $SLUICE_ATTEMPT > \"$SLUICE_OUTPUTS_URI\"")
        .executor("ray").of(Integer.class, Integer.class);
    @SuppressWarnings("serial")
    Type ints = new TypeToken<List<Integer>>() {}.getType();
    List<Integer> items = IntStream.range(0, n).boxed().toList();
    Workflow<Integer, List<Integer>> fan = Workflow.named("ray-fan", Integer.class, (wf, x) -> {
      Value<List<Integer>> list = wf.literal(items, ints);
      return wf.map(trivial, list);
    });
    try (RayJobsServer ray = RayJobsServer.builder().capacity("CPU", 10_000).logDirectory(dir.resolve("logs")).start()) {
      RayExecutor executor = RayExecutor.connect(RayConfig.builder(ray.address()).maxJobsInFlight(n)
          .poll(poll).build());
      Map<String, Long> done = new ConcurrentHashMap<>();
      TaskExecutor timed = attempt -> executor.start(attempt)
          .whenComplete((v, e) -> done.put(attempt.attemptName(), System.currentTimeMillis()));
      try (Engine engine = Engine.builder().workDirectory(dir).store(ArtifactStores.filesystem(dir.resolve("store")))
          .executor("ray", timed).build()) {
        long t0 = System.currentTimeMillis();
        List<Integer> out = engine.run(fan, 0).await(Duration.ofMinutes(10));
        if (out.size() != n || out.stream().anyMatch(v -> v != 1)) {
          throw new IllegalStateException("wrong results: " + out);
        }
        return measure("Sluice RayExecutor", ray.address(), t0, done);
      } finally {
        executor.close();
      }
    }
  }

  /** Reads the stand-in's start and end times of every job and relates them to the caller's. */
  private static Round measure(String arm, URI dashboard, long t0, Map<String, Long> done) throws Exception {
    HttpResponse<String> list = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(dashboard + "/api/jobs/")).build(), HttpResponse.BodyHandlers.ofString());
    long lastStart = 0;
    List<Double> follow = new ArrayList<>();
    for (JsonNode job : JSON.readTree(list.body())) {
      lastStart = Math.max(lastStart, job.get("start_time").asLong());
      Long got = done.get(job.get("submission_id").asText());
      if (got == null) {
        throw new IllegalStateException("no completion recorded for " + job.get("submission_id"));
      }
      follow.add((double) (got - job.get("end_time").asLong()));
    }
    long end = Collections.max(done.values());
    return new Round(arm, done.size() * 1000.0 / Math.max(1, lastStart - t0), end - t0,
        (long) median(follow), (long) percentile(follow, 0.95));
  }

  private static double median(List<Double> values) {
    return percentile(values, 0.5);
  }

  private static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
  }
}
