package dev.sluice.executor.kubernetes;

import static dev.sluice.executor.kubernetes.SimulatedKubernetes.failureOf;
import static dev.sluice.executor.kubernetes.SimulatedKubernetes.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.InfrastructureFailure;
import dev.sluice.core.engine.QueuedTimeoutException;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.TaskTimeoutException;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.RemoteTaskException;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.executor.kubernetes.KubernetesJobException.Reason;
import dev.sluice.testing.kubernetes.JobFault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every way a pod or Job fails comes back as a clear error with its reason. */
class PodFailuresTest {
  private static final Task1<Integer, Integer> sleepy = Task.named("sleepy").command("sh", "-c", "sleep 30")
      .timeout(Duration.ofMillis(1500)).executor("k8s").of(Integer.class, Integer.class);

  @Test
  void aJvmTasksExceptionComesBackWithItsTypeMessageAndStack() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      Throwable error = failureOf(engine.run(KubeTasks.diverging, 4), "diverges");
      assertThat(error).isInstanceOf(RemoteTaskException.class);
      RemoteTaskException remote = (RemoteTaskException) error;
      assertThat(remote.errorType()).isEqualTo("java.lang.IllegalStateException");
      assertThat(remote.getMessage()).contains("loss diverged after 4 epochs");
      assertThat(remote.remoteStack()).contains("KubeTasks");
      assertThat(remote.getSuppressed()).singleElement().isInstanceOf(KubernetesJobException.class)
          .extracting(e -> ((KubernetesJobException) e).exitCode().getAsInt()).isEqualTo(1);
    }
  }

  @Test
  void aNonZeroExitCarriesTheExitCodeAndTheTailOfTheLog() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine(b -> b.logTailLines(1))) {
      RunHandle<Integer> run = engine.run(KubeTasks.exiting, 1);
      KubernetesJobException error = (KubernetesJobException) failureOf(run, "exit-three");
      assertThat(error.reason()).isEqualTo(Reason.EXIT_CODE);
      assertThat(error.exitCode()).hasValue(3);
      assertThat(error.jobName()).isEqualTo(run.runId() + "-exit-three-1");
      assertThat(error.logTail()).isEqualTo("CUDA error: out of memory\n").doesNotContain("loading");
      assertThat(error.getMessage()).contains("exited with code 3", "CUDA error: out of memory");
      // one GET for the log; the one list of pods is the watch's, when the executor started
      assertThat(k8s.sim.requestCounts()).containsEntry("get pods/log", 1).containsEntry("list pods", 1);
    }
  }

  @Test
  void anOomKillNamesTheMemoryLimit() throws Exception {
    Task1<Integer, Integer> hungry = Task.named("hungry").command("true").resources(r -> r.memory("512Mi"))
        .executor("k8s").of(Integer.class, Integer.class);
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      k8s.sim.inject(JobFault.oomKilled("hungry"));
      Throwable typed = failureOf(engine.run(single(hungry, Integer.class), 1), "hungry");
      assertThat(typed).isInstanceOf(InfrastructureFailure.OutOfMemory.class);
      KubernetesJobException error = (KubernetesJobException) typed.getCause();
      assertThat(error.reason()).isEqualTo(Reason.OOM_KILLED);
      assertThat(error.exitCode()).hasValue(137);
      assertThat(error.getMessage()).contains("memory limit 512Mi", ".resources(r -> r.memory(");
    }
  }

  @Test
  void anImageThatCannotBePulledFailsAtOnceAndItsJobIsDeleted() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine(b -> b.image("registry.example.com/nope:404"))) {
      k8s.sim.inject(JobFault.imagePullBackOff("exit-three"));
      Throwable typed = failureOf(engine.run(KubeTasks.exiting, 1), "exit-three");
      assertThat(typed).isInstanceOf(InfrastructureFailure.ImagePullFailed.class)
          .hasMessageContaining("registry.example.com/nope:404");
      KubernetesJobException error = (KubernetesJobException) typed.getCause();
      assertThat(error.reason()).isEqualTo(Reason.IMAGE_PULL);
      assertThat(error.getMessage()).contains("registry.example.com/nope:404", "ImagePullBackOff", "image pull secret");
      SimulatedKubernetes.await("the Job deleted", () -> k8s.jobs().isEmpty());
    }
  }

  @Test
  void anEvictedPodIsReportedAsEvicted() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      k8s.sim.inject(JobFault.evicted("exit-three"));
      Throwable typed = failureOf(engine.run(KubeTasks.exiting, 1), "exit-three");
      assertThat(typed).isInstanceOf(InfrastructureFailure.Evicted.class);
      KubernetesJobException error = (KubernetesJobException) typed.getCause();
      assertThat(error.reason()).isEqualTo(Reason.EVICTED);
      assertThat(error.retryable()).isTrue();
      assertThat(error.getMessage()).contains("evicted", "The node was low on resource: memory");
    }
  }

  @Test
  void aPodNoNodeCanTakeFailsAfterTheConfiguredTimeAndItsJobIsDeleted() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes();
        Engine engine = k8s.engine(b -> b.unschedulableTimeout(Duration.ofMillis(300)))) {
      k8s.sim.inject(JobFault.unschedulable("exit-three"));
      Throwable typed = failureOf(engine.run(KubeTasks.exiting, 1), "exit-three");
      assertThat(typed).isInstanceOf(QueuedTimeoutException.class).isInstanceOf(InfrastructureFailure.Unschedulable.class)
          .hasMessageContaining("waited longer than its queued timeout of PT0.3S for a node: pod ");
      KubernetesJobException error = (KubernetesJobException) typed.getCause();
      assertThat(error.reason()).isEqualTo(Reason.UNSCHEDULABLE);
      assertThat(error.getMessage()).contains("Insufficient nvidia.com/gpu", "node selector and tolerations");
      SimulatedKubernetes.await("the Job deleted", () -> k8s.jobs().isEmpty());
    }
  }

  @Test
  void anUnschedulablePodEndsWithTheTasksQueuedTimeout() throws Exception {
    Task1<Integer, Integer> gpuHungry = Task.named("gpu-hungry").command("true").queuedTimeout(Duration.ofMillis(400))
        .executor("k8s").of(Integer.class, Integer.class);
    try (SimulatedKubernetes k8s = new SimulatedKubernetes();
        Engine engine = k8s.engine(b -> b.unschedulableTimeout(Duration.ofHours(1)))) {
      k8s.sim.inject(JobFault.unschedulable("gpu-hungry"));
      Throwable typed = failureOf(engine.run(single(gpuHungry, Integer.class), 1), "gpu-hungry");
      assertThat(typed).isInstanceOf(InfrastructureFailure.Unschedulable.class);
      QueuedTimeoutException queued = (QueuedTimeoutException) typed;
      assertThat(queued.queuedTimeout()).isEqualTo(Duration.ofMillis(400));
      assertThat(queued.waitedFor()).contains("0/3 nodes are available: 3 Insufficient nvidia.com/gpu");
    }
  }

  @Test
  void aMissingSecretIsNamed() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes();
        Engine engine = k8s.engine(b -> b.secretEnv("HF_TOKEN", "huggingface", "token"))) {
      KubernetesJobException error = (KubernetesJobException) failureOf(engine.run(KubeTasks.exiting, 1), "exit-three");
      assertThat(error.reason()).isEqualTo(Reason.CONTAINER_CONFIG);
      assertThat(error.getMessage()).contains("secret \"huggingface\" not found");
    }
  }

  @Test
  void aPodThatVanishesIsLostAndTheEnginesRetryRunsItAgain() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      k8s.sim.inject(JobFault.podDeleted("add-ten").once());
      RunHandle<Integer> run = engine.run(single(KubeTasks.addTen, Integer.class), 5);
      assertThat(run.await(Duration.ofSeconds(60))).isEqualTo(15);
      NodeStatus node = run.status().node("add-ten").orElseThrow();
      assertThat(node.attempts()).isEqualTo(2);
      SimulatedKubernetes.await("the lost attempt's Job deleted",
          () -> k8s.jobs().stream().map(j -> j.getMetadata().getName()).toList().equals(List.of(run.runId() + "-add-ten-2")));
    }
  }

  @Test
  void aJobPastItsDeadlineFailsWithDeadlineExceeded() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes()) {
      KubernetesExecutor executor = k8s.executor(b -> b);
      TaskSpec task = TaskSpec.builder("slow").output(Integer.class)
          .body(new TaskBody.Command(List.of("sh", "-c", "sleep 30"), Map.of())).timeout(Duration.ofSeconds(1)).build();
      CompletableFuture<Object> attempt = executor.start(TestAttempt.of(task, k8s.store, "deadline"));
      ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> attempt.get(30, TimeUnit.SECONDS));
      assertThat(failed.getCause()).isInstanceOf(InfrastructureFailure.DeadlineExceeded.class);
      KubernetesJobException error = (KubernetesJobException) failed.getCause().getCause();
      assertThat(error.reason()).isEqualTo(Reason.DEADLINE_EXCEEDED);
      assertThat(error.getMessage()).contains("deadline of 1 s", ".timeout(");
      assertThat(k8s.jobs()).singleElement().satisfies(j -> assertThat(j.getSpec().getActiveDeadlineSeconds()).isEqualTo(1L));
    }
  }

  @Test
  void theEnginesTimeoutDeletesTheJob() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      RunHandle<Integer> run = engine.run(single(sleepy, Integer.class), 1);
      assertThat(failureOf(run, "sleepy")).isInstanceOf(TaskTimeoutException.class);
      SimulatedKubernetes.await("the Job deleted", () -> k8s.jobs().isEmpty());
      assertThat(k8s.sim.requestCounts()).containsEntry("delete jobs", 1);
    }
  }
}
