package dev.sluice.console.ops;

import java.util.List;
import java.util.Optional;

/** A workflow's DAG as journaled with a run: its top-level nodes and the edges between them. */
public record DagView(String workflow, String version, List<Node> nodes, List<Edge> edges) {

  /** A node of the DAG and the task it calls, if any. */
  public record Node(String id, String kind, Optional<String> task) {}

  /** {@code from} feeds {@code to}. */
  public record Edge(String from, String to) {}
}
