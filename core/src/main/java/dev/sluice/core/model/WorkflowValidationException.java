package dev.sluice.core.model;

import java.util.List;

/**
 * A workflow spec that cannot be built, with every problem found (not only the first), each naming
 * the workflow, node and input and how to fix it.
 */
public final class WorkflowValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final transient List<SpecError> errors;

  public WorkflowValidationException(List<SpecError> errors) {
    super(render(errors));
    this.errors = List.copyOf(errors);
  }

  public List<SpecError> errors() {
    return errors;
  }

  private static String render(List<SpecError> errors) {
    if (errors.size() == 1) {
      return errors.get(0).message();
    }
    StringBuilder sb =
        new StringBuilder("workflow '")
            .append(errors.get(0).workflow())
            .append("' is invalid (")
            .append(errors.size())
            .append(" problems):");
    for (SpecError e : errors) {
      sb.append("\n  - ").append(e.message());
    }
    return sb.toString();
  }
}
