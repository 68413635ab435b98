package dev.sluice.executor.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.reflect.TypeToken;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.spi.TaskInterceptor;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.ray.RayJobsServer;
import dev.sluice.testing.ray.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-attach, dashboard outages, start-up checks and the bulkhead. */
class RayResilienceTest {
  @TempDir Path dir;

  private static final String WRITE_FIVE = "echo 5 > \"$SLUICE_OUTPUTS_URI\"";

  private static long posts(RayJobsServer ray) {
    return ray.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/api/jobs/")).count();
  }

  /** Waits until the executor polls the jobs after this job's submission: the submission was answered. */
  private static void awaitFollowed(RayJobsServer ray, String id) {
    RayHarness.await("job " + id + " followed", () -> {
      List<RecordedRequest> requests = ray.requests();
      int posted = IntStream.range(0, requests.size())
          .filter(i -> requests.get(i).method().equals("POST") && requests.get(i).body().contains(id)).findFirst().orElse(-1);
      return posted >= 0 && requests.subList(posted + 1, requests.size()).stream()
          .anyMatch(r -> r.method().equals("GET") && r.path().equals("/api/jobs/"));
    });
  }

  @Test
  void aSubmissionIdThatExistsIsFollowedNotResubmitted() throws Exception {
    RayJobsServer ray = RayJobsServer.start();
    // The engine that crashed: it submitted the attempt's job, then went away without stopping it.
    RayExecutor crashed = RayExecutor.connect(RayHarness.fastConfig(ray).build());
    TaskInterceptor submittedBefore = (attempt, next) -> {
      crashed.start(attempt);
      RayHarness.await("the first submission", () -> ray.job(attempt.attemptName()).isPresent());
      return next.proceed(attempt);
    };
    try (RayHarness h = new RayHarness(dir, ray, b -> b, submittedBefore)) {
      RunHandle<Integer> run = h.engine.run(RayTasks.shell("once", "sleep 0.5; " + WRITE_FIVE, null), 1);
      assertThat(run.await(RayHarness.WAIT)).isEqualTo(5);
      assertThat(posts(ray)).isEqualTo(2);
      assertThat(ray.jobs()).hasSize(1);
      assertThat(ray.processesStarted()).isEqualTo(1);
      crashed.close(); // while the dashboard is up: its follower has nothing left to stop
      assertThat(crashed.jobsInFlight()).isZero();
    }
  }

