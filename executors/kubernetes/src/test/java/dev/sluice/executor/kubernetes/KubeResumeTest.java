package dev.sluice.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.testing.kubernetes.JobSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine killed with SIGKILL while its run's Job runs; the run resumed by another engine follows
 * that Job by its name: one Job created, one container, the Job's output.
 */
class KubeResumeTest {
  @TempDir Path dir;

  @Test
  void aRunWhoseEngineWasKilledFollowsItsJobWhenResumedInsteadOfCreatingASecond() throws Exception {
    try (JobSimulator sim = JobSimulator.builder().workDirectory(dir.resolve("sim")).start()) {
      Process doomed = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
              System.getProperty("java.class.path"), DurableKubeRun.class.getName(), dir.toString(),
              sim.kubeconfig().toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("doomed.log").toFile()).start();
      String job;
      try {
        SimulatedKubernetes.await("the run started", () -> Files.exists(dir.resolve("run.id")));
        job = Files.readString(dir.resolve("run.id")) + "-wait-for-file-1";
        SimulatedKubernetes.await("its container running", () -> sim.runningProcesses() == 1);
      } finally {
        doomed.destroyForcibly();
        assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(jobNames(sim)).containsExactly(job);
      Files.writeString(dir.resolve("go"), "go"); // the container ends while nobody watches it
      SimulatedKubernetes.await("the container done", () -> sim.runningProcesses() == 0);

      String runId = Files.readString(dir.resolve("run.id"));
      try (Engine engine = DurableKubeRun.engine(dir, sim.kubeconfig(), "rescuer", Duration.ofHours(1))) {
        RunHandle<Object> resumed = engine.resume(runId);
        assertThat(resumed.await(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(resumed.status().node("wait-for-file").orElseThrow().attempts()).isEqualTo(1);
      }
      assertThat(sim.requestCounts()).containsEntry("create jobs", 1);
      assertThat(jobNames(sim)).containsExactly(job);
    }
  }

  private static List<String> jobNames(JobSimulator sim) {
    return sim.client().batch().v1().jobs().inNamespace(sim.namespace()).list().getItems().stream()
        .map(j -> j.getMetadata().getName()).toList();
  }
}
