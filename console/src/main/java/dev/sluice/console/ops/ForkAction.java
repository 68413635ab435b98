package dev.sluice.console.ops;

import java.util.Map;
import java.util.Objects;

/**
 * Starts a new run from an ended run: every node upstream of {@code fromNode} reuses its journaled
 * output, that node and everything downstream of it run again ({@code engine.fork}).
 *
 * @param runId the run to fork (succeeded, failed or cancelled)
 * @param fromNode the top-level node to run again from
 * @param input fields of the journaled workflow input to change ({@code threshold=0.9}); a value
 *     is read as JSON when it parses as JSON and the field is not text, else as text. Empty: the
 *     journaled input as it is.
 */
public record ForkAction(String runId, String fromNode, Map<String, String> input) implements Action {
  public ForkAction {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(fromNode, "fromNode");
    input = Map.copyOf(input);
  }

  @Override
  public String verb() {
    return "fork";
  }

  @Override
  public String target() {
    return runId;
  }
}
