package dev.sluice.executor.kubernetes.internal;

import dev.sluice.core.io.RemoteCommand;
import dev.sluice.core.model.Resources;
import dev.sluice.core.model.SecretVariables;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.executor.kubernetes.ImagePullPolicy;
import dev.sluice.executor.kubernetes.KubernetesConfig;
import dev.sluice.executor.kubernetes.SecretEnv;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Builds the {@code batch/v1} Job of one attempt from the task's spec and the executor's config. */
public final class Manifests {
  static final String CONTAINER = "task";
  private static final Set<String> CREDENTIALS =
      Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

  private Manifests() {}

  /**
   * Refuses a credential or any other secret ({@link SecretVariables#standard()}: the AWS aliases,
   * {@code *_TOKEN}, {@code *_PASSWORD}…) passed as a plain variable: it would be readable in the Job spec.
   */
  public static void requireNotACredential(String variable, String where) {
    if (CREDENTIALS.contains(variable) || SecretVariables.standard().isSecret(variable)) {
      throw new IllegalArgumentException(
          variable + " is set as a plain value in " + where + ": it would be readable by anyone who can"
              + " read the Job. Pass it as a Secret reference instead: KubernetesConfig.builder()"
              + ".secretEnv(\"" + variable + "\", \"<secret>\", \"<key>\") or .storeCredentials(\"<secret>\")");
    }
  }

  /** Parses and checks an Affinity given as YAML (block or flow style) or JSON. */
  public static Affinity parseAffinity(String yamlOrJson) {
    return AffinityYaml.parse(yamlOrJson);
  }

  /** The Job that runs {@code launch} for {@code attempt} under {@code name}. */
  static Job job(Attempt attempt, RemoteCommand launch, KubernetesConfig config, String namespace, String name) {
    TaskSpec task = attempt.task();
    String image = task.placement().image() != null ? task.placement().image() : config.image().orElse(null);
    try {
      if (image == null) {
        throw new IllegalArgumentException(
            "task '" + task.name() + "' has no container image: set one on the task (.image(\"registry/app:1.0\"))"
                + " or a default with KubernetesConfig.builder().image(...)");
      }
      launch.env().keySet().forEach(v -> requireNotACredential(v, "the environment of task '" + task.name() + "'"));
      PodResources.requireWholeExtendedResources(task.resources(), "the resources of task '" + task.name() + "'");
    } catch (IllegalArgumentException e) {
      throw new JobSpecException(e.getMessage(), e);
    }
    Map<String, String> labels = new LinkedHashMap<>(config.labels());
    labels.put(Labels.MANAGED_BY, "sluice");
    labels.put(Labels.EXECUTOR, config.instance());
    labels.put(Labels.WORKFLOW, Labels.labelValue(attempt.workflowName()));
    labels.put(Labels.RUN, Labels.labelValue(attempt.runId()));
    labels.put(Labels.NODE, Labels.labelValue(attempt.nodePath()));
    labels.put(Labels.ATTEMPT, String.valueOf(attempt.attempt()));
    labels.put(Labels.TASK, Labels.labelValue(task.name()));
    Map<String, String> annotations = new LinkedHashMap<>(config.annotations());
    annotations.put(Labels.NODE_PATH_ANNOTATION, attempt.nodePath());
    annotations.put(Labels.RUN_ANNOTATION, attempt.runId());
    Map<String, String> nodeSelector = new TreeMap<>(config.nodeSelector());
    nodeSelector.putAll(task.placement().nodeSelector());
    List<Toleration> tolerations = new ArrayList<>();
    for (dev.sluice.core.model.Toleration t : config.tolerations()) {
      tolerations.add(toleration(t));
    }
    for (dev.sluice.core.model.Toleration t : task.placement().tolerations()) {
      tolerations.add(toleration(t));
    }
    PodSecurityContextBuilder podSecurity = new PodSecurityContextBuilder()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile();
    if (config.runAsNonRoot()) {
      podSecurity.withRunAsNonRoot(true);
    }
    config.runAsUser().ifPresent(podSecurity::withRunAsUser);
    return new JobBuilder()
        .withNewMetadata()
            .withName(name).withNamespace(namespace).withLabels(labels).withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
            .withBackoffLimit(0)
            .withActiveDeadlineSeconds(task.timeout().map(t -> Math.max(1, (t.toMillis() + 999) / 1000)).orElse(null))
            .withTtlSecondsAfterFinished((int) Math.min(Integer.MAX_VALUE, config.ttlAfterFinished().toSeconds()))
            .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withServiceAccountName(config.serviceAccount().orElse(null))
                    .withAutomountServiceAccountToken(config.serviceAccountTokenFor(task.name()))
                    .withPriorityClassName(config.priorityClassName().orElse(null))
                    .withImagePullSecrets(config.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
                    .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                    .withTolerations(tolerations)
                    .withAffinity(config.affinity().map(Manifests::parseAffinity).orElse(null))
                    .withSecurityContext(podSecurity.build())
                    .addNewContainer()
                        .withName(CONTAINER)
                        .withImage(image)
                        .withImagePullPolicy(config.imagePullPolicy().map(ImagePullPolicy::apiValue).orElse(null))
                        .withCommand(launch.argv())
                        .withEnv(env(plainEnv(config, launch), config.secretEnv(), task.name()))
                        .withResources(PodResources.of(task.resources(), config.defaultResources(), config.limitCpu(),
                            config.ephemeralStorage()))
                        .withNewSecurityContext()
                            .withAllowPrivilegeEscalation(false)
                            .withNewCapabilities().withDrop("ALL").endCapabilities()
                        .endSecurityContext()
                    .endContainer()
                .endSpec()
            .endTemplate()
        .endSpec()
        .build();
  }

  /** The configuration's variables, then the attempt's (which win: they say where its data is). */
  private static Map<String, String> plainEnv(KubernetesConfig config, RemoteCommand launch) {
    Map<String, String> env = new LinkedHashMap<>(config.environment());
    env.putAll(launch.env());
    return env;
  }

  /** Plain variables in name order, then the Secret references (a reference wins over a plain value). */
  static List<EnvVar> env(Map<String, String> plain, List<SecretEnv> secrets, String taskName) {
    Map<String, EnvVar> byName = new LinkedHashMap<>();
    new TreeMap<>(plain).forEach((k, v) -> byName.put(k, new EnvVar(k, v, null)));
    for (SecretEnv s : secrets) {
      if (s.appliesTo(taskName)) {
        byName.remove(s.variable());
        byName.put(s.variable(), new EnvVarBuilder().withName(s.variable())
            .withNewValueFrom().withNewSecretKeyRef().withName(s.secret()).withKey(s.key()).endSecretKeyRef()
            .endValueFrom().build());
      }
    }
    return List.copyOf(byName.values());
  }

  private static Toleration toleration(dev.sluice.core.model.Toleration t) {
    return new TolerationBuilder()
        .withKey(t.key()).withOperator(t.operator()).withValue(t.value()).withEffect(t.effect()).build();
  }
}
