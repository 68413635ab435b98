package dev.sluice.core.internal.model;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.DynamicNode;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.Names;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.Param;
import dev.sluice.core.model.RunFailure;
import dev.sluice.core.model.SpecError;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowValidationException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a draft workflow and computes its index: every problem is collected and thrown once, each
 * naming workflow, node, input and fix. Iterative throughout, so a 100,000-node chain needs no deep
 * stack.
 */
final class Validator {
  private static final int MISSING = Integer.MIN_VALUE;
  private static final int[] NO_INTS = new int[0];

  private final CompiledWorkflow.Draft draft;
  private final List<SpecError> errors = new ArrayList<>();
  /** Checks made to drop repeated upstream nodes of a node's bindings (a test reads it: linear in the bindings). */
  long parentChecks;
  /** For each node, 1 + the index of the last node whose bindings read it ({@link #distinctParents}). */
  private int[] seenBy;
  final List<Object> literals = new ArrayList<>();
  private IdIndex draftIndex;

  NodeSpec[] ordered;
  IdIndex orderedIndex;
  int[][] orderedParents;
  int[] childOffsets;
  int[] childTargets;
  int[][] orderedSources;

  Validator(CompiledWorkflow.Draft draft) {
    this.draft = draft;
  }

  void validate() {
    String wf = draft.name;
    if (!Names.isValid(wf)) {
      throw new WorkflowValidationException(
          List.of(
              new SpecError(
                  String.valueOf(wf),
                  null,
                  null,
                  "the workflow name is not valid",
                  "use 1 to 128 letters, digits, '-', '_' or '.', starting with a letter or digit")));
    }
    if (draft.inputType == null) {
      error(null, null, "the input type is missing", "pass the input class (Void.class for none)");
    }
    int n = draft.nodes.size();
    draftIndex = draft.newIndex();
    for (int i = 0; i < n; i++) {
      NodeSpec node = draft.nodes.get(i);
      int previous = draftIndex.putIfAbsent(node.id(), i);
      if (previous >= 0) {
        error(
            node.id(),
            null,
            "two nodes have this id (a " + draft.nodes.get(previous).kind() + " and a " + node.kind() + ")",
            "give each node a unique id");
      }
    }
    int[][] parents = new int[n][];
    int[][] sources = new int[n][];
    for (int i = 0; i < n; i++) {
      NodeSpec node = draft.nodes.get(i);
      sources[i] = checkNode(node);
      parents[i] = distinctParents(sources[i], i, node);
    }
    checkOutput();
    checkTaskIdentities();
    if (draft.onFailure != null) {
      List<Param> in = draft.onFailure.inputs();
      if (in.size() != 1 || !Types.isAssignable(in.get(0).type(), RunFailure.class)) {
        error(
            null,
            null,
            "the on-failure task '" + draft.onFailure.name() + "' must take exactly one RunFailure input",
            "declare the handler as a one-input task of RunFailure");
      }
    }
    order(parents, sources); // also with other errors, so that a cycle is reported with them
    if (!errors.isEmpty()) {
      throw new WorkflowValidationException(errors);
    }
  }

  /** Codes for the node's bindings; checks kinds and types. */
  private int[] checkNode(NodeSpec node) {
    List<Binding> bindings = node.bindings();
    int[] codes = new int[bindings.size()];
    for (int b = 0; b < codes.length; b++) {
      codes[b] = source(bindings.get(b));
    }
    if (node instanceof TaskNode t) {
      checkCall(node.id(), t);
    } else if (node instanceof SubWorkflowNode s) {
      checkCall(node.id(), s);
    } else if (node instanceof MapNode m) {
      checkMap(m);
    } else if (node instanceof BranchNode b) {
      checkBranch(b);
    } else if (node instanceof GateNode g) {
      checkGate(g.id(), g.gate());
    } else if (node instanceof DynamicNode d && d.outputType() == null) {
      error(d.id(), null, "the dynamic node has no output type", "declare the output class");
    }
    for (int b = 0; b < codes.length; b++) {
      if (codes[b] == MISSING) {
        Binding.NodeOutput ref = (Binding.NodeOutput) bindings.get(b);
        error(
            node.id(),
            null,
            "reads the output of node '" + ref.nodeId() + "', which is not in the workflow",
            "add that node to the workflow or bind another value");
      }
    }
    return codes;
  }

  private void checkCall(String where, TaskNode t) {
    checkCache(where, t.task());
    List<Param> params = t.task().inputs();
    if (params.size() != t.inputs().size()) {
      error(
          where,
          null,
          "task '" + t.task().name() + "' takes " + params.size() + " input(s) " + names(params)
              + " but " + t.inputs().size() + " binding(s) were given",
          "bind exactly one value per task input, in order");
      return;
    }
    for (int i = 0; i < params.size(); i++) {
      checkType(where, params.get(i).name(), params.get(i).type(), t.inputs().get(i));
    }
  }

