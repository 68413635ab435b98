package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.internal.model.CompiledWorkflow;
import dev.sluice.core.internal.model.JoinGroups;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.DynamicNode;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One execution of one DAG: the root workflow of a run, a sub-workflow call, or a dynamic node's
 * sub-DAG. Event-driven: when a node ends, each child's pending-parent counter is decremented and
 * a child reaching zero is dispatched (children waiting for the same upstream nodes share one
 * counter: {@link JoinGroups}). No polling, no lock; O(nodes + edges) per execution, and
 * iterative, so a 100,000-node chain needs no deep stack.
 */
final class Frame implements TaskRun.Owner {

  /** Receives the frame's one outcome. */
  interface Parent {
    void frameDone(Frame frame, NodeState outcome, Object output, NodeError error);
  }

  private static final int SKIP = 1;
  private static final int CANCEL = 2;

  final Run run;
  final CompiledWorkflow spec;
  private final Object input;
  private final String prefix;
  private final Parent parent;
  private final Object[] results;
  private final JoinGroups groups;

  /**
   * Per join group (nodes waiting for the same upstream nodes): upstream nodes not ended yet;
   * then, at index {@link #remainingAt}, the frame's nodes not ended yet. One array, so that in a
   * frame with few groups (a fan-out and its join) a node's end makes its thread own one cache
   * line, not two that the other pool thread takes back at its next end.
   */
  private final AtomicIntegerArray pending;

  /** The index in {@link #pending} of the frame's count of nodes not ended yet. */
  private final int remainingAt;

  /** Per join group: 0, or {@link #SKIP} / {@link #CANCEL} once an upstream node did not succeed. */
  private final AtomicIntegerArray blocked;

  /** Per blocked join group: 1 + the index of the first upstream node that did not succeed. */
  private final AtomicIntegerArray blockedBy;
  private final NodeRecord[] records;
  private volatile NodeError firstFailure;

  Frame(Run run, CompiledWorkflow spec, Object input, String prefix, Parent parent) {
    this.run = run;
    this.spec = spec;
    this.input = input;
    this.prefix = prefix;
    this.parent = parent;
    int n = spec.size();
    this.results = new Object[n];
    this.groups = spec.joinGroups();
    this.remainingAt = groups.size();
    int[] counts = Arrays.copyOf(groups.parentCounts(), remainingAt + 1);
    counts[remainingAt] = n;
    this.pending = new AtomicIntegerArray(counts);
    this.blocked = new AtomicIntegerArray(groups.size());
    this.blockedBy = new AtomicIntegerArray(groups.size());
    this.records = new NodeRecord[n];
    for (int i = 0; i < n; i++) {
      NodeSpec node = spec.nodeAt(i);
      records[i] = new NodeRecord(run, prefix.isEmpty() ? node.id() : prefix + node.id(), node.kind());
    }
  }

  void start() {
    int n = spec.size();
    if (n == 0) {
      finishFrame();
      return;
    }
    int[] parents = spec.parentCountArray();
    for (int i = 0; i < n; i++) {
      if (parents[i] == 0) {
        dispatch(i);
      }
    }
  }

  private void dispatch(int i) {
    NodeRecord record = records[i];
    if (run.isStopping()) {
      terminal(i, NodeState.CANCELLED, null, run.stopReason());
      return;
    }
    NodeSpec node = spec.nodeAt(i);
    if (node instanceof TaskNode t) {
      TaskCall.of(run, this, i, record, t.task(), arguments(i)).start();
    } else if (node instanceof SubWorkflowNode s) {
      if (record.moveTo(NodeState.RUNNING, 0)) {
        startChild(record, s.workflow(), resolve(s.input()), endsNode(i));
      }
    } else if (node instanceof MapNode m) {
      if (record.moveTo(NodeState.RUNNING, 0)) {
        new MapRun(this, i, record, m, resolve(m.items())).start();
      }
    } else if (node instanceof BranchNode b) {
      if (record.moveTo(NodeState.RUNNING, 0)) {
        BranchRun.start(this, i, record, b);
      }
    } else if (node instanceof GateNode g) {
      new GateRun(run, record, g.gate(), null, (state, value, error) -> terminal(i, state, value, error)).start();
    } else if (node instanceof DynamicNode d) {
      if (record.moveTo(NodeState.RUNNING, 0)) {
        Object[] args = arguments(i);
        run.engine.taskPool.execute(() -> expand(i, record, d, args));
      }
    }
  }

  private void expand(int i, NodeRecord record, DynamicNode node, Object[] args) {
    WorkflowSpec sub;
    try {
      sub = node.expander().expand(args);
      if (sub == null) {
        throw new IllegalStateException("the expander returned no workflow");
      }
      if (!Types.isAssignable(node.outputType(), sub.outputType())) {
        throw new IllegalStateException(
            "the expanded workflow returns " + Types.describe(sub.outputType())
                + " but the dynamic node declares " + Types.describe(node.outputType()));
      }
    } catch (Exception | LinkageError e) {
      taskDone(
          i,
          null,
          new IllegalStateException(
              "dynamic node '" + record.path + "' could not build its workflow: " + e.getMessage(), e),
          null);
      return;
    }
    startChild(record, sub, null, endsNode(i));
  }

