package dev.sluice.executor.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.io.RemoteCommand;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.Resources;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Toleration;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.executor.kubernetes.KubernetesConfig;
import dev.sluice.executor.kubernetes.TestAttempt;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Job an attempt becomes: spec fields, resources, placement, security, names and labels. */
class ManifestsTest {
  private static final ArtifactStore STORE = ArtifactStores.inMemory();

  private static TaskSpec.Builder task(String name) {
    return TaskSpec.builder(name).output(Integer.class).body(new TaskBody.Command(List.of("python3", "train.py"), Map.of()));
  }

  private static Job job(TaskSpec task, KubernetesConfig config) {
    Attempt a = new TestAttempt(task, new Object[0], "Train Workflow/v2", "run-1", "tune/fit[3]", 2, STORE);
    RemoteCommand cmd = RemoteCommand.forAttempt(a, a.staging().inputsUri(), config.jvmLauncher());
    return Manifests.job(a, cmd, config, "ml", Labels.jobName(a.attemptName()));
  }

  @Test
  void aJobRunsOnceWithTheTaskTimeoutAsDeadlineAndATtl() {
    Job job = job(task("fit").timeout(Duration.ofMillis(90_500)).build(), KubernetesConfig.builder().image("img:1").build());
    assertThat(job.getMetadata().getName()).isEqualTo("run-1-tune-fit-3-2-" + job.getMetadata().getName().substring(19));
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(91L);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(job(task("fit").build(), KubernetesConfig.builder().image("i").build()).getSpec().getActiveDeadlineSeconds()).isNull();
  }

  @Test
  void labelsNameWorkflowRunNodeAndAttemptInValidLabelValues() {
    Job job = job(task("fit").build(), KubernetesConfig.builder().image("img:1").label("team", "qoe").build());
    assertThat(job.getMetadata().getLabels())
        .containsEntry("sluice.dev/run", "run-1")
        .containsEntry("sluice.dev/attempt", "2")
        .containsEntry("sluice.dev/task", "fit")
        .containsEntry("sluice.dev/executor", "sluice")
        .containsEntry("team", "qoe");
    assertThat(job.getMetadata().getLabels().get("sluice.dev/workflow")).startsWith("Train-Workflow-v2-").hasSizeLessThanOrEqualTo(63);
    assertThat(job.getMetadata().getLabels().get("sluice.dev/node")).startsWith("tune-fit-3-");
    assertThat(job.getMetadata().getAnnotations()).containsEntry("sluice.dev/node-path", "tune/fit[3]");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(job.getMetadata().getLabels());
  }

  @Test
  void resourcesBecomeRequestsAndLimitsWithGpusAndExtendedResources() {
    Resources r = new Resources(0.5, "8Gi", 2, Map.of("example.com/fpga", 1.0, "trainer", 1.0));
    Container c = container(job(task("fit").resources(r).build(), KubernetesConfig.builder().image("i").build()));
    assertThat(c.getResources().getRequests()).containsOnlyKeys("cpu", "memory", "example.com/fpga")
        .containsEntry("cpu", new Quantity("500m")).containsEntry("memory", new Quantity("8Gi"));
    assertThat(c.getResources().getLimits()).containsOnlyKeys("memory", "nvidia.com/gpu", "example.com/fpga")
        .containsEntry("nvidia.com/gpu", new Quantity("2"));

    Container defaults = container(job(task("fit").resources(new Resources(0, "1Gi", 0, Map.of())).build(),
        KubernetesConfig.builder().image("i").limitCpu(true).defaultResources(new Resources(2, "4Gi", 0, Map.of())).build()));
    assertThat(defaults.getResources().getRequests()).containsEntry("cpu", new Quantity("2")).containsEntry("memory", new Quantity("1Gi"));
    assertThat(defaults.getResources().getLimits()).containsEntry("cpu", new Quantity("2"));
  }

