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
import dev.sluice.testing.ray.RecordedRequest;
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
import java.util.stream.IntStream;

/**
 * The Ray executor's own overhead per job with the default configuration, for jobs that last as
 * long as trivial jobs do on a real head (1–3 s from submission to the end): {@code N} (default 40)
 * jobs at once, job {@code i} sleeping {@code 1 + 2·i/N} seconds, against the Ray Jobs stand-in.
 * Per job, overhead = the result in the caller's hands minus the job's {@code end_time} (stamped by
 * the stand-in when the process exited); printed as median, p95 and max over all rounds, with the
 * dashboard requests the executor made per job and per job-second.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.ray.RayFollowOverhead [jobs] [rounds]
 * </pre>
 */
public final class RayFollowOverhead {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RayFollowOverhead() {}

  /** One round: each job's overhead (ms), the requests made, the jobs' summed run time (s). */
  record Round(List<Double> overheadMs, int requests, double jobSeconds) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createTempDirectory("sluice-ray-overhead");
    System.out.printf(Locale.ROOT, "%d concurrent jobs of 1-3 s, %d rounds (+1 warm-up), %d cores, default RayConfig%n",
        n, rounds, Runtime.getRuntime().availableProcessors());
    List<Double> all = new ArrayList<>();
    int requests = 0;
    double jobSeconds = 0;
    for (int r = 0; r <= rounds; r++) {
      Round round = round(dir.resolve("round-" + r), n);
      System.out.printf(Locale.ROOT, "round %d: overhead median %.0f ms, p95 %.0f ms, max %.0f ms; %d requests%n", r,
          percentile(round.overheadMs(), 0.5), percentile(round.overheadMs(), 0.95),
          Collections.max(round.overheadMs()), round.requests());
      if (r > 0) {
        all.addAll(round.overheadMs());
        requests += round.requests();
        jobSeconds += round.jobSeconds();
      }
    }
    System.out.printf(Locale.ROOT, "%n| jobs | overhead median | p95 | max | requests per job | requests per job-second |%n");
    System.out.printf(Locale.ROOT, "|---:|---:|---:|---:|---:|---:|%n");
    System.out.printf(Locale.ROOT, "| %d × %d | %.0f ms | %.0f ms | %.0f ms | %.1f | %.2f |%n", rounds, n,
        percentile(all, 0.5), percentile(all, 0.95), Collections.max(all), requests / (double) (rounds * n),
        requests / jobSeconds);
  }

  private static Round round(Path dir, int n) throws Exception {
    Task1<Integer, Integer> sleeper = Task.named("sleeper")
        .command("sh", "-c", "ms=$(sed 's/.*:[[:space:]]*\\([0-9][0-9]*\\).*/\\1/' \"$SLUICE_INPUTS_URI\"); "
            + "sleep $(awk \"BEGIN{printf \\\"%.3f\\\", $ms/1000}\"); echo 1 > \"$SLUICE_OUTPUTS_URI\"")
        .executor("ray").of(Integer.class, Integer.class);
    @SuppressWarnings("serial")
    Type ints = new TypeToken<List<Integer>>() {}.getType();
    // job i sleeps 1 + 2i/n s: its input is the number of milliseconds
    List<Integer> items = IntStream.range(0, n).map(i -> 1000 + 2000 * i / n).boxed().toList();
    Workflow<Integer, List<Integer>> fan = Workflow.named("ray-sleepers", Integer.class, (wf, x) -> {
      Value<List<Integer>> list = wf.literal(items, ints);
      return wf.map(sleeper, list);
    });
    try (RayJobsServer ray = RayJobsServer.builder().capacity("CPU", 10_000).logDirectory(dir.resolve("logs")).start()) {
      RayExecutor executor = RayExecutor.connect(RayConfig.builder(ray.address()).maxJobsInFlight(n).build());
      Map<String, Long> done = new ConcurrentHashMap<>();
      TaskExecutor timed = attempt -> executor.start(attempt)
          .whenComplete((v, e) -> done.put(attempt.attemptName(), System.currentTimeMillis()));
      try (Engine engine = Engine.builder().workDirectory(dir).store(ArtifactStores.filesystem(dir.resolve("store")))
          .executor("ray", timed).build()) {
        int before = ray.requests().size();
        List<Integer> out = engine.run(fan, 0).await(Duration.ofMinutes(10));
        if (out.size() != n || out.stream().anyMatch(v -> v != 1)) {
          throw new IllegalStateException("wrong results: " + out);
        }
        List<RecordedRequest> made = ray.requests();
        return measure(ray.address(), done, made.size() - before);
      } finally {
        executor.close();
      }
    }
  }

  private static Round measure(URI dashboard, Map<String, Long> done, int requests) throws Exception {
    HttpResponse<String> list = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(dashboard + "/api/jobs/")).build(), HttpResponse.BodyHandlers.ofString());
    List<Double> overhead = new ArrayList<>();
    double jobSeconds = 0;
    for (JsonNode job : JSON.readTree(list.body())) {
      Long got = done.get(job.get("submission_id").asText());
      if (got == null) {
        throw new IllegalStateException("no completion recorded for " + job.get("submission_id"));
      }
      overhead.add((double) (got - job.get("end_time").asLong()));
      jobSeconds += (job.get("end_time").asLong() - job.get("start_time").asLong()) / 1000.0;
    }
    return new Round(overhead, requests, jobSeconds);
  }

  private static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
  }
}
