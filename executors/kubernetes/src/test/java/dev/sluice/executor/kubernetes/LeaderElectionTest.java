package dev.sluice.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.spi.LeaderElection;
import dev.sluice.testing.kubernetes.JobSimulator;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Replicas campaign for one Lease on the job simulator's API server, which authorizes them with
 * the Lease Role of docs/kubernetes.md (or, to show the old defect, the Role it used to document).
 */
class LeaderElectionTest {
  private static final Duration LEASE = Duration.ofMillis(1500);

  /** The Role docs/kubernetes.md documented before: no patch, which fabric8's elector renews with. */
  private static final String ROLE_WITHOUT_PATCH = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: sluice-triggers
      rules:
      - apiGroups: ["coordination.k8s.io"]
        resources: ["leases"]
        verbs: ["get", "create", "update"]
      """;

  private static SimulatedKubernetes cluster(String leaseRole) {
    return new SimulatedKubernetes(JobSimulator.builder().role(leaseRole));
  }

  private static KubernetesLeaderElection settings(SimulatedKubernetes k8s, String identity) {
    return KubernetesLeaderElection.builder()
        .kubeconfig(k8s.sim.kubeconfig())
        .namespace(k8s.sim.namespace())
        .leaseName("qoe-triggers")
        .identity(identity)
        .timings(LEASE, Duration.ofMillis(1000), Duration.ofMillis(100))
        .build();
  }

  private Lease lease(SimulatedKubernetes k8s) {
    return k8s.sim.client().leases().inNamespace(k8s.sim.namespace()).withName("qoe-triggers").get();
  }

  @Test
  void exactlyOneReplicaLeadsAndAnotherTakesOverWhenItStops() throws Exception {
    try (SimulatedKubernetes k8s = cluster(DocumentedRoles.triggers())) {
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

  // Item 19. fabric8 7.9.0 renews with a JSON merge PATCH (ResourceLock.update); the docs granted
  // get, create, update, so under RBAC the leader lost the Lease at its first renew deadline and
  // nobody led again.
  @Test
  void leadershipSurvivesRenewalsWithTheDocumentedRole() throws Exception {
    try (SimulatedKubernetes k8s = cluster(DocumentedRoles.triggers())) {
      LeaseCampaign a = settings(k8s, "replica-a").create();
      LeaseCampaign b = settings(k8s, "replica-b").create();
      try {
        a.start();
        SimulatedKubernetes.await("replica-a leads", a::isLeader);
        b.start();
        AtomicBoolean lost = new AtomicBoolean();
        // Renewed for three lease durations (thirty renewals): long past the renew deadline.
        SimulatedKubernetes.await("three lease durations of renewals", () -> {
          lost.compareAndSet(false, !a.isLeader() || b.isLeader());
          Lease l = lease(k8s);
          return l.getSpec().getRenewTime().isAfter(l.getSpec().getAcquireTime().plus(LEASE.multipliedBy(3)));
        });
        assertThat(lost).as("replica-a lost the Lease or replica-b led").isFalse();
        assertThat(lease(k8s).getSpec().getHolderIdentity()).isEqualTo("replica-a");
        assertThat(lease(k8s).getSpec().getLeaseTransitions()).isZero();
        assertThat(a.problem()).isEmpty();
        assertThat(b.problem()).isEmpty();
        // the verbs fabric8 really sends: get, create, patch; never update
        assertThat(k8s.sim.requestCounts()).containsKeys("get leases", "create leases", "patch leases")
            .doesNotContainKey("update leases");
      } finally {
        a.close();
        b.close();
      }
    }
  }

  @Test
  void aLeaderThatCannotRenewSaysSoAndStopsLeading() throws Exception {
    try (SimulatedKubernetes k8s = cluster(ROLE_WITHOUT_PATCH)) {
      LeaseCampaign a = settings(k8s, "replica-a").create();
      try {
        a.start();
        SimulatedKubernetes.await("replica-a creates the Lease and leads", a::isLeader);
        SimulatedKubernetes.await("replica-a reports that it cannot renew", () -> a.problem().isPresent());
        KubernetesApiException problem = a.problem().orElseThrow();
        assertThat(problem.forbidden()).isTrue();
        assertThat(problem.verb()).isEqualTo("patch");
        assertThat(problem.resource()).isEqualTo("leases");
        assertThat(problem.getMessage()).contains("lacks 'patch' on 'leases'", "get, create and patch",
            "docs/kubernetes.md",
            // the API server's own words, from the simulator's RBAC layer
            "leases.coordination.k8s.io \"qoe-triggers\" is forbidden: User \"system:serviceaccount:sluice-test:sluice\""
                + " cannot patch resource \"leases\" in API group \"coordination.k8s.io\" in the namespace \"sluice-test\"");
        SimulatedKubernetes.await("replica-a stops leading after its renew deadline", () -> !a.isLeader());
        assertThat(a.problem()).isPresent();
      } finally {
        a.close();
      }
    }
  }

  @Test
  void aReplicaThatLostTheLeaseCampaignsAgain() throws Exception {
    try (SimulatedKubernetes k8s = cluster(DocumentedRoles.triggers())) {
      LeaseCampaign a = settings(k8s, "replica-a").create();
      try {
        a.start();
        SimulatedKubernetes.await("replica-a leads", a::isLeader);
        // The API fails for longer than the renew deadline (about 4 s of requests at 100 ms).
        k8s.sim.failRequests(40, 503);
        SimulatedKubernetes.await("replica-a loses the Lease", () -> !a.isLeader());
        assertThat(a.problem()).hasValueSatisfying(p -> assertThat(p.statusCode()).isEqualTo(503));
        SimulatedKubernetes.await("replica-a leads again once the API answers", a::isLeader);
        assertThat(a.problem()).isEmpty();
      } finally {
        a.close();
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
