package dev.sluice.executor.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.io.RemoteCommand;
import dev.sluice.core.model.Resources;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.RetryHint;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.executor.kubernetes.KubernetesConfig;
import dev.sluice.executor.kubernetes.TestAttempt;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the API server would refuse or drop is refused when the configuration is built (or, for a
 * task's own resources, before any Job is created), with the API server's own rule text.
 */
class ApiValidationRulesTest {

  private static TaskSpec.Builder task(String name) {
    return TaskSpec.builder(name).output(Integer.class).body(new TaskBody.Command(List.of("python3", "train.py"), Map.of()));
  }

  private static Job job(TaskSpec task, KubernetesConfig config) {
    Attempt a = new TestAttempt(task, new Object[0], "wf", "run-1", task.name(), 1, ArtifactStores.inMemory());
    RemoteCommand cmd = RemoteCommand.forAttempt(a, a.staging().inputsUri(), config.jvmLauncher());
    return Manifests.job(a, cmd, config, "ml", Labels.jobName(a.attemptName()));
  }

  // Item 18. The API server validates container resources with validateResourceQuantityValue
  // (kubernetes/kubernetes pkg/apis/core/validation/validation.go): an extended resource (a name
  // with a domain prefix outside kubernetes.io) must be an integer, isNotIntegerErrorMsg = "must be
  // an integer"; the Job was created with "0.5" and refused with 422 Invalid.
  @Test
  void fractionalExtendedResourcesAreRefusedAtConfigTime() {
    Resources half = new Resources(0, null, 0, Map.of("example.com/fpga", 0.5));
    assertThatThrownBy(() -> KubernetesConfig.builder().image("i").defaultResources(half).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("example.com/fpga")
        .hasMessageContaining("0.5")
        .hasMessageContaining("must be an integer")
        .hasMessageContaining("KubernetesConfig.defaultResources");

    // A task's own resources reach the executor only with the attempt: refused before any API call,
    // and as a failure that another attempt cannot fix.
    KubernetesConfig config = KubernetesConfig.builder().image("i").build();
    assertThatThrownBy(() -> job(task("fit").resources(half).build(), config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 'fit'")
        .hasMessageContaining("must be an integer")
        .satisfies(e -> assertThat(((RetryHint) e).retryable()).isFalse());

    // Whole units still become request and limit; names without '/' are Ray's and may be fractional.
    Resources ok = new Resources(0, null, 0, Map.of("example.com/fpga", 2.0, "trainer", 0.5));
    var resources = job(task("fit").resources(ok).build(), config)
        .getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    assertThat(resources.getLimits()).containsOnlyKeys("example.com/fpga").containsEntry("example.com/fpga", new Quantity("2"));
    assertThat(resources.getRequests()).containsEntry("example.com/fpga", new Quantity("2"));
  }

  // Item 20. fabric8's Serialization.unmarshal parses text starting with '{' as JSON, so flow-style
  // YAML (unquoted keys) failed with KubernetesClientException "An error has occurred."
  @Test
  void flowStyleAffinityYamlIsAcceptedAndABadOneIsExplained() {
    String flow = "{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
        + " [{matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64]}]}]}}}";
    assertThat(arch(Manifests.parseAffinity(flow))).containsExactly("amd64");
    String json = "{\"nodeAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\":"
        + " [{\"matchExpressions\": [{\"key\": \"kubernetes.io/arch\", \"operator\": \"In\", \"values\": [\"amd64\"]}]}]}}}";
    assertThat(arch(Manifests.parseAffinity(json))).containsExactly("amd64");
    // YAML 1.2: "no" stays a string (YAML 1.1 would make it false)
    String block = "nodeAffinity:\n  requiredDuringSchedulingIgnoredDuringExecution:\n    nodeSelectorTerms:\n"
        + "    - matchExpressions:\n      - {key: topology.kubernetes.io/region, operator: In, values: [no]}\n";
    assertThat(arch(Manifests.parseAffinity(block))).containsExactly("no");

    // The example the error suggests parses.
    Throwable bad = catchThrowable(() -> KubernetesConfig.builder().affinity("nodeAffinity: [1, 2]").build());
    assertThat(bad).hasMessageContaining("not a core/v1 Affinity").hasMessageContaining("nodeAffinity")
        .hasMessageNotContaining("An error has occurred");
    Matcher example = Pattern.compile("e\\.g\\. (\\{.*\\})$").matcher(bad.getMessage());
    assertThat(example.find()).as("the message ends with an example: %s", bad.getMessage()).isTrue();
    assertThat(arch(Manifests.parseAffinity(example.group(1)))).containsExactly("amd64");

    // Broken syntax names the line; a misspelt field, which the API server would drop, is refused.
    assertThatThrownBy(() -> Manifests.parseAffinity("{nodeAffinity: {"))
        .hasMessageContaining("line").hasMessageNotContaining("An error has occurred");
    assertThatThrownBy(() -> Manifests.parseAffinity("nodeAffinity:\n  requiredDuringSchedulingIgnoredDuringExecution:\n"
        + "    nodeSelectorTerms:\n    - matchExpresions: []\n"))
        .hasMessageContaining("unknown field")
        .hasMessageContaining("nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpresions");
    assertThatThrownBy(() -> Manifests.parseAffinity("- a\n- b\n")).hasMessageContaining("not a mapping");
  }

  private static Throwable catchThrowable(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("no exception");
  }

  private static List<String> arch(Affinity a) {
    return a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0)
        .getMatchExpressions().get(0).getValues();
  }
}
