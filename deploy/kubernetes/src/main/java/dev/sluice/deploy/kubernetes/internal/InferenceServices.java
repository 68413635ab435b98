package dev.sluice.deploy.kubernetes.internal;

import dev.sluice.models.registry.ModelVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * KServe {@code serving.kserve.io/v1beta1} InferenceServices as fabric8 generic resources. Shapes
 * from KServe's Go types (kserve/kserve {@code pkg/apis/serving/v1beta1}): {@code
 * spec.predictor.model} ({@code modelFormat.name}, {@code storageUri}, {@code runtime}) and {@code
 * spec.predictor.serviceAccountName} ({@code predictor.go}, {@code component.go}); {@code status}
 * with Knative's {@code observedGeneration} and {@code conditions} ({@code Ready}, {@code
 * PredictorReady}, {@code IngressReady}), {@code url}, and {@code modelStatus} ({@code
 * transitionStatus} {@code UpToDate|InProgress|BlockedByFailedLoad|InvalidSpec}, {@code
 * lastFailureInfo.reason/message}) ({@code inference_service_status.go}).
 */
public final class InferenceServices {
  /** The InferenceService kind, for the generic client (no discovery call needed). */
  public static final ResourceDefinitionContext KIND = new ResourceDefinitionContext.Builder()
      .withGroup("serving.kserve.io").withVersion("v1beta1").withKind("InferenceService")
      .withPlural("inferenceservices").withNamespaced(true).build();

  private InferenceServices() {}

  /** The InferenceService serving {@code version} as {@code target}. */
  public static GenericKubernetesResource of(String target, ModelVersion version, String modelFormat,
      Optional<String> runtime, Optional<String> serviceAccount) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("modelFormat", Map.of("name", modelFormat));
    model.put("storageUri", version.artifact());
    runtime.ifPresent(r -> model.put("runtime", r));
    Map<String, Object> predictor = new LinkedHashMap<>();
    serviceAccount.ifPresent(sa -> predictor.put("serviceAccountName", sa));
    predictor.put("model", model);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(DeploymentSpecs.MODEL, version.model());
    annotations.put(DeploymentSpecs.VERSION, Integer.toString(version.version()));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("serving.kserve.io/v1beta1").withKind("InferenceService")
        .withNewMetadata().withName(target).withAnnotations(annotations)
            .withLabels(Map.of("app.kubernetes.io/managed-by", "sluice")).endMetadata()
        .addToAdditionalProperties("spec", Map.of("predictor", predictor))
        .build();
  }

  /** Creates it, or replaces the spec and annotations of the one there. */
  public static void apply(KubernetesClient client, GenericKubernetesResource wanted) {
    var resources = client.genericKubernetesResources(KIND);
    if (resources.withName(wanted.getMetadata().getName()).get() == null) {
      resources.resource(wanted).create();
    } else {
      Kube.editRetryingConflicts(() -> resources.withName(wanted.getMetadata().getName()).edit(r -> {
        r.getMetadata().setAnnotations(wanted.getMetadata().getAnnotations());
        r.setAdditionalProperty("spec", wanted.getAdditionalProperties().get("spec"));
        return r;
      }));
    }
  }

  /** What the InferenceService says now: ready (with itself), failed to load, or still going. */
  public static Kube.Progress progress(GenericKubernetesResource isvc) {
    if (isvc == null) {
      return new Kube.Progress.Failed("the InferenceService was deleted while it rolled out");
    }
    long generation = Optional.ofNullable(isvc.getMetadata().getGeneration()).orElse(0L);
    Map<String, Object> status = map(isvc.getAdditionalProperties().get("status"));
    Object observed = status.get("observedGeneration");
    if (!(observed instanceof Number n) || n.longValue() < generation) {
      return new Kube.Progress.Pending("the KServe controller has not seen generation " + generation + " yet");
    }
    Map<String, Object> modelStatus = map(status.get("modelStatus"));
    Object transition = modelStatus.get("transitionStatus");
    if ("BlockedByFailedLoad".equals(transition) || "InvalidSpec".equals(transition)) {
      Map<String, Object> failure = map(modelStatus.get("lastFailureInfo"));
      return new Kube.Progress.Failed(transition + ": " + failure.getOrDefault("reason", "?") + ": "
          + failure.getOrDefault("message", "(no message)"));
    }
    Map<String, Object> ready = condition(status, "Ready");
    if ("True".equals(ready.get("status")) && status.get("url") instanceof String) {
      return new Kube.Progress.Ready<>(isvc);
    }
    return new Kube.Progress.Pending("Ready=" + ready.getOrDefault("status", "missing")
        + (ready.containsKey("reason") ? " (" + ready.get("reason") + ": " + ready.getOrDefault("message", "") + ")" : ""));
  }

  /** {@code status.url}, if set. */
  public static Optional<String> url(GenericKubernetesResource isvc) {
    return Optional.ofNullable(map(isvc.getAdditionalProperties().get("status")).get("url")).map(Object::toString);
  }

  private static Map<String, Object> condition(Map<String, Object> status, String type) {
    if (status.get("conditions") instanceof List<?> conditions) {
      for (Object c : conditions) {
        Map<String, Object> m = map(c);
        if (Objects.equals(m.get("type"), type)) {
          return m;
        }
      }
    }
    return Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
