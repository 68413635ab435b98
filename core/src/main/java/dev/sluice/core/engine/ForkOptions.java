package dev.sluice.core.engine;

import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code engine.fork} starts a new run from an earlier one: the node to re-run from (it and
 * everything downstream of it run again; every node upstream reuses its journaled output), and
 * optionally another workflow input, outputs to use for chosen nodes instead of the journaled ones,
 * and another executor for chosen tasks.
 *
 * <pre>{@code
 * engine.fork(runId, ForkOptions.from("evaluate").input(newParams).executor("evaluate", "ray").build());
 * }</pre>
 *
 * @param fromNode the top-level node to re-run from
 * @param input the workflow input of the new run; empty: the journaled one
 * @param outputs top-level task or gate node id to the output it has in the new run (not run)
 * @param executors node path ({@code evaluate}, {@code tune/fit}, {@code branch/deploy}) or task
 *     name to the executor the attempts there go to in the new run
 * @param resume the workflow to use, whether to accept a changed spec, listeners
 */
public record ForkOptions(
    String fromNode,
    Optional<Object> input,
    Map<String, Object> outputs,
    Map<String, String> executors,
    ResumeOptions resume) {

  public ForkOptions {
    Objects.requireNonNull(fromNode, "fromNode");
    Objects.requireNonNull(input, "input");
    outputs = Map.copyOf(outputs);
    executors = Map.copyOf(executors);
    Objects.requireNonNull(resume, "resume");
  }

  /** Options that re-run {@code node} and everything downstream of it. */
  public static Builder from(String node) {
    return new Builder(node);
  }

  /** Mutable builder of {@link ForkOptions}. */
  public static final class Builder {
    private final String from;
    private Object input;
    private final Map<String, Object> outputs = new LinkedHashMap<>();
    private final Map<String, String> executors = new LinkedHashMap<>();
    private final ResumeOptions.Builder resume = ResumeOptions.builder();

    private Builder(String from) {
      this.from = Objects.requireNonNull(from, "the node to fork from");
    }

    /** The new run's workflow input instead of the journaled one. */
    public Builder input(Object value) {
      this.input = Objects.requireNonNull(value, "input");
      return this;
    }

    /** Node {@code node} (a top-level task or gate) does not run: its output is {@code value}. */
    public Builder output(String node, Object value) {
      outputs.put(Objects.requireNonNull(node, "node"), Objects.requireNonNull(value, "value of " + node));
      return this;
    }

    /**
     * In the new run, the attempts of {@code task} go to executor {@code executor}: {@code task} is
     * a node path, at any depth ({@code evaluate}, {@code tune/fit} in a sub-workflow, {@code
     * branch/deploy} in a branch arm, a map node), or a task name (every call of that task); a path
     * wins over a name.
     */
    public Builder executor(String task, String executor) {
      executors.put(Objects.requireNonNull(task, "task"), Objects.requireNonNull(executor, "executor"));
      return this;
    }

    public Builder workflow(WorkflowDefinition<?, ?> workflow) {
      resume.workflow(workflow);
      return this;
    }

    public Builder workflow(WorkflowSpec workflow) {
      resume.workflow(workflow);
      return this;
    }

    public Builder listener(RunListener listener) {
      resume.listener(listener);
      return this;
    }

    public ForkOptions build() {
      return new ForkOptions(from, Optional.ofNullable(input), outputs, executors, resume.build());
    }
  }
}
