package dev.sluice.executor.kubernetes.internal;

import dev.sluice.core.engine.InfrastructureFailure;
import dev.sluice.executor.kubernetes.KubernetesJobException;
import java.time.Duration;

/**
 * The engine's typed {@link InfrastructureFailure} for a Job's failure, with the {@link
 * KubernetesJobException} (pod, exit code, log tail) as its cause; other failures stay as they are.
 */
final class InfrastructureFailures {
  private InfrastructureFailures() {}

  static RuntimeException typed(KubernetesJobException k8s, Duration queuedTimeout) {
    String message = k8s.getMessage();
    return switch (k8s.reason()) {
      case OOM_KILLED -> new InfrastructureFailure.OutOfMemory(message, k8s);
      case EVICTED -> new InfrastructureFailure.Evicted(message, k8s);
      case IMAGE_PULL -> new InfrastructureFailure.ImagePullFailed(message, k8s);
      case DEADLINE_EXCEEDED -> new InfrastructureFailure.DeadlineExceeded(message, k8s);
      case UNSCHEDULABLE -> new InfrastructureFailure.Unschedulable(k8s.jobName(),
          "a node: " + message, queuedTimeout, k8s);
      default -> k8s;
    };
  }
}
