package dev.sluice.core.model;

import dev.sluice.core.internal.model.CompiledWorkflow;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/**
 * A compiled, validated, immutable workflow: a typed input and output and a DAG of nodes. The DSL
 * builds one; {@link #builder(String, Type)} builds one by hand. Every spec that exists has passed
 * validation (bindings resolved, types compatible, names unique, no cycle).
 */
public interface WorkflowSpec {

  String name();

  /** A user-chosen version string, "1" by default; recorded with every run. */
  String version();

  Type inputType();

  Type outputType();

  /** The nodes in a topological order (every node after the nodes it reads). */
  List<NodeSpec> nodes();

  /** Where the workflow's output comes from. */
  Binding output();

  FailurePolicy failurePolicy();

  /** A task run with a {@link RunFailure} when a run of this workflow fails. */
  Optional<TaskSpec> onFailure();

  /** The node with this id, if any. */
  Optional<NodeSpec> node(String id);

  /** Ids of the nodes this node reads, in binding order without repeats. */
  List<String> upstream(String nodeId);

  /** Ids of the nodes that read this node. */
  List<String> downstream(String nodeId);

  /** The spec as JSON (tasks by name, version, types and policies; no code). */
  String toJson();

  /** The DAG as a Mermaid flowchart, for a picture of the workflow. */
  String toMermaid();

  /**
   * Reads a spec from the JSON {@link #toJson()} writes, finding each task by name (and checking its
   * version) in {@code tasks}, and validates it like any other spec. Branch and dynamic nodes hold
   * Java code and cannot be read back.
   *
   * @throws WorkflowValidationException naming every problem (unknown task, wrong version, cycle…)
   */
  static WorkflowSpec fromJson(String json, TaskCatalog tasks) {
    return dev.sluice.core.internal.model.SpecJsonReader.read(json, tasks);
  }

  /** Starts a hand-built spec. */
  static Builder builder(String name, Type inputType) {
    return new Builder(name, inputType);
  }

  /** Mutable builder of a {@link WorkflowSpec}; {@link #build()} validates everything at once. */
  final class Builder {
    private final CompiledWorkflow.Draft draft;

    private Builder(String name, Type inputType) {
      draft = new CompiledWorkflow.Draft(name, inputType);
    }

    public Builder version(String version) {
      draft.version = version;
      return this;
    }

    public Builder node(NodeSpec node) {
      draft.nodes.add(node);
      return this;
    }

    public Builder output(Binding output, Type outputType) {
      draft.output = output;
      draft.outputType = outputType;
      return this;
    }

    public Builder failurePolicy(FailurePolicy policy) {
      draft.failurePolicy = policy;
      return this;
    }

    /** A task taking one {@link RunFailure} input, run when a run of this workflow fails. */
    public Builder onFailure(TaskSpec task) {
      draft.onFailure = task;
      return this;
    }

    /**
     * Validates and freezes.
     *
     * @throws WorkflowValidationException naming every problem found
     */
    public WorkflowSpec build() {
      return CompiledWorkflow.compile(draft);
    }
  }
}
