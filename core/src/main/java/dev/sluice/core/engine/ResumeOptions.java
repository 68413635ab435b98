package dev.sluice.core.engine;

import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of {@code Engine.resume} and {@code Engine.recover}: which workflow to run the journaled
 * run with (default: the one registered with {@code Engine.builder().workflows(...)} under the
 * journaled name), whether to accept a journaled spec that differs from it, and listeners.
 *
 * @param workflow the workflow, when it is not registered with the engine
 * @param journaledSpec resume on the spec the run was started with (read from the journal, tasks
 *     found by name in the workflow at hand) instead of refusing when the spec changed
 */
public record ResumeOptions(
    Optional<WorkflowSpec> workflow, boolean journaledSpec, List<RunListener> listeners) {

  public static final ResumeOptions DEFAULT = new ResumeOptions(Optional.empty(), false, List.of());

  public ResumeOptions {
    Objects.requireNonNull(workflow, "workflow");
    listeners = List.copyOf(listeners);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder of {@link ResumeOptions}. */
  public static final class Builder {
    private WorkflowSpec workflow;
    private boolean journaledSpec;
    private final List<RunListener> listeners = new ArrayList<>();

    private Builder() {}

    /** The workflow to resume the run with. */
    public Builder workflow(WorkflowDefinition<?, ?> workflow) {
      return workflow(Objects.requireNonNull(workflow, "workflow").spec());
    }

    public Builder workflow(WorkflowSpec workflow) {
      this.workflow = Objects.requireNonNull(workflow, "workflow");
      return this;
    }

    /**
     * Run the spec the run was started with even if the workflow changed since: its DAG comes from
     * the journal, its tasks' code from the workflow at hand, by task name. Specs with branch or
     * dynamic nodes cannot be read back from the journal.
     */
    public Builder journaledSpec() {
      this.journaledSpec = true;
      return this;
    }

    public Builder listener(RunListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public ResumeOptions build() {
      return new ResumeOptions(Optional.ofNullable(workflow), journaledSpec, listeners);
    }
  }
}
