package dev.sluice.deploy.kubernetes.internal;

import dev.sluice.models.registry.ModelVersion;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Deployment and Service of a target: labels {@code app.kubernetes.io/name=<target>}, the
 * model in annotations (on the Deployment for {@code current}, on the pod template so a new version
 * rolls out) and in {@code SLUICE_MODEL_*} variables.
 */
public record DeploymentSpecs(String image, int replicas, int port, String readinessPath, List<String> args,
    Map<String, String> env, Map<String, String> requests, Map<String, String> limits,
    Optional<String> serviceAccount, int progressDeadlineSeconds) {

  /** Annotation: the model's name. */
  public static final String MODEL = "sluice.dev/model";
  /** Annotation: the model's version. */
  public static final String VERSION = "sluice.dev/model-version";
  /** Annotation: the version's artifact. */
  public static final String URI = "sluice.dev/model-uri";
  /** The Service's port. */
  public static final int SERVICE_PORT = 80;

  /** The Deployment for {@code version} as {@code target}. */
  public Deployment deployment(String target, ModelVersion version) {
    Map<String, String> labels = Map.of("app.kubernetes.io/name", target, "app.kubernetes.io/managed-by", "sluice");
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(MODEL, version.model());
    annotations.put(VERSION, Integer.toString(version.version()));
    annotations.put(URI, version.artifact());
    List<EnvVar> vars = new ArrayList<>();
    vars.add(new EnvVar("SLUICE_MODEL_URI", version.artifact(), null));
    vars.add(new EnvVar("SLUICE_MODEL_NAME", version.model(), null));
    vars.add(new EnvVar("SLUICE_MODEL_VERSION", Integer.toString(version.version()), null));
    env.forEach((k, v) -> vars.add(new EnvVar(k, v, null)));
    return new DeploymentBuilder()
        .withNewMetadata().withName(target).withLabels(labels).withAnnotations(annotations).endMetadata()
        .withNewSpec()
            .withReplicas(replicas)
            .withProgressDeadlineSeconds(progressDeadlineSeconds)
            .withNewSelector().withMatchLabels(Map.of("app.kubernetes.io/name", target)).endSelector()
            .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                    .withServiceAccountName(serviceAccount.orElse(null))
                    .addNewContainer()
                        .withName("model")
                        .withImage(image)
                        .withArgs(args.isEmpty() ? null : args)
                        .withEnv(vars)
                        .addNewPort().withName("http").withContainerPort(port).endPort()
                        .withNewResources().withRequests(quantities(requests)).withLimits(quantities(limits)).endResources()
                        .withNewReadinessProbe()
                            .withNewHttpGet().withPath(readinessPath).withPort(new IntOrString("http")).endHttpGet()
                            .withPeriodSeconds(5).withFailureThreshold(3)
                        .endReadinessProbe()
                    .endContainer()
                .endSpec()
            .endTemplate()
        .endSpec()
        .build();
  }

  /** Creates or edits the Deployment (and creates the Service if missing). */
  public void apply(KubernetesClient client, String target, ModelVersion version) {
    Deployment wanted = deployment(target, version);
    Deployment existing = client.apps().deployments().withName(target).get();
    if (existing == null) {
      client.apps().deployments().resource(wanted).create();
    } else {
      Kube.editRetryingConflicts(() -> client.apps().deployments().withName(target).edit(d -> {
        d.getMetadata().setLabels(wanted.getMetadata().getLabels());
        d.getMetadata().setAnnotations(wanted.getMetadata().getAnnotations());
        d.setSpec(wanted.getSpec());
        return d;
      }));
    }
    if (client.services().withName(target).get() == null) {
      client.services().resource(new ServiceBuilder()
          .withNewMetadata().withName(target).withLabels(wanted.getMetadata().getLabels()).endMetadata()
          .withNewSpec().withSelector(Map.of("app.kubernetes.io/name", target))
              .addNewPort().withName("http").withPort(SERVICE_PORT).withTargetPort(new IntOrString("http")).endPort()
          .endSpec().build()).create();
    }
  }

  private static Map<String, Quantity> quantities(Map<String, String> values) {
    Map<String, Quantity> q = new LinkedHashMap<>();
    values.forEach((k, v) -> q.put(k, new Quantity(v)));
    return q.isEmpty() ? null : q;
  }
}
