package dev.sluice.executor.kubernetes;

import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.executor.kubernetes.internal.DefaultKubernetesExecutor;
import dev.sluice.executor.kubernetes.internal.Labels;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs each task attempt as a Kubernetes {@code batch/v1} Job named after the attempt, and watches
 * all of them through one shared informer. Register it under a name tasks refer to:
 *
 * <pre>{@code
 * KubernetesExecutor k8s = KubernetesExecutor.create(KubernetesConfig.builder()
 *     .namespace("ml").image("registry.example.com/qoe:1.4").storeCredentials("sluice-store").build());
 * try (Engine engine = Engine.builder().store(s3Store).executor("k8s", k8s).build()) { … }
 * }</pre>
 *
 * <p>Inputs go to the engine's store before the Job is created; the pod (the task runner, or a
 * command task) writes {@code outputs.json} or {@code error.json} there, and the executor reads it
 * when the Job ends. Failures come back as {@link KubernetesJobException} (with the pod's reason
 * and the tail of its log), {@link JobLostException} or {@link KubernetesApiException}.
 */
public interface KubernetesExecutor extends TaskExecutor {

  /**
   * Connects to the cluster and starts the executor's watches; fails at once with a {@link
   * KubernetesApiException} when the namespace cannot be listed and watched.
   */
  static KubernetesExecutor create(KubernetesConfig config) {
    return DefaultKubernetesExecutor.create(config);
  }

  /**
   * The Job name of an attempt: its name when that is a valid DNS-1123 label of at most 63
   * characters, else a shortened form ending with a hash of the whole.
   */
  static String jobName(String attemptName) {
    return Labels.jobName(attemptName);
  }

  /**
   * Starts the attempt: stages its inputs and creates its Job — or, if a Job with the attempt's
   * name already exists (a run resumed after a crash), follows that Job instead of creating a
   * second one. Cancelling the future deletes the Job.
   */
  @Override
  CompletableFuture<Object> start(Attempt attempt);

  /**
   * Follows the existing Job of this attempt without ever creating one; empty when there is no such
   * Job. May make one API call when the Job is not in the watch's cache.
   */
  Optional<CompletableFuture<Object>> reattach(Attempt attempt);

  /** The namespace the Jobs go to. */
  String namespace();

  /** Deletes the Jobs of attempts still running, stops the watches and closes the connection. */
  @Override
  void close();
}
