package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.util.List;

/**
 * One node of a workflow's DAG. The kinds are closed: a task call, a sub-workflow call, a branch, a
 * map over a list, a dynamic node that builds its sub-DAG at run time, and a gate that waits.
 */
public sealed interface NodeSpec
    permits TaskNode, SubWorkflowNode, BranchNode, MapNode, DynamicNode, GateNode {

  /** Unique within its workflow. */
  String id();

  /** Every binding the node reads; the nodes they name are its upstream dependencies. */
  List<Binding> bindings();

  /** The type of the value the node produces. */
  Type outputType();

  /** A short word for the kind, as rendered in JSON and diagrams. */
  String kind();
}
