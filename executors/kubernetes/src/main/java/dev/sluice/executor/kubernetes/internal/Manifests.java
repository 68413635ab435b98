package dev.sluice.executor.kubernetes.internal;

import dev.sluice.core.io.RemoteCommand;
import dev.sluice.core.model.Resources;
import dev.sluice.core.model.SecretVariables;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.executor.kubernetes.KubernetesConfig;
import dev.sluice.executor.kubernetes.SecretEnv;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
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

  /** Parses and checks an Affinity given as YAML or JSON. */
  public static Affinity parseAffinity(String yamlOrJson) {
    try {
      Affinity affinity = Serialization.unmarshal(yamlOrJson, Affinity.class);
      if (affinity == null) {
        throw new IllegalArgumentException("it is empty");
      }
      return affinity;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "affinity is not a core/v1 Affinity in YAML or JSON (" + e.getMessage() + "); write e.g."
              + " {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [...]}}}", e);
    }
  }

  /** The Job that runs {@code launch} for {@code attempt} under {@code name}. */
  static Job job(Attempt attempt, RemoteCommand launch, KubernetesConfig config, String namespace, String name) {
    TaskSpec task = attempt.task();
    String image = task.placement().image() != null ? task.placement().image() : config.image().orElse(null);
    if (image == null) {
      throw new IllegalArgumentException(
          "task '" + task.name() + "' has no container image: set one on the task (.image(\"registry/app:1.0\"))"
              + " or a default with KubernetesConfig.builder().image(...)");
    }
    launch.env().keySet().forEach(v -> requireNotACredential(v, "the environment of task '" + task.name() + "'"));
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
                    .withImagePullSecrets(config.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
                    .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                    .withTolerations(tolerations)
                    .withAffinity(config.affinity().map(Manifests::parseAffinity).orElse(null))
                    .withSecurityContext(podSecurity.build())
                    .addNewContainer()
                        .withName(CONTAINER)
                        .withImage(image)
                        .withCommand(launch.argv())
                        .withEnv(env(plainEnv(config, launch), config.secretEnv(), task.name()))
                        .withResources(resources(task.resources(), config.defaultResources(), config.limitCpu()))
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

  /** cpu and memory requested; memory and GPUs also limited (cpu too with limitCpu). */
  static ResourceRequirements resources(Resources task, Resources defaults, boolean limitCpu) {
    double cpu = task.cpu() > 0 ? task.cpu() : defaults.cpu();
    String memory = task.memory() != null ? task.memory() : defaults.memory();
    int gpu = task.gpu() > 0 ? task.gpu() : defaults.gpu();
    Map<String, Quantity> requests = new TreeMap<>();
    Map<String, Quantity> limits = new TreeMap<>();
    if (cpu > 0) {
      Quantity q = new Quantity(cpu == Math.rint(cpu) ? String.valueOf((long) cpu) : Math.round(cpu * 1000) + "m");
      requests.put("cpu", q);
      if (limitCpu) {
        limits.put("cpu", q);
      }
    }
    if (memory != null) {
      requests.put("memory", new Quantity(memory));
      limits.put("memory", new Quantity(memory));
    }
    if (gpu > 0) {
      limits.put("nvidia.com/gpu", new Quantity(String.valueOf(gpu)));
    }
    Map<String, Double> custom = new TreeMap<>(defaults.custom());
    custom.putAll(task.custom());
    custom.forEach((key, amount) -> {
      if (key.contains("/")) { // an extended resource such as example.com/fpga; plain names are Ray's
        Quantity q = new Quantity(amount == Math.rint(amount) ? String.valueOf(amount.longValue()) : String.valueOf(amount));
        requests.put(key, q);
        limits.put(key, q);
      }
    });
    return new ResourceRequirementsBuilder()
        .withRequests(requests.isEmpty() ? null : requests)
        .withLimits(limits.isEmpty() ? null : limits)
        .build();
  }

  private static Toleration toleration(dev.sluice.core.model.Toleration t) {
    return new TolerationBuilder()
        .withKey(t.key()).withOperator(t.operator()).withValue(t.value()).withEffect(t.effect()).build();
  }
}
