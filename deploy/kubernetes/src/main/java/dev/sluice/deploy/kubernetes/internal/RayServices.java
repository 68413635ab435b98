package dev.sluice.deploy.kubernetes.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KubeRay {@code ray.io/v1} RayServices as fabric8 generic resources. Shapes from KubeRay's Go types
 * (ray-project/kuberay {@code ray-operator/apis/ray/v1/rayservice_types.go}): {@code
 * spec.serveConfigV2} is the Serve config ({@code ServeDeploySchema}) as a YAML string; {@code
 * status.observedGeneration}, {@code status.activeServiceStatus.applicationStatuses.<app>} with
 * {@code status} (Ray's {@code ApplicationStatus}) and {@code message}.
 */
public final class RayServices {
  /** The RayService kind, for the generic client. */
  public static final ResourceDefinitionContext KIND = new ResourceDefinitionContext.Builder()
      .withGroup("ray.io").withVersion("v1").withKind("RayService").withPlural("rayservices").withNamespaced(true)
      .build();

  private RayServices() {}

  /** {@code serveConfigV2} with {@code app} in place of the application of the same name (others kept). */
  @SuppressWarnings("unchecked")
  public static String withApplication(String serveConfigV2, Map<String, Object> app) {
    Map<String, Object> config = serveConfigV2 == null || serveConfigV2.isBlank()
        ? new LinkedHashMap<>() : new LinkedHashMap<>(Serialization.unmarshal(serveConfigV2, Map.class));
    List<Object> apps = new ArrayList<>();
    boolean placed = false;
    if (config.get("applications") instanceof List<?> given) {
      for (Object a : given) {
        if (a instanceof Map<?, ?> m && app.get("name").equals(m.get("name"))) {
          apps.add(app);
          placed = true;
        } else {
          apps.add(a);
        }
      }
    }
    if (!placed) {
      apps.add(app);
    }
    config.put("applications", apps);
    return Serialization.asYaml(config).replaceFirst("^---\\n", "");
  }

  /** The application's entry of {@code serveConfigV2}, if listed. */
  @SuppressWarnings("unchecked")
  public static Optional<Map<String, Object>> application(String serveConfigV2, String name) {
    if (serveConfigV2 == null || serveConfigV2.isBlank()) {
      return Optional.empty();
    }
    Map<String, Object> config = Serialization.unmarshal(serveConfigV2, Map.class);
    if (config != null && config.get("applications") instanceof List<?> apps) {
      for (Object a : apps) {
        if (a instanceof Map<?, ?> m && name.equals(m.get("name"))) {
          return Optional.of((Map<String, Object>) m);
        }
      }
    }
    return Optional.empty();
  }

  /** {@code spec.serveConfigV2} of a RayService. */
  public static String serveConfig(GenericKubernetesResource rayService) {
    return map(rayService.getAdditionalProperties().get("spec")).get("serveConfigV2") instanceof String s ? s : "";
  }

  /** What the RayService says of application {@code app}: running, failed, or still going. */
  public static Kube.Progress progress(GenericKubernetesResource rayService, String app) {
    if (rayService == null) {
      return new Kube.Progress.Failed("the RayService was deleted while the application deployed");
    }
    long generation = Optional.ofNullable(rayService.getMetadata().getGeneration()).orElse(0L);
    Map<String, Object> status = map(rayService.getAdditionalProperties().get("status"));
    if (!(status.get("observedGeneration") instanceof Number n) || n.longValue() < generation) {
      return new Kube.Progress.Pending("KubeRay has not seen generation " + generation + " yet");
    }
    Map<String, Object> appStatus = map(map(map(status.get("activeServiceStatus")).get("applicationStatuses")).get(app));
    Object state = appStatus.get("status");
    Object message = appStatus.getOrDefault("message", "");
    if ("DEPLOY_FAILED".equals(state)) {
      return new Kube.Progress.Failed("DEPLOY_FAILED: " + message);
    }
    if ("RUNNING".equals(state)) {
      return new Kube.Progress.Ready<>(rayService);
    }
    return new Kube.Progress.Pending("application '" + app + "' is " + (state == null ? "not listed yet" : state)
        + (message.toString().isEmpty() ? "" : " (" + message + ")"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
