package dev.sluice.testing.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The API server's validation of a created Job, for the rules a client is likely to break: an
 * extended resource (a name with a domain other than kubernetes.io, e.g. {@code example.com/fpga})
 * must be an integer (kubernetes/kubernetes pkg/apis/core/validation/validation.go,
 * validateResourceQuantityValue, {@code isNotIntegerErrorMsg = "must be an integer"}). A refusal is
 * {@code apierrors.NewInvalid} (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go): 422,
 * reason Invalid, message {@code Job.batch "<name>" is invalid: <field>: Invalid value: "<value>":
 * <detail>} (several errors in brackets, comma-separated), one cause per error with reason
 * FieldValueInvalid; a quantity is printed in canonical form (0.5 as 500m).
 */
final class JobValidation {
  private JobValidation() {}

  /** The 422 Status for {@code job}, or empty when the API server would accept it. */
  static Optional<Status> invalid(Job job) {
    List<StatusCause> causes = new ArrayList<>();
    if (job.getSpec() != null && job.getSpec().getTemplate() != null && job.getSpec().getTemplate().getSpec() != null) {
      List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
      for (int i = 0; containers != null && i < containers.size(); i++) {
        ResourceRequirements r = containers.get(i).getResources();
        if (r != null) {
          String path = "spec.template.spec.containers[" + i + "].resources.";
          integers(r.getLimits(), path + "limits", causes);
          integers(r.getRequests(), path + "requests", causes);
        }
      }
    }
    if (causes.isEmpty()) {
      return Optional.empty();
    }
    List<String> errors = causes.stream().map(c -> c.getField() + ": " + c.getMessage()).toList();
    String name = job.getMetadata() != null ? job.getMetadata().getName() : "";
    return Optional.of(new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure")
        .withMessage("Job.batch \"" + name + "\" is invalid: "
            + (errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]"))
        .withReason("Invalid")
        .withNewDetails().withName(name).withGroup("batch").withKind("Job").withCauses(causes).endDetails()
        .withCode(422).build());
  }

  private static void integers(Map<String, Quantity> quantities, String path, List<StatusCause> causes) {
    if (quantities == null) {
      return;
    }
    new TreeMap<>(quantities).forEach((resource, quantity) -> {
      if (!extended(resource)) {
        return;
      }
      BigDecimal amount = quantity.getNumericalAmount();
      if (amount.stripTrailingZeros().scale() > 0) {
        causes.add(new StatusCauseBuilder().withReason("FieldValueInvalid")
            .withMessage("Invalid value: \"" + canonical(amount, quantity) + "\": must be an integer")
            .withField(path + "[" + resource + "]").build());
      }
    });
  }

  /** Not native (no '/', or in kubernetes.io) and not a quota "requests." name: v1helper.IsExtendedResourceName. */
  private static boolean extended(String resource) {
    int slash = resource.indexOf('/');
    return slash > 0 && !resource.substring(0, slash).endsWith("kubernetes.io") && !resource.startsWith("requests.");
  }

  private static String canonical(BigDecimal amount, Quantity original) {
    BigDecimal milli = amount.movePointRight(3).stripTrailingZeros();
    return milli.scale() <= 0 ? milli.toBigInteger() + "m" : original.toString();
  }
}
