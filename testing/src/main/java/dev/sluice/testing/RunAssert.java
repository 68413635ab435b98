package dev.sluice.testing;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.engine.RunStatus;
import dev.sluice.testing.internal.junit.RecordedRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.ObjectAssert;

/**
 * Assertions on an ended run: its state, output, error, nodes, the branch it took and the order of
 * its events. Made by {@link SluiceAssertions#assertThat(RunHandle)}; failure messages end with the
 * run's node table.
 *
 * @param <O> the workflow's output type
 */
public final class RunAssert<O> extends AbstractAssert<RunAssert<O>, RunStatus> {
  /** The run, when asserting on a handle; null for a bare status. */
  private final RunHandle<O> run;

  RunAssert(RunStatus status, RunHandle<O> run) {
    super(status, RunAssert.class);
    this.run = run;
  }

  /** The run ended SUCCEEDED. */
  public RunAssert<O> succeeded() {
    return hasState(RunState.SUCCEEDED);
  }

  /** The run ended FAILED. */
  public RunAssert<O> failed() {
    return hasState(RunState.FAILED);
  }

  /** The run ended CANCELLED. */
  public RunAssert<O> wasCancelled() {
    return hasState(RunState.CANCELLED);
  }

  public RunAssert<O> hasState(RunState expected) {
    isNotNull();
    if (actual.state() != expected) {
      throw mismatch("to have " + expected + ", but it " + actual.state() + error().map(e -> ": " + e).orElse(""));
    }
    return this;
  }

  /** The run succeeded with an output equal to {@code expected}. */
  public RunAssert<O> hasOutput(O expected) {
    O output = output("to have output " + expected);
    if (!Objects.deepEquals(output, expected)) {
      throw mismatch("to have output\n  " + expected + "\nbut its output was\n  " + output);
    }
    return this;
  }

  /** The run succeeded and its output passes {@code requirements} (AssertJ assertions). */
  public RunAssert<O> hasOutputSatisfying(Consumer<? super O> requirements) {
    requirements.accept(output("to have an output"));
    return this;
  }

  /** Assertions on the output of the run, which must have succeeded. */
  public ObjectAssert<O> output() {
    return Assertions.assertThat(output("to have an output"));
  }

  /** The run did not succeed, and its failure or one of its nodes' errors mentions {@code text}. */
  public RunAssert<O> errorMessageContains(String text) {
    isNotNull();
    List<String> messages = errorMessages();
    if (actual.state() == RunState.SUCCEEDED || messages.stream().noneMatch(m -> m.contains(text))) {
      throw mismatch("to fail with an error containing\n  \"" + text + "\"\nbut it " + actual.state()
          + (messages.isEmpty() ? " without an error" : " with\n  " + String.join("\n  ", messages)));
    }
    return this;
  }

  /**
   * The run has not ended and its gate at {@code path} is WAITING (for its signal or its timer). Use
   * it on {@link SluiceAssertions#assertWaitingAt}, which waits until the gate waits.
   */
  public RunAssert<O> isWaitingAt(String path) {
    isNotNull();
    if (actual.state().isTerminal()) {
      throw mismatch("to wait at gate '" + path + "', but it ended " + actual.state());
    }
    Optional<NodeStatus> node = actual.node(path);
    if (node.isEmpty() || node.get().state() != dev.sluice.core.engine.NodeState.WAITING) {
      throw mismatch("to wait at gate '" + path + "', but " + (node.isEmpty() ? "it has no such node"
          : "that node is " + node.get().state()));
    }
    return this;
  }

  /** Assertions on the node at {@code path} ({@code train}, {@code scores[3]}, {@code decide/promote}). */
  public NodeAssert node(String path) {
    isNotNull();
    Optional<NodeStatus> node = actual.node(path);
    if (node.isEmpty()) {
      throw mismatch("to have a node '" + path + "', but its nodes are "
          + actual.nodes().stream().map(NodeStatus::path).collect(Collectors.toList()));
    }
    return new NodeAssert(node.get(), this);
  }

