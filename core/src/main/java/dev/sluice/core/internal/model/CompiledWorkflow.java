package dev.sluice.core.internal.model;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The one implementation of {@link WorkflowSpec}: immutable, validated, and indexed for the engine
 * (int arrays of parents and children, binding sources as node indexes) so that a spec compiled
 * once runs many times without further work.
 */
public final class CompiledWorkflow implements WorkflowSpec {
  /** Binding source code for the workflow input. Node outputs are {@code >= 0}. */
  public static final int SOURCE_INPUT = -1;

  private final String name;
  private final String version;
  private final Type inputType;
  private final Type outputType;
  private final List<NodeSpec> nodes;
  private final NodeSpec[] nodeArray;
  private final Binding output;
  private final FailurePolicy failurePolicy;
  private final TaskSpec onFailure;
  private final IdIndex index;
  private final int[] parentCount;
  private final int[][] parents;
  private final int[] childOffsets;
  private final int[] childTargets;
  private final JoinGroups joinGroups;
  private final int[][] sources;
  private final Object[] literals;
  private final int outputSource;

  CompiledWorkflow(Draft d, Validator v) {
    this.name = d.name;
    this.version = d.version;
    this.inputType = d.inputType;
    this.outputType = d.outputType;
    this.nodeArray = v.ordered;
    this.nodes = Collections.unmodifiableList(Arrays.asList(v.ordered));
    this.output = d.output;
    this.failurePolicy = d.failurePolicy;
    this.onFailure = d.onFailure;
    this.index = v.orderedIndex;
    this.parents = v.orderedParents;
    this.childOffsets = v.childOffsets;
    this.childTargets = v.childTargets;
    this.parentCount = new int[parents.length];
    for (int i = 0; i < parents.length; i++) {
      parentCount[i] = parents[i].length;
    }
    this.joinGroups = JoinGroups.of(parents);
    this.sources = v.orderedSources;
    this.outputSource = v.source(d.output); // before the copy: a literal output adds a literal
    this.literals = v.literals.toArray();
  }

  /** Validates the draft and freezes it, or throws naming every problem. */
  public static WorkflowSpec compile(Draft draft) {
    Validator v = new Validator(draft);
    v.validate();
    return new CompiledWorkflow(draft, v);
  }

  // ---- engine view -------------------------------------------------------------------------

  /** Number of nodes. */
  public int size() {
    return parentCount.length;
  }

  public NodeSpec nodeAt(int i) {
    return nodeArray[i];
  }

  /** Distinct upstream nodes of node {@code i}. Do not modify. */
  public int[] parentCountArray() {
    return parentCount;
  }

  /** Downstream nodes of node {@code i}, as a fresh array (the engine reads the flat arrays). */
  public int[] children(int i) {
    return Arrays.copyOfRange(childTargets, childOffsets[i], childOffsets[i + 1]);
  }

  /** The nodes that wait for the same upstream nodes, grouped: one pending counter per group. */
  public JoinGroups joinGroups() {
    return joinGroups;
  }

  /**
   * Where each of node {@code i}'s bindings (in {@link NodeSpec#bindings()} order) reads from:
   * {@code >= 0} a node index, {@link #SOURCE_INPUT} the workflow input, otherwise literal number
   * {@code -2 - code}. Do not modify.
   */
  public int[] sources(int i) {
    return sources[i];
  }

  public int outputSource() {
    return outputSource;
  }

  /** The value a source code denotes, given the workflow input and the node results so far. */
  public Object resolve(int source, Object input, Object[] results) {
    if (source >= 0) {
      return results[source];
    }
    return source == SOURCE_INPUT ? input : literals[-2 - source];
  }

  public int indexOf(String nodeId) {
    return index.get(nodeId);
  }

  // ---- WorkflowSpec ----------------------------------------------------------------------------

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Type inputType() {
    return inputType;
  }

  @Override
  public Type outputType() {
    return outputType;
  }

  @Override
  public List<NodeSpec> nodes() {
    return nodes;
  }

  @Override
  public Binding output() {
    return output;
  }

  @Override
  public FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  @Override
  public Optional<TaskSpec> onFailure() {
    return Optional.ofNullable(onFailure);
  }

  @Override
  public Optional<NodeSpec> node(String id) {
    int i = indexOf(id);
    return i < 0 ? Optional.empty() : Optional.of(nodes.get(i));
  }

  @Override
  public List<String> upstream(String nodeId) {
    return ids(parents[require(nodeId)]);
  }

  @Override
  public List<String> downstream(String nodeId) {
    return ids(children(require(nodeId)));
  }

  private int require(String nodeId) {
    int i = indexOf(nodeId);
    if (i < 0) {
      throw new IllegalArgumentException(
          "workflow '" + name + "' has no node '" + nodeId + "'; its nodes are " + index.keys());
    }
    return i;
  }

  private List<String> ids(int[] indexes) {
    List<String> out = new ArrayList<>(indexes.length);
    for (int i : indexes) {
      out.add(nodes.get(i).id());
    }
    return List.copyOf(out);
  }

  @Override
  public String toJson() {
    return SpecJson.write(this);
  }

  @Override
  public String toMermaid() {
    return SpecMermaid.render(this);
  }

  @Override
  public String toString() {
    return "WorkflowSpec[" + name + " v" + version + ", " + nodes.size() + " nodes]";
  }

  /** The mutable state a {@link WorkflowSpec.Builder} fills in. */
  public static final class Draft {
    public final String name;
    public final Type inputType;
    public String version = "1";
    public final List<NodeSpec> nodes = new ArrayList<>();
    public Binding output;
    public Type outputType;
    public FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;
    public TaskSpec onFailure;

    public Draft(String name, Type inputType) {
      this.name = name;
      this.inputType = inputType;
    }

    /** A fresh index sized for the nodes. */
    IdIndex newIndex() {
      return new IdIndex(nodes.size());
    }
  }
}