  /** Runs {@code sub} as a child frame shown under {@code record}; its outcome goes to {@code onDone}. */
  void startChild(NodeRecord record, WorkflowSpec sub, Object childInput, Parent onDone) {
    if (!(sub instanceof CompiledWorkflow compiled)) {
      onDone.frameDone(
          null,
          NodeState.FAILED,
          null,
          NodeError.of(
              new IllegalArgumentException(
                  "workflow '" + sub.name() + "' was not built by WorkflowSpec.builder() or the DSL")));
      return;
    }
    Frame child = new Frame(run, compiled, childInput, record.path + "/", onDone);
    record.subFrame = child;
    if (record.state().isTerminal()) {
      return; // stopped while we were getting ready
    }
    child.start();
  }

  /** A parent that ends node {@code i} of this frame as the child frame ends. */
  private Parent endsNode(int i) {
    return (frame, outcome, output, error) -> terminal(i, outcome, output, error);
  }

  @Override
  public void taskDone(int slot, Object value, Throwable failure, NodeError cancelled) {
    if (failure != null) {
      terminal(slot, NodeState.FAILED, null, NodeError.of(failure));
    } else if (cancelled != null) {
      terminal(slot, NodeState.CANCELLED, null, cancelled);
    } else {
      terminal(slot, NodeState.SUCCEEDED, value, null);
    }
  }

  @Override
  public void taskCached(int slot, Object value) {
    terminal(slot, NodeState.CACHED, value, null);
  }

  /**
   * Ends node {@code i} (once: a second call is ignored), then releases its children; children
   * that cannot run (an upstream node was skipped, failed or cancelled) end in turn, iteratively.
   */
  void terminal(int i, NodeState state, Object value, NodeError error) {
    NodeRecord record = records[i];
    if (!record.moveTo(state, record.attempts, error, null)) {
      return;
    }
    if (state.hasOutput()) {
      results[i] = value;
    } else if (state == NodeState.FAILED) {
      if (firstFailure == null) {
        firstFailure = error;
      }
      run.nodeFailed(record, error);
    }
    settle(i, state);
  }

  private void settle(int first, NodeState firstState) {
    int ended = 1;
    int[] stack = null;
    int top = 0;
    int node = first;
    NodeState state = firstState;
    int[] waitingOffsets = groups.waitingOffsets();
    int[] waiting = groups.waiting();
    int[] memberOffsets = groups.memberOffsets();
    int[] members = groups.members();
    while (true) {
      int block = state.hasOutput() ? 0 : state == NodeState.SKIPPED ? SKIP : CANCEL;
      for (int k = waitingOffsets[node], end = waitingOffsets[node + 1]; k < end; k++) {
        int g = waiting[k];
        if (block != 0) {
          blocked.accumulateAndGet(g, block, Math::max);
          blockedBy.compareAndSet(g, 0, node + 1);
        }
        if (pending.decrementAndGet(g) != 0) {
          continue;
        }
        int b = blocked.get(g);
        for (int m = memberOffsets[g], last = memberOffsets[g + 1]; m < last; m++) {
          int c = members[m];
          if (b == 0) {
            dispatch(c);
            continue;
          }
          NodeState next = b == SKIP ? NodeState.SKIPPED : NodeState.CANCELLED;
          NodeError why = b == SKIP ? null : upstreamError(blockedBy.get(g) - 1);
          if (records[c].moveTo(next, 0, why, null)) {
            ended++;
            if (stack == null) {
              stack = new int[8];
            } else if (top == stack.length) {
              stack = Arrays.copyOf(stack, top * 2);
            }
            stack[top++] = c;
          }
        }
      }
      if (top == 0) {
        break;
      }
      node = stack[--top];
      state = records[node].state();
    }
    if (pending.addAndGet(remainingAt, -ended) == 0) {
      finishFrame();
    }
  }

  private NodeError upstreamError(int upstream) {
    if (run.isStopping()) {
      return run.stopReason();
    }
    NodeRecord cause = records[upstream];
    return new NodeError(
        "UpstreamFailed",
        "not run: upstream node '" + cause.path + "' " + cause.state().name().toLowerCase(java.util.Locale.ROOT),
        null);
  }

  private void finishFrame() {
    int out = spec.outputSource();
    NodeError failure = firstFailure;
    if (failure != null) {
      parent.frameDone(this, NodeState.FAILED, null, failure);
    } else if (out < 0) {
      parent.frameDone(this, NodeState.SUCCEEDED, spec.resolve(out, input, results), null);
    } else {
      NodeRecord record = records[out];
      NodeState s = record.state();
      if (s.hasOutput()) {
        parent.frameDone(this, NodeState.SUCCEEDED, results[out], null);
      } else {
        parent.frameDone(this, s == NodeState.SKIPPED ? NodeState.SKIPPED : NodeState.CANCELLED, null, record.error());
      }
    }
  }

  /** Cancels everything still running or pending in this frame. */
  void stop(NodeError why) {
    for (int i = 0; i < records.length; i++) {
      NodeRecord record = records[i];
      if (record.state().isTerminal()) {
        continue;
      }
      if (!record.stopNested(why)) {
        terminal(i, NodeState.CANCELLED, null, why);
      }
    }
  }

  Object[] arguments(int i) {
    int[] sources = spec.sources(i);
    Object[] args = new Object[sources.length];
    for (int k = 0; k < sources.length; k++) {
      args[k] = spec.resolve(sources[k], input, results);
    }
    return args;
  }

  /** The value of a binding of this frame (all its upstream nodes have ended). */
  Object resolve(Binding binding) {
    if (binding instanceof Binding.NodeOutput out) {
      return results[spec.indexOf(out.nodeId())];
    }
    if (binding instanceof Binding.Literal lit) {
      return lit.value();
    }
    return input;
  }

  void collect(List<NodeStatus> out) {
    for (NodeRecord record : records) {
      record.collect(out);
    }
  }
}
