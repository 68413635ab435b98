package dev.sluice.core.journal;

import dev.sluice.core.engine.Deadline;
import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a run's journal. A journal starts with one {@link RunStarted}, then holds a {@link
 * NodeUpdate} for every node transition and a {@link RunUpdate} whenever the run changes hands or
 * ends. Values (the run's input, node outputs) are the JSON the engine's value codec writes: small
 * values inline, large values and artifacts as references to blobs in the artifact store.
 */
public sealed interface JournalRecord {

  String runId();

  /** When it happened, on the writing engine's clock. */
  Instant at();

  /**
   * A run was started.
   *
   * @param workflow the workflow's name
   * @param version the workflow spec's version
   * @param specJson the spec as {@code WorkflowSpec.toJson()} wrote it; resuming compares it with
   *     the spec at hand
   * @param inputJson the workflow's input value, encoded
   * @param origin what started it
   * @param labels the run's labels
   * @param recoveredFrom the failed run this one recovers, if any
   * @param owner the engine that started it
   * @param deadline when the run must have ended by, measured from {@code at}: a resumed run keeps
   *     it (also when it already passed)
   */
  record RunStarted(
      String runId,
      String workflow,
      String version,
      String specJson,
      String inputJson,
      Origin origin,
      Map<String, String> labels,
      Optional<String> recoveredFrom,
      String owner,
      Optional<Deadline> deadline,
      Instant at)
      implements JournalRecord {
    /** A run started with no deadline. */
    public RunStarted(
        String runId, String workflow, String version, String specJson, String inputJson, Origin origin,
        Map<String, String> labels, Optional<String> recoveredFrom, String owner, Instant at) {
      this(runId, workflow, version, specJson, inputJson, origin, labels, recoveredFrom, owner, Optional.empty(), at);
    }

    public RunStarted {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(workflow, "workflow");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(specJson, "specJson");
      Objects.requireNonNull(inputJson, "inputJson");
      Objects.requireNonNull(origin, "origin");
      labels = Map.copyOf(labels);
      Objects.requireNonNull(recoveredFrom, "recoveredFrom");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(deadline, "deadline");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * Values the run's listeners keep with it for its later lives (written once, after its first
   * start): e.g. the W3C trace context of its first life's run span, so that a resumed run's trace
   * links to it. Never secrets: journals are read by consoles and CLIs.
   *
   * @param values what {@code RunListener.carried} returned, merged
   */
  record RunCarried(String runId, Map<String, String> values, Instant at) implements JournalRecord {
    public RunCarried {
      Objects.requireNonNull(runId, "runId");
      values = Map.copyOf(values);
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A node (a task call, a map element, a branch arm, a sub-workflow…) moved to {@code state}.
   *
   * @param node the node's path ({@code train}, {@code tune/fit}, {@code scores[3]})
   * @param kind task, workflow, branch, map, dynamic or element
   * @param state the state it moved to
   * @param attempt the attempt this transition belongs to (0 for nodes that run no task)
   * @param executor the executor of the attempt, on moves to RUNNING
   * @param attemptName the attempt's deterministic name ({@code <run>-<node>-<attempt>}), on moves
   *     to RUNNING: a remote executor re-attaches to it after a crash
   * @param outputJson the node's output, on moves to SUCCEEDED and CACHED
   * @param error why, on moves to FAILED, RETRYING and CANCELLED (its {@code cause} is null)
   */
  record NodeUpdate(
      String runId,
      String node,
      String kind,
      NodeState state,
      int attempt,
      Optional<String> executor,
      Optional<String> attemptName,
      Optional<String> outputJson,
      Optional<NodeError> error,
      Instant at)
      implements JournalRecord {
    public NodeUpdate {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(state, "state");
      if (attempt < 0) {
        throw new IllegalArgumentException("attempt must be >= 0, got " + attempt + " for node " + node);
      }
      Objects.requireNonNull(executor, "executor");
      Objects.requireNonNull(attemptName, "attemptName");
      Objects.requireNonNull(outputJson, "outputJson");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The run changed hands ({@code RUNNING}: an engine resumed it) or ended.
   *
   * @param state RUNNING when resumed, else how it ended
   * @param owner the engine that wrote it
   * @param outputJson the workflow's output, when it succeeded
   * @param error why it failed or was cancelled
   */
  record RunUpdate(
      String runId,
      RunState state,
      String owner,
      Optional<String> outputJson,
      Optional<NodeError> error,
      Instant at)
      implements JournalRecord {
    public RunUpdate {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(outputJson, "outputJson");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A gate started waiting. A resumed run keeps waiting until this {@code deadline}, measured from
   * the journal rather than from the resume.
   *
   * @param node the gate's path
   * @param signal the signal it waits for; empty for a sleep
   * @param expects what it waits for, readable
   * @param payloadType the payload's type name, for a signal
   * @param deadline when its timer fires; empty: no timeout
   */
  record GateWaiting(
      String runId,
      String node,
      Optional<String> signal,
      String expects,
      Optional<String> payloadType,
      Optional<Instant> deadline,
      Instant at)
      implements JournalRecord {
    public GateWaiting {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(signal, "signal");
      Objects.requireNonNull(expects, "expects");
      Objects.requireNonNull(payloadType, "payloadType");
      Objects.requireNonNull(deadline, "deadline");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A waiting gate took a signal (journaled before its node ends): the decision and who sent it are
   * in the run's history, and a signal id is applied once, also across resumes.
   *
   * @param payloadJson the payload, encoded
   */
  record SignalReceived(String runId, String node, String signal, String signalId, String payloadJson, Instant at)
      implements JournalRecord {
    public SignalReceived {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(signal, "signal");
      Objects.requireNonNull(signalId, "signalId");
      Objects.requireNonNull(payloadJson, "payloadJson");
      Objects.requireNonNull(at, "at");
    }
  }
}
