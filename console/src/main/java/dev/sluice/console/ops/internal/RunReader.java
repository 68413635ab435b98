package dev.sluice.console.ops.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.console.ops.AttemptView;
import dev.sluice.console.ops.DagView;
import dev.sluice.console.ops.ErrorView;
import dev.sluice.console.ops.HistoryEntry;
import dev.sluice.console.ops.NodeView;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.RunHistory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a run's journal into the views: nodes with their attempts, the DAG from the journaled spec,
 * history entries. The spec's literal values and environments are never copied into a view.
 */
final class RunReader {
  static final int MAX_VALUE_CHARS = 4096;
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunReader() {}

  static List<NodeView> nodes(RunHistory h, Instant now) {
    Map<String, List<AttemptView>> attempts = attempts(h.records());
    Map<String, Map<String, String>> inputs = inputs(h.start());
    List<NodeView> out = new ArrayList<>();
    for (NodeHistory n : h.nodes()) {
      out.add(node(n, attempts.getOrDefault(n.path(), List.of()),
          inputs.getOrDefault(n.path(), Map.of()), now));
    }
    return out;
  }

  private static NodeView node(NodeHistory n, List<AttemptView> attempts, Map<String, String> inputs, Instant now) {
    long ms = n.started().map(s -> Duration.between(s, n.ended().orElse(now)).toMillis()).orElse(0L);
    return new NodeView(
        n.path(), n.kind(), n.state(), n.attempts(), n.started(), n.ended(), Math.max(0, ms),
        n.executor(), n.attemptName(), n.state() == NodeState.CACHED, n.error().map(ErrorView::of),
        inputs, n.outputJson().map(RunReader::cut), attempts);
  }

  /** Every node's attempts: a move to RUNNING opens one, the next move of the node closes it. */
  static Map<String, List<AttemptView>> attempts(List<JournalRecord> records) {
    Map<String, List<AttemptView>> out = new LinkedHashMap<>();
    for (JournalRecord r : records) {
      if (!(r instanceof NodeUpdate u) || u.attempt() == 0) {
        continue;
      }
      List<AttemptView> list = out.computeIfAbsent(u.node(), k -> new ArrayList<>());
      AttemptView open = list.isEmpty() ? null : list.get(list.size() - 1);
      if (u.state() == NodeState.RUNNING) {
        if (open != null && open.waitUntil().isEmpty() && open.outcome() == NodeState.RETRYING) {
          list.set(list.size() - 1, withWait(open, u.at()));
        }
        list.add(new AttemptView(u.attempt(), u.executor(), u.attemptName(), u.at(), Optional.empty(),
            NodeState.RUNNING, Optional.empty(), Optional.empty()));
      } else if (open != null && open.outcome() == NodeState.RUNNING && open.number() == u.attempt()) {
        list.set(list.size() - 1, new AttemptView(open.number(), open.executor(), open.name(), open.started(),
            Optional.of(u.at()), u.state(), u.error().map(ErrorView::of), Optional.empty()));
      }
    }
    return out;
  }

  private static AttemptView withWait(AttemptView a, Instant until) {
    return new AttemptView(a.number(), a.executor(), a.name(), a.started(), a.ended(), a.outcome(), a.error(),
        Optional.of(until));
  }

  static HistoryEntry entry(long seq, JournalRecord r) {
    if (r instanceof RunStarted s) {
      return new HistoryEntry(seq, "run-started", s.at(), Optional.empty(), Optional.empty(), "RUNNING", 0,
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(s.owner()), Optional.empty());
    }
    if (r instanceof NodeUpdate u) {
      return new HistoryEntry(seq, "node", u.at(), Optional.of(u.node()), Optional.of(u.kind()), u.state().name(),
          u.attempt(), u.executor(), u.attemptName(), u.error().map(ErrorView::of), Optional.empty(), Optional.empty());
    }
    if (r instanceof JournalRecord.GateWaiting g) {
      return new HistoryEntry(seq, "gate-waiting", g.at(), Optional.of(g.node()), Optional.of("gate"), "WAITING", 0,
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.of("waits for " + g.expects() + g.deadline().map(d -> " until " + d).orElse(", no timeout")));
    }
    if (r instanceof JournalRecord.SignalReceived g) {
      return new HistoryEntry(seq, "signal", g.at(), Optional.of(g.node()), Optional.of("gate"), "WAITING", 0,
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.of("signal '" + g.signal() + "' id " + g.signalId() + ": " + cut(g.payloadJson())));
    }
    RunUpdate u = (RunUpdate) r;
    return new HistoryEntry(seq, "run", u.at(), Optional.empty(), Optional.empty(), u.state().name(), 0,
        Optional.empty(), Optional.empty(), u.error().map(ErrorView::of), Optional.of(u.owner()), Optional.empty());
  }

  static DagView dag(RunStarted start) {
    JsonNode spec = spec(start);
    List<DagView.Node> nodes = new ArrayList<>();
    List<DagView.Edge> edges = new ArrayList<>();
    for (JsonNode n : spec.path("nodes")) {
      String id = n.path("id").asText();
      JsonNode task = n.path("task").path("name");
      nodes.add(new DagView.Node(id, n.path("kind").asText(), task.isTextual() ? Optional.of(task.asText()) : Optional.empty()));
      for (JsonNode up : n.path("upstream")) {
        edges.add(new DagView.Edge(up.asText(), id));
      }
    }
    return new DagView(start.workflow(), start.version(), nodes, edges);
  }

  /** Each top-level node's inputs: where each comes from, never a literal's value. */
  private static Map<String, Map<String, String>> inputs(RunStarted start) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    JsonNode spec;
    try {
      spec = spec(start);
    } catch (RuntimeException e) {
      return out;
    }
    for (JsonNode n : spec.path("nodes")) {
      Map<String, String> in = new LinkedHashMap<>();
      JsonNode bindings = n.path("inputs");
      if (bindings.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = bindings.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> b = it.next();
          in.put(b.getKey(), describe(b.getValue()));
        }
      } else if (n.has("items")) {
        in.put("items", describe(n.path("items")));
      } else if (n.has("input")) {
        in.put("input", describe(n.path("input")));
      }
      out.put(n.path("id").asText(), in);
    }
    return out;
  }

  private static String describe(JsonNode binding) {
    if (binding.has("node")) {
      return "node " + binding.path("node").asText();
    }
    if (binding.has("literal")) {
      return "literal " + binding.path("type").asText();
    }
    return "workflow input";
  }

  private static JsonNode spec(RunStarted start) {
    try {
      return JSON.readTree(start.specJson());
    } catch (IOException e) {
      throw new IllegalStateException("the journaled spec of run " + start.runId() + " is not JSON: " + e, e);
    }
  }

  static String cut(String value) {
    return value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS) + "… (cut)";
  }
}