  /** A timeout default must be a payload; an approval's reject policy needs an approval. */
  private void checkGate(String where, GateSpec gate) {
    if (gate instanceof GateSpec.Signal s) {
      Object fallback = s.onTimeout().value();
      if (!s.onTimeout().fails() && fallback != null
          && !Types.rawType(s.payloadType()).isInstance(fallback)) {
        error(where, null, "the timeout default " + fallback + " is a " + fallback.getClass().getName()
                + ", not a " + Types.describe(s.payloadType()) + " (the payload of signal '" + s.name() + "')",
            "give a default of the payload type");
      }
      if (!s.onTimeout().fails() && s.timeout().isEmpty()) {
        error(where, null, "signal '" + s.name() + "' has a timeout default but no timeout",
            "set a timeout, or leave the default out");
      }
    }
  }

  private void checkCall(String where, SubWorkflowNode s) {
    checkType(where, "input", s.workflow().inputType(), s.input());
  }

  /** No two different bodies under one task name, anywhere in the workflow (nested ones too). */
  private void checkTaskIdentities() {
    Map<String, TaskIdentities.Met> seen = new HashMap<>();
    String wf = draft.name;
    if (draft.onFailure != null) {
      TaskIdentities.meet(seen, draft.onFailure, TaskIdentities.onFailure(wf));
    }
    TaskIdentities.forEachTask(
        wf,
        draft.nodes,
        (task, where) ->
            TaskIdentities.meet(seen, task, where)
                .ifPresent(problem -> errors.add(new SpecError(wf, null, null, problem, TaskIdentities.FIX))));
  }

  /** Every input a cache policy ignores is an input of the task. */
  private void checkCache(String where, TaskSpec task) {
    if (task.cache().ignoredInputs().isEmpty()) {
      return;
    }
    List<String> names = task.inputs().stream().map(Param::name).toList();
    for (String ignored : task.cache().ignoredInputs()) {
      if (!names.contains(ignored)) {
        error(
            where,
            ignored,
            "task '" + task.name() + "' leaves input '" + ignored + "' out of its cache key, but it has no"
                + " such input (its inputs: " + names + ")",
            "ignore only inputs the task declares (name them with inputNames(...) in the DSL)");
      }
    }
  }

  private void checkMap(MapNode m) {
    if (m.gate().isPresent()) {
      checkGate(m.id(), m.gate().get());
      checkLiteral(m.id(), "items", m.items());
      Type items = typeOf(m.items());
      if (items != null && !Types.isCollection(items)) {
        error(m.id(), "items", "expects a List but is bound to " + describe(m.items()) + " of type "
            + Types.describe(items), "bind a List value");
      }
      checkMapTuning(m);
      return;
    }
    checkCache(m.id(), m.task());
    List<Param> params = m.task().inputs();
    if (params.size() != 1) {
      error(
          m.id(),
          null,
          "a map applies a one-input task, but task '" + m.task().name() + "' takes " + params.size(),
          "map a task with exactly one input (bind the others in a wrapper task)");
      return;
    }
    checkLiteral(m.id(), "items", m.items());
    Type items = typeOf(m.items());
    if (items != null && !Types.isCollection(items)) {
      error(
          m.id(),
          "items",
          "expects a List but is bound to " + describe(m.items()) + " of type " + Types.describe(items),
          "bind a List value");
    } else if (items instanceof ParameterizedType
        && !Types.isAssignable(params.get(0).type(), Types.elementType(items))) {
      error(
          m.id(),
          "items",
          "task '" + m.task().name() + "' takes " + Types.describe(params.get(0).type())
              + " but the list holds " + Types.describe(Types.elementType(items)),
          "map over a list of " + Types.describe(params.get(0).type()));
    }
    checkMapTuning(m);
  }

  private void checkMapTuning(MapNode m) {
    if (m.concurrency() < 0) {
      error(m.id(), null, "concurrency is " + m.concurrency(), "use 0 (no limit) or a positive limit");
    }
    if (!(m.minSuccessRatio() >= 0 && m.minSuccessRatio() <= 1)) {
      error(m.id(), null, "minSuccessRatio is " + m.minSuccessRatio(), "use a ratio between 0 and 1");
    }
  }

