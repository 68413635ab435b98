package dev.sluice.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.spi.LeaderElection;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two replicas campaign for one Lease on the mock API server: one leads, the other takes over. */
class LeaderElectionTest {

  private static KubernetesLeaderElection settings(SimulatedKubernetes k8s, String identity) {
    return KubernetesLeaderElection.builder()
        .kubeconfig(k8s.sim.kubeconfig())
        .namespace(k8s.sim.namespace())
        .leaseName("qoe-triggers")
        .identity(identity)
        .timings(Duration.ofMillis(1500), Duration.ofMillis(1000), Duration.ofMillis(100))
        .build();
  }

  private Lease lease(SimulatedKubernetes k8s) {
    return k8s.sim.client().leases().inNamespace(k8s.sim.namespace()).withName("qoe-triggers").get();
  }

  @Test
  void exactlyOneReplicaLeadsAndAnotherTakesOverWhenItStops() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes()) {
      LeaderElection a = settings(k8s, "replica-a").create();
      LeaderElection b = settings(k8s, "replica-b").create();
      try {
        a.start();
        b.start();
        SimulatedKubernetes.await("one replica leads", () -> a.isLeader() || b.isLeader());
        LeaderElection leader = a.isLeader() ? a : b;
        LeaderElection follower = leader == a ? b : a;
        // Sampled while both campaign: never two leaders.
        for (int i = 0; i < 50; i++) {
          assertThat(a.isLeader() && b.isLeader()).as("both lead at once").isFalse();
        }
        assertThat(lease(k8s).getSpec().getHolderIdentity()).isEqualTo(leader.identity());

        leader.close();
        SimulatedKubernetes.await("the other replica takes over", follower::isLeader);
        assertThat(leader.isLeader()).isFalse();
        assertThat(lease(k8s).getSpec().getHolderIdentity()).isEqualTo(follower.identity());
      } finally {
        for (LeaderElection e : List.of(a, b)) {
          e.close();
        }
      }
    }
  }

  @Test
  void badSettingsAreRefusedWithTheRule() {
    assertThatThrownBy(() -> KubernetesLeaderElection.builder().leaseName("Qoe_Triggers").build())
        .hasMessageContaining("not a valid Kubernetes object name");
    assertThatThrownBy(() -> KubernetesLeaderElection.builder()
            .timings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(2)).build())
        .hasMessageContaining("leaseDuration > renewDeadline > retryPeriod > 0");
  }
}