  /**
   * Item 25: each job used to be polled on its own with a backoff growing to 3 s, so a job's end
   * reached the engine up to 2.4 s late and the requests grew with the jobs. Now one {@code GET
   * /api/jobs/} per poll follows them all.
   */
  @Test
  void theJobsInFlightAreFollowedWithOneListRequestPerPollNotOneRequestPerJob() throws Exception {
    Task1<Integer, Integer> nap = Task.named("nap-list").command("sh", "-c", "sleep 0.5; " + WRITE_FIVE)
        .executor("ray").of(Integer.class, Integer.class);
    @SuppressWarnings("serial")
    java.lang.reflect.Type listOfInts = new TypeToken<List<Integer>>() {}.getType();
    Workflow<Integer, List<Integer>> wf = Workflow.named("fan-list", Integer.class, (w, n) -> {
      Value<List<Integer>> items = w.literal(List.of(1, 2, 3, 4, 5, 6, 7, 8), listOfInts);
      return w.map(nap, items);
    });
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      assertThat(h.engine.run(wf, 0).await(RayHarness.WAIT)).containsOnly(5).hasSize(8);
      List<RecordedRequest> gets = h.ray.requests().stream().filter(r -> r.method().equals("GET")).toList();
      assertThat(gets).extracting(RecordedRequest::path).filteredOn(p -> !p.equals("/api/version"))
          .isNotEmpty().containsOnly("/api/jobs/");
    }
  }

  @Test
  void aDashboardThatRefusesTheJobListIsFollowedJobByJob() throws Exception {
    try (RayJobsServer ray = RayJobsServer.start(); ListRefusingProxy proxy = new ListRefusingProxy(ray.address())) {
      RayExecutor executor = RayExecutor.connect(RayConfig.builder(proxy.address())
          .jvmLauncher(RayHarness.JAVA.toArray(String[]::new)).poll(Duration.ofMillis(20)).build());
      try (Engine engine = Engine.builder().workDirectory(dir.resolve("work"))
          .store(ArtifactStores.filesystem(dir.resolve("store"))).executor("ray", executor).build()) {
        RunHandle<Integer> run = engine.run(RayTasks.shell("one-by-one", "sleep 0.3; " + WRITE_FIVE, null), 1);
        assertThat(run.await(RayHarness.WAIT)).isEqualTo(5);
        assertThat(ray.requests()).anyMatch(r -> r.method().equals("GET")
            && r.path().equals("/api/jobs/" + run.runId() + "-one-by-one-1"));
      }
    }
  }

  @Test
  void theDefaultPollSeesAJobsEndWithinATenthOfASecond() {
    assertThat(RayConfig.builder(java.net.URI.create("http://ray-head:8265")).build().poll())
        .isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aDashboardRestartDuringARunIsSurvived() throws Exception {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start())) {
      RunHandle<Integer> run = h.engine.run(RayTasks.shell("nap", "sleep 1; " + WRITE_FIVE, null), 1);
      String id = run.runId() + "-nap-1";
      awaitFollowed(h.ray, id);
      h.ray.stopDashboard();
      h.ray.awaitTerminal(id, RayHarness.WAIT); // the job ends while nobody can ask about it
      h.ray.restartDashboard();
      assertThat(run.await(RayHarness.WAIT)).isEqualTo(5);
      assertThat(posts(h.ray)).isEqualTo(1);
    }
  }

  @Test
  void aDashboardGoneLongerThanToleratedFailsTheAttemptWithTheReason() {
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start(), b -> b.dashboard(
        new RayConfig.DashboardResilience(2, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(800))))) {
      RunHandle<Integer> run = h.engine.run(RayTasks.shell("orphan", "sleep 30", null), 1);
      String id = run.runId() + "-orphan-1";
      awaitFollowed(h.ray, id);
      h.ray.stopDashboard();
      Throwable failure = RayFailuresTest.failureOf(run);
      assertThat(failure).isInstanceOf(RayDashboardException.class)
          .hasMessageContaining("could not follow Ray job " + id)
          .hasMessageContaining("unreachable for PT0.8S");
      assertThat(((RayDashboardException) failure).status()).isEmpty();
    }
  }

  @Test
  void aJobLostWithTheClusterFailsTheAttemptWithTheReason() {
    RayJobsServer first = RayJobsServer.start();
    int port = first.address().getPort();
    try (RayHarness h = new RayHarness(dir, first)) {
      RunHandle<Integer> run = h.engine.run(RayTasks.shell("lost", "sleep 30", null), 1);
      String id = run.runId() + "-lost-1";
      awaitFollowed(first, id);
      first.close(); // the head restarts without GCS fault tolerance: its jobs are gone
      try (RayJobsServer second = RayJobsServer.builder().port(port).start()) {
        Throwable failure = RayFailuresTest.failureOf(run);
        assertThat(failure).isInstanceOf(RayJobFailedException.class)
            .hasMessageContaining("Ray job " + id + " of task 'lost' no longer exists on " + second.address());
        assertThat(second.jobs()).isEmpty();
      }
    }
  }

  @Test
  void startUpNamesWhatIsWrongWithTheDashboard() {
    RayJobsServer gone = RayJobsServer.start();
    RayConfig nobody = RayHarness.fastConfig(gone).build();
    gone.close();
    assertThatThrownBy(() -> RayExecutor.connect(nobody)).isInstanceOf(RayDashboardException.class)
        .hasMessageContaining("does not answer").hasMessageContaining("port 8265");

    try (RayJobsServer old = RayJobsServer.builder().rayVersion("1.13.0").start()) {
      assertThatThrownBy(() -> RayExecutor.connect(RayHarness.fastConfig(old).build()))
          .isInstanceOf(RayDashboardException.class).hasMessageContaining("runs Ray 1.13.0")
          .hasMessageContaining("needs Ray 2.0 or later");
    }
    try (RayJobsServer secured = RayJobsServer.builder().authToken("t0ken").start()) {
      assertThatThrownBy(() -> RayExecutor.connect(RayHarness.fastConfig(secured).build()))
          .isInstanceOf(RayDashboardException.class).hasMessageContaining("answered 401")
          .hasMessageContaining("Missing authentication token").hasMessageContaining("bearerToken");
    }
  }

  @Test
  void aTokenIsSentWithEveryCall() throws Exception {
    RayJobsServer secured = RayJobsServer.builder().authToken("t0ken").start();
    try (RayHarness h = new RayHarness(dir, secured, b -> b.bearerToken("t0ken"))) {
      assertThat(h.engine.run(RayTasks.shell("authed", WRITE_FIVE, null), 1).await(RayHarness.WAIT)).isEqualTo(5);
      assertThat(secured.requests()).isNotEmpty()
          .allSatisfy(r -> assertThat(r.headers()).containsEntry("authorization", "Bearer t0ken"));
    }
  }

  @Test
  void aResourceTheClustersVersionCannotTakeFailsClearlyWithoutA400() {
    Task1<Integer, Integer> big = Task.named("big").command("sh", "-c", WRITE_FIVE).executor("ray")
        .resources(r -> r.memory("2Gi")).of(Integer.class, Integer.class);
    Workflow<Integer, Integer> wf = Workflow.named("big", Integer.class, (w, n) -> w.call(big, n));
    try (RayHarness h = new RayHarness(dir, RayJobsServer.builder().rayVersion("2.5.1").start())) {
      assertThat(RayFailuresTest.failureOf(h.engine.run(wf, 1))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("task 'big' asks for memory")
          .hasMessageContaining("Ray 2.5.1, which accepts entrypoint_memory from Ray 2.8");
      assertThat(posts(h.ray)).isZero();
    }
  }

  @Test
  void atMostMaxJobsInFlightAreOnTheClusterAndTheRestWait() throws Exception {
    Task1<Integer, Integer> nap = Task.named("nap-each").command("sh", "-c",
        "sleep 0.3; python3 -c 'import json,os; print(json.load(open(os.environ[\"SLUICE_INPUTS_URI\"]))[\"in0\"])'"
            + " > \"$SLUICE_OUTPUTS_URI\"").executor("ray").of(Integer.class, Integer.class);
    @SuppressWarnings("serial")
    java.lang.reflect.Type listOfInts = new TypeToken<List<Integer>>() {}.getType();
    Workflow<Integer, List<Integer>> wf = Workflow.named("fan", Integer.class, (w, n) -> {
      Value<List<Integer>> items = w.literal(List.of(1, 2, 3, 4, 5, 6), listOfInts);
      return w.map(nap, items);
    });
    try (RayHarness h = new RayHarness(dir, RayJobsServer.start(), b -> b.maxJobsInFlight(2))) {
      RunHandle<List<Integer>> run = h.engine.run(wf, 0);
      AtomicInteger mostOnCluster = new AtomicInteger();
      AtomicInteger mostWaiting = new AtomicInteger();
      RayHarness.await("the fan-out", () -> {
        long live = h.ray.jobs().stream().filter(j -> !j.status().isTerminal()).count();
        mostOnCluster.accumulateAndGet((int) live, Math::max);
        mostWaiting.accumulateAndGet(h.executor.attemptsWaiting(), Math::max);
        return run.isDone();
      });
      assertThat(run.await(RayHarness.WAIT)).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(mostOnCluster.get()).isBetween(1, 2);
      assertThat(mostWaiting.get()).isGreaterThanOrEqualTo(1);
      assertThat(h.ray.jobs()).hasSize(6);
    }
  }
}
