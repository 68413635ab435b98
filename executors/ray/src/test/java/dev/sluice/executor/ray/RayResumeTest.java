package dev.sluice.executor.ray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.testing.ray.RayJobRecord;
import dev.sluice.testing.ray.RayJobsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine killed with SIGKILL while its run's Ray job runs; the run resumed by another engine
 * follows that job by its submission id: one submission, one process, the job's output.
 */
class RayResumeTest {
  @TempDir Path dir;

  private static long posts(RayJobsServer ray) {
    return ray.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/api/jobs/")).count();
  }

  @Test
  void aRunWhoseEngineWasKilledFollowsItsRayJobWhenResumedInsteadOfSubmittingItAgain() throws Exception {
    try (RayJobsServer ray = RayJobsServer.start()) {
      List<String> command = new ArrayList<>(RayHarness.JAVA);
      command.addAll(List.of(DurableRayRun.class.getName(), dir.toString(), ray.address().toString()));
      Process doomed = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("doomed.log").toFile()).start();
      String job;
      try {
        RayHarness.await("the run started", () -> Files.exists(dir.resolve("run.id")));
        job = Files.readString(dir.resolve("run.id")) + "-wait-for-go-1";
        RayHarness.await("its Ray job running", () -> ray.job(job).map(j -> j.status() == RayJobRecord.Status.RUNNING)
            .orElse(false));
        assertThat(posts(ray)).isEqualTo(1);
      } finally {
        doomed.destroyForcibly();
        assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      Files.writeString(dir.resolve("go"), "go"); // the job ends while nobody watches it
      assertThat(ray.awaitTerminal(job, RayHarness.WAIT).status()).isEqualTo(RayJobRecord.Status.SUCCEEDED);

      String runId = Files.readString(dir.resolve("run.id"));
      try (Engine engine = DurableRayRun.engine(dir, ray.address(), "rescuer", Duration.ofHours(1))) {
        RunHandle<Object> resumed = engine.resume(runId);
        assertThat(resumed.await(RayHarness.WAIT)).isEqualTo(6);
        assertThat(resumed.status().node("wait-for-go").orElseThrow().attempts()).isEqualTo(1);
      }
      // The rescuer's start posts the same submission id; Ray refuses it as a duplicate, which is
      // how the executor learns to follow the job: still one job, one process.
      assertThat(posts(ray)).isEqualTo(2);
      assertThat(ray.processesStarted()).isEqualTo(1);
      assertThat(ray.jobs()).singleElement().satisfies(j -> assertThat(j.submissionId()).isEqualTo(job));
    }
  }
}
