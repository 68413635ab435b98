package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a branch node: tests the cases in order, runs the first arm whose condition holds (or the
 * otherwise arm), marks every other arm SKIPPED. The branch ends as its arm ends. An arm is a task
 * call, a sub-workflow call or a gate (which waits as the arm, at path {@code branch/arm}).
 */
final class BranchRun {
  private BranchRun() {}

  static void start(Frame frame, int index, NodeRecord record, BranchNode branch) {
    List<NodeSpec> arms = branch.arms();
    int chosen = -1;
    List<BranchCase> cases = branch.cases();
    for (int k = 0; k < cases.size() && chosen < 0; k++) {
      BranchCase c = cases.get(k);
      try {
        if (c.condition().test().test(frame.resolve(c.subject()))) {
          chosen = k;
        }
      } catch (RuntimeException e) {
        frame.taskDone(
            index,
            null,
            new IllegalStateException(
                "branch '" + record.path + "': condition '" + c.condition().description()
                    + "' threw " + e,
                e),
            null);
        return;
      }
    }
    if (chosen < 0 && branch.otherwise().isPresent()) {
      chosen = cases.size();
    }
    List<NodeRecord> armRecords = new ArrayList<>(arms.size());
    for (int k = 0; k < arms.size(); k++) {
      NodeSpec arm = arms.get(k);
      NodeRecord r = new NodeRecord(frame.run, record.path + "/" + arm.id(), arm.kind());
      armRecords.add(r);
      if (k != chosen) {
        r.moveTo(NodeState.SKIPPED, 0);
      }
    }
    record.children = List.copyOf(armRecords);
    if (chosen < 0) {
      frame.terminal(index, NodeState.SKIPPED, null, null);
      return;
    }
    NodeSpec arm = arms.get(chosen);
    NodeRecord armRecord = armRecords.get(chosen);
    if (arm instanceof TaskNode t) {
      Object[] args = new Object[t.inputs().size()];
      for (int k = 0; k < args.length; k++) {
        args[k] = frame.resolve(t.inputs().get(k));
      }
      TaskCall.of(frame.run, new ArmOwner(frame, index, armRecord), 0, armRecord, t.task(), args).start();
    } else if (arm instanceof SubWorkflowNode s && armRecord.moveTo(NodeState.RUNNING, 0)) {
      frame.startChild(
          armRecord,
          s.workflow(),
          frame.resolve(s.input()),
          (f, outcome, output, error) -> {
            armRecord.moveTo(outcome, 0, error, null);
            frame.terminal(index, outcome, output, error);
          });
    } else if (arm instanceof GateNode g) {
      GateRun gate = new GateRun(frame.run, armRecord, g.gate(), null, (state, output, error) -> {
        armRecord.moveTo(state, 0, error, null);
        frame.terminal(index, state, output, error);
      });
      record.gateRun = gate; // so that stopping the run reaches the arm's gate
      gate.start();
    }
  }

  /** Ends the arm's record, then the branch node, as the arm's task call ends. */
  private record ArmOwner(Frame frame, int index, NodeRecord arm) implements TaskRun.Owner {
    @Override
    public void taskDone(int slot, Object value, Throwable failure, NodeError cancelled) {
      NodeState end =
          failure != null ? NodeState.FAILED : cancelled != null ? NodeState.CANCELLED : NodeState.SUCCEEDED;
      arm.moveTo(end, arm.attempts, failure != null ? NodeError.of(failure) : cancelled, null);
      frame.taskDone(index, value, failure, cancelled);
    }

    @Override
    public void taskCached(int slot, Object value) {
      arm.moveTo(NodeState.CACHED, 0);
      frame.taskDone(index, value, null, null);
    }
  }
}
