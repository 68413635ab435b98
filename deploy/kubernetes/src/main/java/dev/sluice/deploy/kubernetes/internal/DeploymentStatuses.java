package dev.sluice.deploy.kubernetes.internal;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a Deployment's rollout from its status as the Deployment controller writes it (Kubernetes
 * API reference, apps/v1 DeploymentStatus; {@code pkg/controller/deployment/util/deployment_util.go}):
 * done when {@code observedGeneration >= metadata.generation} and the updated, ready and available
 * replicas equal {@code spec.replicas} with no old replica left (the test {@code kubectl rollout
 * status} makes); failed when the {@code Progressing} condition is {@code False} with reason {@code
 * ProgressDeadlineExceeded} (after {@code spec.progressDeadlineSeconds}).
 */
public final class DeploymentStatuses {
  private DeploymentStatuses() {}

  /** What {@code d} says of its rollout now; {@code d} null means it is gone. */
  public static Kube.Progress progress(Deployment d) {
    if (d == null) {
      return new Kube.Progress.Failed("the Deployment was deleted while it rolled out");
    }
    DeploymentStatus s = d.getStatus();
    long generation = Optional.ofNullable(d.getMetadata().getGeneration()).orElse(0L);
    if (s == null || s.getObservedGeneration() == null || s.getObservedGeneration() < generation) {
      return new Kube.Progress.Pending("the Deployment controller has not seen generation " + generation + " yet");
    }
    Optional<DeploymentCondition> progressing = condition(s.getConditions(), "Progressing");
    if (progressing.filter(c -> "False".equals(c.getStatus()) && "ProgressDeadlineExceeded".equals(c.getReason()))
        .isPresent()) {
      return new Kube.Progress.Failed("ProgressDeadlineExceeded: " + progressing.get().getMessage() + " ("
          + count(s.getReadyReplicas()) + " of " + d.getSpec().getReplicas() + " replicas ready)");
    }
    int want = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
    int updated = count(s.getUpdatedReplicas());
    int ready = count(s.getReadyReplicas());
    int available = count(s.getAvailableReplicas());
    int total = count(s.getReplicas());
    if (updated == want && ready >= want && available >= want && total == updated) {
      return new Kube.Progress.Ready<>(d);
    }
    return new Kube.Progress.Pending(updated + " of " + want + " replicas updated, " + ready + " ready, " + available
        + " available, " + (total - updated) + " old" + condition(s.getConditions(), "Available")
            .map(c -> "; Available=" + c.getStatus() + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"))
            .orElse(""));
  }

  static Optional<DeploymentCondition> condition(List<DeploymentCondition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> Objects.equals(c.getType(), type)).findFirst();
  }

  private static int count(Integer n) {
    return n == null ? 0 : n;
  }
}