  private void checkBranch(BranchNode b) {
    if (b.outputType() == null) {
      error(b.id(), null, "the branch has no output type", "declare the output class");
    }
    if (b.cases().isEmpty()) {
      error(b.id(), null, "the branch has no case", "add at least one when(...) case");
    }
    for (int k = 0; k < b.cases().size(); k++) {
      checkLiteral(b.id(), "subject of case " + (k + 1), b.cases().get(k).subject());
    }
    Set<String> armIds = new HashSet<>();
    for (NodeSpec arm : b.arms()) {
      String where = b.id() + "/" + arm.id();
      if (!armIds.add(arm.id())) {
        error(b.id(), null, "two arms are named '" + arm.id() + "'", "give each arm a unique id");
      }
      if (arm instanceof TaskNode t) {
        checkCall(where, t);
      } else if (arm instanceof SubWorkflowNode s) {
        checkCall(where, s);
      } else if (arm instanceof GateNode g) {
        checkGate(where, g.gate());
      } else {
        error(
            where,
            null,
            "a branch arm must be a task call, a workflow call or a gate, not a " + arm.kind(),
            "wrap the " + arm.kind() + " in a sub-workflow and call that");
      }
      if (b.outputType() != null && !Types.isAssignable(b.outputType(), arm.outputType())) {
        error(
            where,
            null,
            "the arm produces " + Types.describe(arm.outputType()) + " but the branch produces "
                + Types.describe(b.outputType()),
            "make every arm produce " + Types.describe(b.outputType()));
      }
    }
  }

  private void checkType(String node, String input, Type expected, Binding binding) {
    Type actual = typeOf(binding);
    if (actual != null && !Types.isAssignable(expected, actual)) {
      error(
          node,
          input,
          "expects " + Types.describe(expected) + " but is bound to " + describe(binding)
              + " of type " + Types.describe(actual),
          "bind a value of type " + Types.describe(expected));
    }
    checkLiteral(node, input, binding);
  }

  /** A literal's value must be an instance of the type it declares, wherever it is bound. */
  private void checkLiteral(String node, String input, Binding binding) {
    if (binding instanceof Binding.Literal lit
        && lit.value() != null
        && !Types.rawType(lit.type()).isInstance(lit.value())) {
      error(
          node,
          input,
          "the literal " + lit.value() + " is a " + lit.value().getClass().getSimpleName()
              + ", not the declared " + Types.describe(lit.type()),
          "declare the literal with its own type");
    }
  }

  private void checkOutput() {
    if (draft.output == null || draft.outputType == null) {
      error(null, null, "the workflow has no output", "return a value from the workflow definition");
      return;
    }
    int code = source(draft.output);
    if (code == MISSING) {
      error(
          null,
          null,
          "the output reads node '" + ((Binding.NodeOutput) draft.output).nodeId() + "', which is not in the workflow",
          "return a value of a node of this workflow");
      return;
    }
    Type actual = typeOf(draft.output);
    if (actual != null && !Types.isAssignable(draft.outputType, actual)) {
      error(
          null,
          "output",
          "the workflow returns " + Types.describe(draft.outputType) + " but its output is bound to "
              + describe(draft.output) + " of type " + Types.describe(actual),
          "return a value of type " + Types.describe(draft.outputType));
    }
    checkLiteral(null, "output", draft.output);
  }

  int source(Binding binding) {
    if (binding instanceof Binding.Literal lit) {
      literals.add(lit.value());
      return -1 - literals.size();
    }
    if (binding instanceof Binding.NodeOutput out) {
      int i = (orderedIndex != null ? orderedIndex : draftIndex).get(out.nodeId());
      return i < 0 ? MISSING : i;
    }
    return CompiledWorkflow.SOURCE_INPUT;
  }

  private Type typeOf(Binding binding) {
    if (binding instanceof Binding.Literal lit) {
      return lit.type();
    }
    if (binding instanceof Binding.NodeOutput out) {
      int i = draftIndex.get(out.nodeId());
      return i < 0 ? null : draft.nodes.get(i).outputType();
    }
    return draft.inputType;
  }

  private static String describe(Binding binding) {
    if (binding instanceof Binding.Literal lit) {
      return "the literal " + lit.value();
    }
    if (binding instanceof Binding.NodeOutput out) {
      return "the output of node '" + out.nodeId() + "'";
    }
    return "the workflow input";
  }

  private static String names(List<Param> params) {
    List<String> names = new ArrayList<>(params.size());
    for (Param p : params) {
      names.add(p.name());
    }
    return names.toString();
  }

  private int[] distinctParents(int[] codes, int self, NodeSpec node) {
    if (codes.length == 1 && codes[0] >= 0 && codes[0] != self) {
      return codes; // the common case (one upstream node): share the array, allocate nothing
    }
    int count = 0;
    int[] out = new int[codes.length];
    for (int code : codes) {
      if (code < 0) {
        continue;
      }
      if (code == self) {
        error(node.id(), null, "the node reads its own output", "bind another value");
        continue;
      }
      // One mark per upstream node (the node that saw it last), so a join of k inputs costs O(k),
      // not a comparison with each distinct input before it (k²/2 for a join of 1,000).
      if (seenBy == null) {
        seenBy = new int[draft.nodes.size()];
      }
      parentChecks++;
      if (seenBy[code] != self + 1) {
        seenBy[code] = self + 1;
        out[count++] = code;
      }
    }
    return count == 0 ? NO_INTS : Arrays.copyOf(out, count);
  }

