package dev.sluice.models.registry;

import dev.sluice.core.model.TaskContext;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a model version came from: the run, workflow and node that produced it, the hashes of the
 * inputs it was trained on, and the code version.
 *
 * @param runId the run that produced the model (empty when registered by hand)
 * @param workflow the run's workflow
 * @param node the node's path in the run
 * @param inputHashes the inputs' content hashes by input name (e.g. the data set's SHA-256)
 * @param codeVersion the code's version (a git commit, a task's cache version, …)
 */
public record Lineage(String runId, String workflow, String node, Map<String, String> inputHashes, String codeVersion) {
  public Lineage {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(node, "node");
    inputHashes = java.util.Collections.unmodifiableMap(new TreeMap<>(inputHashes));
    Objects.requireNonNull(codeVersion, "codeVersion");
  }

  /** No lineage: a model registered by hand. */
  public static Lineage none() {
    return new Lineage("", "", "", Map.of(), "");
  }

  /** The lineage of the task attempt running on this thread, with the given inputs and code version. */
  public static Lineage ofCurrentTask(Map<String, String> inputHashes, String codeVersion) {
    TaskContext c = TaskContext.current();
    return new Lineage(c.runId(), c.workflowName(), c.nodePath(), inputHashes, codeVersion);
  }
}