  @Test
  void placementMergesTheConfigsAndTheTasksSelectorsAndTolerations() {
    TaskSpec t = task("fit").placement(new Placement(null, "trainer:2", Map.of("gpu", "a100"),
        List.of(Toleration.of("nvidia.com/gpu", "present", "NoSchedule")), Map.of("EPOCHS", "3"))).build();
    KubernetesConfig config = KubernetesConfig.builder().image("default:1").nodeSelector("pool", "batch")
        .toleration(new Toleration("spot", null, null, "NoSchedule")).serviceAccount("trainer").imagePullSecret("regcred")
        .affinity("nodeAffinity:\n  requiredDuringSchedulingIgnoredDuringExecution:\n    nodeSelectorTerms:\n"
            + "    - matchExpressions:\n      - {key: kubernetes.io/arch, operator: In, values: [amd64]}\n")
        .build();
    PodSpec pod = job(t, config).getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).isEqualTo(Map.of("pool", "batch", "gpu", "a100"));
    assertThat(pod.getTolerations()).extracting(x -> x.getKey() + ":" + x.getOperator())
        .containsExactly("spot:Exists", "nvidia.com/gpu:Equal");
    assertThat(pod.getServiceAccountName()).isEqualTo("trainer");
    assertThat(pod.getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("regcred");
    assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues()).containsExactly("amd64");
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("trainer:2");
    assertThat(c.getCommand()).containsExactly("python3", "train.py");
    assertThat(c.getEnv()).anyMatch(e -> e.getName().equals("EPOCHS") && e.getValue().equals("3"));
  }

  @Test
  void containersRunAsNonRootWithoutPrivilegeEscalationByDefault() {
    PodSpec pod = job(task("fit").build(), KubernetesConfig.builder().image("i").build()).getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(pod.getContainers().get(0).getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

    PodSpec root = job(task("fit").build(), KubernetesConfig.builder().image("i").allowRoot().build()).getSpec().getTemplate().getSpec();
    assertThat(root.getSecurityContext().getRunAsNonRoot()).isNull();
    assertThat(root.getSecurityContext().getRunAsUser()).isNull();
  }

  @Test
  void secretsAreReferencesAndCredentialsAsPlainValuesAreRefused() {
    KubernetesConfig config = KubernetesConfig.builder().image("i").storeCredentials("store")
        .secretEnv(dev.sluice.executor.kubernetes.SecretEnv.forTask("other", "TOKEN", "tok", "t")).build();
    Container c = container(job(task("fit").build(), config));
    assertThat(c.getEnv()).filteredOn(e -> e.getName().startsWith("AWS_"))
        .allSatisfy(e -> assertThat(e.getValue()).isNull())
        .extracting(e -> e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey())
        .containsExactly("store/AWS_ACCESS_KEY_ID", "store/AWS_SECRET_ACCESS_KEY");
    assertThat(c.getEnv()).noneMatch(e -> e.getName().equals("TOKEN"));

    assertThatThrownBy(() -> KubernetesConfig.builder().env("AWS_SECRET_ACCESS_KEY", "x").build())
        .hasMessageContaining("Secret reference");
    assertThatThrownBy(() -> KubernetesConfig.builder().env("AWS_SECURITY_TOKEN", "x").build()) // an alias
        .hasMessageContaining("Secret reference");
    // a task's own environment is refused when the task is built, before any spec is journaled
    assertThatThrownBy(() -> task("fit").placement(new Placement(null, null, Map.of(), List.of(), Map.of("AWS_SESSION_TOKEN", "x"))).build())
        .hasMessageContaining("task 'fit' sets the secret AWS_SESSION_TOKEN as a plain environment value");
  }

  @Test
  void aTaskWithoutAnImageAndWithoutADefaultIsRefused() {
    assertThatThrownBy(() -> job(task("fit").build(), KubernetesConfig.builder().build()))
        .hasMessageContaining("task 'fit' has no container image");
  }

  @Test
  void badConfigurationIsRefusedWhenBuilt() {
    assertThatThrownBy(() -> KubernetesConfig.builder().namespace("ML_Team").build()).hasMessageContaining("namespace 'ML_Team'");
    assertThatThrownBy(() -> KubernetesConfig.builder().label("team", "a b").build()).hasMessageContaining("label team: value 'a b'");
    assertThatThrownBy(() -> KubernetesConfig.builder().affinity("nodeAffinity: [1, 2]").build()).hasMessageContaining("not a core/v1 Affinity");
    assertThatThrownBy(() -> KubernetesConfig.builder().maxJobsInFlight(0).build()).hasMessageContaining("maxJobsInFlight");
  }

  private static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
