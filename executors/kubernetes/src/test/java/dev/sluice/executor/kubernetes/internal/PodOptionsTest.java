package dev.sluice.executor.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.io.RemoteCommand;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.executor.kubernetes.ImagePullPolicy;
import dev.sluice.executor.kubernetes.KubernetesConfig;
import dev.sluice.executor.kubernetes.TestAttempt;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pod-level options, by their core/v1 field names: {@code PodSpec.automountServiceAccountToken},
 * {@code PodSpec.priorityClassName}, {@code Container.imagePullPolicy} and the {@code
 * ephemeral-storage} resource.
 */
class PodOptionsTest {

  private static PodSpec pod(String taskName, KubernetesConfig config) {
    TaskSpec task = TaskSpec.builder(taskName).output(Integer.class)
        .body(new TaskBody.Command(List.of("python3", "train.py"), Map.of())).build();
    Attempt a = new TestAttempt(task, new Object[0], "wf", "run-1", taskName, 1, ArtifactStores.inMemory());
    RemoteCommand cmd = RemoteCommand.forAttempt(a, a.staging().inputsUri(), config.jvmLauncher());
    return Manifests.job(a, cmd, config, "ml", Labels.jobName(a.attemptName())).getSpec().getTemplate().getSpec();
  }

  // Item 21. Without automountServiceAccountToken the kubelet mounts the service account's token in
  // every task container (/var/run/secrets/kubernetes.io/serviceaccount/token): a credential for the
  // API that tasks do not call.
  @Test
  void taskPodsGetNoApiTokenUnlessATaskAsksForIt() {
    assertThat(pod("fit", KubernetesConfig.builder().image("i").build()).getAutomountServiceAccountToken()).isFalse();

    KubernetesConfig one = KubernetesConfig.builder().image("i").mountServiceAccountToken("operator").build();
    assertThat(pod("operator", one).getAutomountServiceAccountToken()).isTrue();
    assertThat(pod("fit", one).getAutomountServiceAccountToken()).isFalse();

    KubernetesConfig all = KubernetesConfig.builder().image("i").mountServiceAccountToken().build();
    assertThat(pod("fit", all).getAutomountServiceAccountToken()).isTrue();
    assertThat(all.toBuilder().build()).isEqualTo(all);
  }

  @Test
  void imagePullPolicyPriorityClassAndEphemeralStorageReachThePod() {
    PodSpec plain = pod("fit", KubernetesConfig.builder().image("i").build());
    assertThat(plain.getPriorityClassName()).isNull();
    assertThat(plain.getContainers().get(0).getImagePullPolicy()).isNull();
    assertThat(plain.getContainers().get(0).getResources().getRequests()).isNull();

    KubernetesConfig config = KubernetesConfig.builder().image("i").imagePullPolicy(ImagePullPolicy.ALWAYS)
        .priorityClassName("batch-low").ephemeralStorage("10Gi").build();
    PodSpec pod = pod("fit", config);
    assertThat(pod.getPriorityClassName()).isEqualTo("batch-low");
    Container c = pod.getContainers().get(0);
    assertThat(c.getImagePullPolicy()).isEqualTo("Always");
    assertThat(c.getResources().getRequests()).containsEntry("ephemeral-storage", new Quantity("10Gi"));
    assertThat(c.getResources().getLimits()).containsEntry("ephemeral-storage", new Quantity("10Gi"));
    assertThat(config.toBuilder().build()).isEqualTo(config);

    assertThatThrownBy(() -> KubernetesConfig.builder().priorityClassName("Batch_Low").build())
        .hasMessageContaining("priorityClassName 'Batch_Low' is not a valid Kubernetes name");
    assertThatThrownBy(() -> KubernetesConfig.builder().ephemeralStorage("ten gigs").build())
        .hasMessageContaining("ephemeralStorage 'ten gigs' is not a Kubernetes quantity");
  }
}
