package dev.sluice.deploy.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An edit that loses to a concurrent write is tried again. The deployers' edits (read, change, write
 * with the read's resourceVersion) failed with 409 Conflict when the operator updated the object's
 * status in between — as a real API server answers; seen once in a full verify as
 * RayServiceDeployerTest failing against the simulated KubeRay.
 */
class KubeConflictTest {

  private static KubernetesClientException status(int code) {
    return new KubernetesClientException(new StatusBuilder().withCode(code)
        .withMessage("Operation cannot be fulfilled on RayService \"serving\": the object has been modified").build());
  }

  @Test
  void anEditThatMeetsAConflictIsTriedAgainWithAFreshRead() {
    AtomicInteger tries = new AtomicInteger();
    Kube.editRetryingConflicts(() -> {
      if (tries.incrementAndGet() < 3) {
        throw status(409);
      }
    });
    assertThat(tries).hasValue(3);
  }

  @Test
  void aConflictThatLastsIsReportedAfterTheLastTry() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() -> Kube.editRetryingConflicts(() -> {
      tries.incrementAndGet();
      throw status(409);
    })).isInstanceOf(KubernetesClientException.class).hasMessageContaining("has been modified");
    assertThat(tries).hasValue(Kube.CONFLICT_TRIES);
  }

  @Test
  void anyOtherFailureIsNotRetried() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() -> Kube.editRetryingConflicts(() -> {
      tries.incrementAndGet();
      throw status(403);
    })).isInstanceOf(KubernetesClientException.class);
    assertThat(tries).hasValue(1);
  }
}
