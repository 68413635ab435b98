package dev.sluice.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.sluice.deploy.kubernetes.internal.InferenceServices;
import dev.sluice.deploy.kubernetes.internal.RayServices;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the Deployment controller and KServe's controller against fabric8's mock API server (which
 * has no controllers): for each Deployment or InferenceService whose status has not observed its
 * generation, it writes the status the real controller would end with, through the status
 * subresource. Shapes: Kubernetes apps/v1 DeploymentStatus and {@code deployment_util.go} (condition
 * reasons {@code MinimumReplicasAvailable}, {@code NewReplicaSetAvailable}, {@code
 * MinimumReplicasUnavailable}, {@code ProgressDeadlineExceeded} and their messages); KServe's {@code
 * inference_service_status.go} (conditions, {@code url}, {@code modelStatus}).
 */
final class ServingController implements AutoCloseable {
  private final KubernetesClient client;
  /** Model versions (annotation {@code sluice.dev/model-version}) whose pods never get ready / fail to load. */
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "serving-controller");
    t.setDaemon(true);
    return t;
  });

  ServingController(KubernetesClient client) {
    this.client = client;
    loop.scheduleWithFixedDelay(this::reconcile, 0, 50, TimeUnit.MILLISECONDS);
  }

  /** Versions with this model-version annotation fail: ProgressDeadlineExceeded / BlockedByFailedLoad. */
  void failVersion(int version) {
    failing.add(Integer.toString(version));
  }

  private void reconcile() {
    try {
      for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
        long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
        DeploymentStatus s = d.getStatus();
        if (s == null || s.getObservedGeneration() == null || s.getObservedGeneration() < generation) {
          client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName())
              .editStatus(x -> { x.setStatus(deploymentStatus(x, generation)); return x; });
        }
      }
      for (GenericKubernetesResource isvc : client.genericKubernetesResources(InferenceServices.KIND).inAnyNamespace().list().getItems()) {
        long generation = isvc.getMetadata().getGeneration() == null ? 1 : isvc.getMetadata().getGeneration();
        Object observed = isvc.getAdditionalProperties().get("status") instanceof Map<?, ?> m
            ? m.get("observedGeneration") : null;
        if (!(observed instanceof Number n) || n.longValue() < generation) {
          client.genericKubernetesResources(InferenceServices.KIND).inNamespace(isvc.getMetadata().getNamespace())
              .withName(isvc.getMetadata().getName())
              .editStatus(x -> { x.setAdditionalProperty("status", isvcStatus(x, generation)); return x; });
        }
      }
      for (GenericKubernetesResource rs : client.genericKubernetesResources(RayServices.KIND).inAnyNamespace().list().getItems()) {
        long generation = rs.getMetadata().getGeneration() == null ? 1 : rs.getMetadata().getGeneration();
        Object observed = rs.getAdditionalProperties().get("status") instanceof Map<?, ?> m
            ? m.get("observedGeneration") : null;
        if (!(observed instanceof Number n) || n.longValue() < generation) {
          client.genericKubernetesResources(RayServices.KIND).inNamespace(rs.getMetadata().getNamespace())
              .withName(rs.getMetadata().getName())
              .editStatus(x -> { x.setAdditionalProperty("status", rayServiceStatus(x, generation)); return x; });
        }
      }
    } catch (RuntimeException e) {
      // the next round tries again, as a controller's work queue does
    }
  }

  private boolean fails(Map<String, String> annotations) {
    return annotations != null && failing.contains(annotations.get("sluice.dev/model-version"));
  }

  private DeploymentStatus deploymentStatus(Deployment d, long generation) {
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    String rs = d.getMetadata().getName() + "-" + Integer.toHexString(d.getSpec().getTemplate().hashCode() & 0xfffffff);
    if (fails(d.getSpec().getTemplate().getMetadata().getAnnotations())) {
      return new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(want)
          .withUpdatedReplicas(want).withReadyReplicas(0).withAvailableReplicas(0).withUnavailableReplicas(want)
          .withConditions(
              new DeploymentConditionBuilder().withType("Available").withStatus("False")
                  .withReason("MinimumReplicasUnavailable").withMessage("Deployment does not have minimum availability.").build(),
              new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                  .withReason("ProgressDeadlineExceeded").withMessage("ReplicaSet \"" + rs + "\" has timed out progressing.")
                  .build())
          .build();
    }
    return new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(want)
        .withUpdatedReplicas(want).withReadyReplicas(want).withAvailableReplicas(want)
        .withConditions(
            new DeploymentConditionBuilder().withType("Available").withStatus("True")
                .withReason("MinimumReplicasAvailable").withMessage("Deployment has minimum availability.").build(),
            new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                .withReason("NewReplicaSetAvailable").withMessage("ReplicaSet \"" + rs + "\" has successfully progressed.")
                .build())
        .build();
  }

  private Map<String, Object> isvcStatus(GenericKubernetesResource isvc, long generation) {
    String name = isvc.getMetadata().getName();
    String url = "http://" + name + "." + isvc.getMetadata().getNamespace() + ".example.com";
    if (fails(isvc.getMetadata().getAnnotations())) {
      return Map.of(
          "observedGeneration", generation,
          "conditions", List.of(
              Map.of("type", "PredictorReady", "status", "False", "reason", "ModelLoadFailed"),
              Map.of("type", "Ready", "status", "False", "reason", "ModelLoadFailed")),
          "modelStatus", Map.of(
              "transitionStatus", "BlockedByFailedLoad",
              "states", Map.of("activeModelState", "", "targetModelState", "FailedToLoad"),
              "lastFailureInfo", Map.of("reason", "ModelLoadFailed",
                  "message", "Failed to load model: unable to load model file: corrupt header")));
    }
    return Map.of(
        "observedGeneration", generation,
        "url", url,
        "address", Map.of("url", "http://" + name + "-predictor." + isvc.getMetadata().getNamespace() + ".svc.cluster.local"),
        "conditions", List.of(
            Map.of("type", "IngressReady", "status", "True"),
            Map.of("type", "PredictorReady", "status", "True"),
            Map.of("type", "Ready", "status", "True")),
        "modelStatus", Map.of("transitionStatus", "UpToDate",
            "states", Map.of("activeModelState", "Loaded", "targetModelState", "Loaded")));
  }

  /**
   * KubeRay's status after it put {@code serveConfigV2} to the cluster and read Serve's statuses back
   * ({@code rayservice_types.go}: {@code activeServiceStatus.applicationStatuses.<app>.status/message}).
   */
  private Map<String, Object> rayServiceStatus(GenericKubernetesResource rs, long generation) {
    Map<String, Object> apps = new java.util.LinkedHashMap<>();
    Object spec = rs.getAdditionalProperties().get("spec");
    String yaml = spec instanceof Map<?, ?> m && m.get("serveConfigV2") instanceof String y ? y : "";
    Map<?, ?> config = yaml.isBlank() ? Map.of() : io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml, Map.class);
    if (config.get("applications") instanceof List<?> list) {
      for (Object a : list) {
        Map<?, ?> app = (Map<?, ?>) a;
        Object version = app.get("args") instanceof Map<?, ?> args ? args.get("model_version") : null;
        boolean bad = version != null && failing.contains(version.toString());
        apps.put(app.get("name").toString(), bad
            ? Map.of("status", "DEPLOY_FAILED", "message", "Deploying app '" + app.get("name") + "' failed with "
                + "exception:\nTraceback (most recent call last):\nRuntimeError: model file is corrupt\n")
            : Map.of("status", "RUNNING", "message", "", "serveDeploymentStatuses",
                Map.of("Ingress", Map.of("status", "HEALTHY", "message", ""))));
      }
    }
    return Map.of(
        "observedGeneration", generation,
        "serviceStatus", "Running",
        "numServeEndpoints", 1,
        "activeServiceStatus", Map.of("applicationStatuses", apps,
            "rayClusterName", rs.getMetadata().getName() + "-raycluster-x7k2p"));
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
