package dev.sluice.testing.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.testing.kubernetes.JobSimulator;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's API server refuses what the real one finds invalid, with its 422 Status. */
class JobValidationTest {

  private static Job job(String name, String fpga) {
    Map<String, Quantity> amount = Map.of("example.com/fpga", new Quantity(fpga), "cpu", new Quantity("500m"));
    return new JobBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("task").withImage("i").withCommand("true")
        .withNewResources().withRequests(amount).withLimits(amount).endResources().endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  @Test
  void aFractionalExtendedResourceIsRefusedAsTheApiServerDoes() {
    try (JobSimulator k8s = JobSimulator.start()) {
      KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
          () -> k8s.client().batch().v1().jobs().inNamespace(k8s.namespace()).resource(job("half", "0.5")).create());
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
      assertThat(e.getStatus().getMessage()).isEqualTo("Job.batch \"half\" is invalid: ["
          + "spec.template.spec.containers[0].resources.limits[example.com/fpga]: Invalid value: \"500m\": must be an integer, "
          + "spec.template.spec.containers[0].resources.requests[example.com/fpga]: Invalid value: \"500m\": must be an integer]");
      assertThat(e.getStatus().getDetails().getCauses()).extracting(c -> c.getReason()).containsOnly("FieldValueInvalid");
      assertThat(k8s.client().batch().v1().jobs().inNamespace(k8s.namespace()).withName("half").get()).isNull();

      // whole units (and a fractional cpu, a native resource) are accepted
      JobValidation.invalid(job("whole", "2")).ifPresent(s -> {
        throw new AssertionError(s.getMessage());
      });
    }
  }
}
