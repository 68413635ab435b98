package dev.sluice.executor.kubernetes;

import static dev.sluice.executor.kubernetes.SimulatedKubernetes.failureOf;
import static dev.sluice.executor.kubernetes.SimulatedKubernetes.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Kubernetes API errors: retried when transient, named when forbidden, cut off when persistent. */
class ApiFaultsTest {

  @Test
  void aSuccessfulJobCostsOneApiCallBeyondTheTwoSharedWatches() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      k8s.sim.resetRequestCounts();
      assertThat(engine.run(KubeTasks.mixed, 1).await(Duration.ofSeconds(120))).isEqualTo(14);
      assertThat(k8s.sim.requestCounts()).isEqualTo(Map.of("create jobs", 2));
    }
  }

  @Test
  void serverErrorsAreRetriedUntilTheApiRecovers() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      k8s.sim.failRequests(2, 503);
      RunHandle<Integer> run = engine.run(single(KubeTasks.addTen, Integer.class), 1);
      assertThat(run.await(Duration.ofSeconds(60))).isEqualTo(11);
      assertThat(run.status().node("add-ten").orElseThrow().attempts()).isEqualTo(1);
      assertThat(k8s.sim.requestCounts()).containsEntry("create jobs", 3);
    }
  }

  @Test
  void errorsThatOutlastTheRetriesFailTheAttemptWithTheStatus() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes()) {
      KubernetesExecutor executor = k8s.executor(b -> b.apiRetries(3, Duration.ofMillis(10)));
      k8s.sim.failRequests(1000, 500);
      CompletableFuture<Object> attempt = executor.start(TestAttempt.of(KubeTasks.addTen.spec(), k8s.store, "down", 1));
      KubernetesApiException error = apiError(attempt);
      assertThat(error.statusCode()).isEqualTo(500);
      assertThat(error.getMessage()).contains("could not create jobs in namespace 'sluice-test' after 3 attempts");
      assertThat(k8s.sim.requestCounts()).containsEntry("create jobs", 3);
    }
  }

  @Test
  void theCircuitBreakerStopsCallingAnApiThatKeepsFailing() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes()) {
      KubernetesExecutor executor = k8s.executor(b -> b.apiRetries(1, Duration.ofMillis(10)));
      k8s.sim.failRequests(1000, 503);
      List<KubernetesApiException> errors = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        errors.add(apiError(executor.start(TestAttempt.of(KubeTasks.addTen.spec(), k8s.store, "storm-" + i, 1))));
      }
      assertThat(errors.subList(0, 10)).allMatch(e -> e.statusCode() == 503);
      assertThat(errors.subList(10, 15)).allMatch(e -> e.getMessage().contains("circuit breaker open"));
      assertThat(k8s.sim.requestCounts()).containsEntry("create jobs", 10);
    }
  }

  @Test
  void aForbiddenVerbFailsAtOnceNamingNamespaceVerbAndResource() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes(); Engine engine = k8s.engine()) {
      k8s.sim.deny("create", "jobs");
      Throwable error = failureOf(engine.run(single(KubeTasks.addTen, Integer.class), 1), "add-ten");
      assertThat(error).isInstanceOf(KubernetesApiException.class);
      KubernetesApiException api = (KubernetesApiException) error;
      assertThat(api.forbidden()).isTrue();
      assertThat(api.getMessage()).contains("namespace 'sluice-test'", "lacks 'create' on 'jobs'", "RBAC");
      // a 403 is a RetryHint that says retrying cannot help: one attempt, no API retry either
      assertThat(k8s.sim.requestCounts()).containsEntry("create jobs", 1);
    }
  }

  @Test
  void anExecutorThatMayNotWatchItsNamespaceFailsToStart() throws Exception {
    try (SimulatedKubernetes k8s = new SimulatedKubernetes()) {
      k8s.sim.deny("list", "pods");
      assertThatThrownBy(() -> k8s.executor(b -> b.startTimeout(Duration.ofSeconds(10))))
          .isInstanceOf(KubernetesApiException.class)
          .hasMessageContaining("list and watch pods in namespace 'sluice-test' (403 Forbidden)");
    }
  }

  private static KubernetesApiException apiError(CompletableFuture<Object> attempt) throws Exception {
    try {
      attempt.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(KubernetesApiException.class);
      return (KubernetesApiException) e.getCause();
    }
    throw new AssertionError("the attempt succeeded");
  }
}