  /** The branch at {@code branchPath} ran its arm {@code arm}, and skipped every other arm. */
  public RunAssert<O> tookBranch(String branchPath, String arm) {
    node(branchPath);
    String prefix = branchPath + "/";
    List<NodeStatus> arms =
        actual.nodes().stream()
            .filter(n -> n.path().startsWith(prefix) && n.path().indexOf('/', prefix.length()) < 0)
            .toList();
    String taken = prefix + arm;
    boolean ok =
        arms.stream().anyMatch(n -> n.path().equals(taken))
            && arms.stream().allMatch(n -> n.path().equals(taken) == (n.state() != NodeState.SKIPPED));
    if (!ok) {
      throw mismatch("to take arm '" + arm + "' of branch '" + branchPath + "' and skip the others, but its arms were "
          + arms.stream().map(n -> n.path() + " " + n.state()).collect(Collectors.toList()));
    }
    return this;
  }

  /**
   * Each node ended before the next one started (first RUNNING after the previous one's terminal
   * transition), from the run's recorded events.
   */
  public RunAssert<O> ranInOrder(String... paths) {
    List<RunEvent> events = events("ranInOrder");
    for (int i = 0; i + 1 < paths.length; i++) {
      int ended = indexOf(events, paths[i], true);
      int started = indexOf(events, paths[i + 1], false);
      if (ended < 0 || started < 0 || ended > started) {
        throw mismatch("to run " + String.join(" then ", paths) + ", but '" + paths[i + 1] + "' "
            + (started < 0 ? "never started" : ended < 0 ? "started while '" + paths[i] + "' never ended"
                : "started before '" + paths[i] + "' ended")
            + "; their events:\n  " + describe(events, paths[i], paths[i + 1]));
      }
    }
    return this;
  }

  /** Assertions on every event of the run, in the order the engine published them. */
  public ListAssert<RunEvent> events() {
    return Assertions.assertThat(events("events()"));
  }

  // ---- shared with NodeAssert ----------------------------------------------------------------

  /** The run's events; fails when they were not recorded. */
  List<RunEvent> events(String what) {
    isNotNull();
    if (!(run instanceof RecordedRun<?> recorded)) {
      throw mismatch("to have recorded events for " + what + ", but events are recorded only for runs"
          + " started on the engine a @SluiceTest (or SluiceExtension) injects");
    }
    return recorded.events();
  }

  /** "Expected {subject}run ... {expectation}" and the node table. */
  String describe(String subject, String expectation) {
    return "\nExpected " + subject + "run " + actual.runId() + " of workflow '" + actual.workflowName()
        + "' " + expectation + "\n\n" + actual.toTable();
  }

  private AssertionError mismatch(String expectation) {
    return failure("%s", describe("", expectation));
  }

  private O output(String expectation) {
    isNotNull();
    if (run == null) {
      throw mismatch(expectation + ", but a RunStatus has no output. Fix: assert on the RunHandle");
    }
    if (actual.state() != RunState.SUCCEEDED) {
      throw mismatch(expectation + ", but it " + actual.state() + error().map(e -> ": " + e).orElse(""));
    }
    return run.await();
  }

  /** Why the run did not succeed: the run's failure message, or its first failed node's error. */
  private Optional<String> error() {
    List<String> messages = errorMessages();
    return messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(0));
  }

  private List<String> errorMessages() {
    List<String> out = new ArrayList<>();
    if (run != null && actual.state() != RunState.SUCCEEDED) {
      try {
        run.await();
      } catch (RunFailedException e) {
        for (Throwable t = e; t != null && out.size() < 10; t = t.getCause()) {
          out.add(String.valueOf(t.getMessage()));
        }
      }
    }
    for (NodeStatus n : actual.nodes()) {
      n.error().map(NodeError::message).ifPresent(m -> out.add("node '" + n.path() + "': " + m));
    }
    return out;
  }

  private static int indexOf(List<RunEvent> events, String path, boolean end) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof RunEvent.NodeTransition t && t.nodePath().equals(path)
          && (end ? t.to().isTerminal() : t.to() == NodeState.RUNNING)) {
        return i;
      }
    }
    return -1;
  }

  private static String describe(List<RunEvent> events, String a, String b) {
    List<String> lines = new ArrayList<>();
    for (RunEvent e : events) {
      if (e instanceof RunEvent.NodeTransition t && (t.nodePath().equals(a) || t.nodePath().equals(b))) {
        lines.add(t.nodePath() + " " + t.from() + " -> " + t.to());
      }
    }
    return lines.isEmpty() ? "(none)" : String.join("\n  ", lines);
  }
}