  /** Kahn's algorithm; keeps the given order when it already is topological. */
  private void order(int[][] parents, int[][] sources) {
    int n = parents.length;
    boolean topological = true;
    for (int i = 0; i < n && topological; i++) {
      for (int p : parents[i]) {
        if (p >= i) {
          topological = false;
          break;
        }
      }
    }
    int[] perm = new int[n]; // new position -> draft position
    if (topological) {
      for (int i = 0; i < n; i++) {
        perm[i] = i;
      }
    } else {
      int[][] kids = childrenOf(parents, n);
      int[] pending = new int[n];
      int[] queue = new int[n];
      int head = 0;
      int tail = 0;
      for (int i = 0; i < n; i++) {
        pending[i] = parents[i].length;
        if (pending[i] == 0) {
          queue[tail++] = i;
        }
      }
      while (head < tail) {
        int v = queue[head++];
        perm[head - 1] = v;
        for (int c : kids[v]) {
          if (--pending[c] == 0) {
            queue[tail++] = c;
          }
        }
      }
      if (tail < n) {
        // The stuck nodes are on a cycle or downstream of one: peel off, as a reverse Kahn, those
        // that no stuck node reads, so that only the nodes on (or between) cycles are named.
        int[] readers = new int[n];
        tail = 0;
        for (int i = 0; i < n; i++) {
          if (pending[i] > 0) {
            for (int p : parents[i]) {
              readers[p]++;
            }
          }
        }
        for (int i = 0; i < n; i++) {
          if (pending[i] > 0 && readers[i] == 0) {
            queue[tail++] = i;
          }
        }
        for (head = 0; head < tail; ) {
          int v = queue[head++];
          pending[v] = 0;
          for (int p : parents[v]) {
            if (pending[p] > 0 && --readers[p] == 0) {
              queue[tail++] = p;
            }
          }
        }
        List<String> stuck = new ArrayList<>();
        int onCycles = 0;
        for (int i = 0; i < n; i++) {
          if (pending[i] > 0 && onCycles++ < 10) {
            stuck.add(draft.nodes.get(i).id());
          }
        }
        String more = onCycles > stuck.size() ? " and " + (onCycles - stuck.size()) + " more" : "";
        error(
            null,
            null,
            "the nodes " + stuck + more + " form a cycle (each waits, directly or not, for another)",
            "remove a binding so that no node depends on itself");
        return;
      }
    }
    ordered = new NodeSpec[n];
    int[] position = new int[n]; // draft position -> new position
    for (int i = 0; i < n; i++) {
      ordered[i] = draft.nodes.get(perm[i]);
      position[perm[i]] = i;
    }
    orderedIndex = topological ? draftIndex : draft.newIndex();
    orderedParents = new int[n][];
    orderedSources = new int[n][];
    for (int i = 0; i < n; i++) {
      if (!topological) {
        orderedIndex.putIfAbsent(ordered[i].id(), i);
      }
      orderedParents[i] = remap(parents[perm[i]], position, topological);
      orderedSources[i] = remap(sources[perm[i]], position, topological);
    }
    // Children in one flat array (CSR): node i's children are childTargets[childOffsets[i] ..
    // childOffsets[i + 1]). One array for all nodes instead of one per node.
    childOffsets = new int[n + 1];
    for (int[] ps : orderedParents) {
      for (int p : ps) {
        childOffsets[p + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      childOffsets[i + 1] += childOffsets[i];
    }
    childTargets = new int[childOffsets[n]];
    int[] fill = Arrays.copyOf(childOffsets, n);
    for (int c = 0; c < n; c++) {
      for (int p : orderedParents[c]) {
        childTargets[fill[p]++] = c;
      }
    }
  }

  private static int[] remap(int[] codes, int[] position, boolean identity) {
    if (identity) {
      return codes;
    }
    int[] out = codes.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] >= 0) {
        out[i] = position[out[i]];
      }
    }
    return out;
  }

  private static int[][] childrenOf(int[][] parents, int n) {
    int[] counts = new int[n];
    for (int[] ps : parents) {
      for (int p : ps) {
        counts[p]++;
      }
    }
    int[][] kids = new int[n][];
    for (int i = 0; i < n; i++) {
      kids[i] = counts[i] == 0 ? NO_INTS : new int[counts[i]];
      counts[i] = 0;
    }
    for (int c = 0; c < n; c++) {
      for (int p : parents[c]) {
        kids[p][counts[p]++] = c;
      }
    }
    return kids;
  }

  private void error(String node, String input, String problem, String fix) {
    errors.add(new SpecError(draft.name, node, input, problem, fix));
  }
}
