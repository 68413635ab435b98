package dev.sluice.console.ops.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.console.ops.GateAction;
import dev.sluice.console.ops.GateView;
import dev.sluice.console.ops.OperationException;
import dev.sluice.console.ops.OperationException.Kind;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.SignalOutcome;
import dev.sluice.core.engine.SignalRefusedException;
import dev.sluice.core.engine.WaitingGate;
import dev.sluice.core.journal.NodeHistory;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.model.Approval;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Signals and approvals: the gate named, its payload read from JSON into the gate's type, sent
 * through the engine (applied at once when it holds the run) or, without one, kept in the run store
 * by {@link RunJournal#signal} for the engine that holds the run. Every refusal names the gate and
 * the fix; nothing is sent then.
 */
final class GateOps {
  private static final String APPROVAL = Approval.class.getName();

  private final Engine engine;
  private final RunJournal journal;
  private final ObjectMapper json;

  GateOps(Engine engine, RunJournal journal, ObjectMapper json) {
    this.engine = engine;
    this.journal = journal;
    this.json = json;
  }

  /** The gates {@code h}'s run waits at now (from the engine when it holds the run: no journal lag). */
  List<GateView> waiting(RunHistory h) {
    if (h.state().isTerminal()) {
      return List.of();
    }
    List<WaitingGate> gates = h.waitingGates();
    if (engine != null && engine.activeRun(h.runId()).isPresent()) {
      try {
        gates = engine.waitingGates(h.runId());
      } catch (RuntimeException e) {
        // ended meanwhile: the journal's view stands
      }
    }
    List<GateView> out = new ArrayList<>(gates.size());
    for (WaitingGate g : gates) {
      out.add(view(h.runId(), h.start().workflow(), g));
    }
    return out;
  }

  static GateView view(String runId, String workflow, WaitingGate g) {
    return new GateView(runId, workflow, g.path(), g.signal(), g.expects(), g.payloadType(),
        g.payloadType().map(APPROVAL::equals).orElse(false), g.deadline(), g.since());
  }

  /** What was sent and how it went, in words for the action log (with the outcome's name). */
  String send(GateAction action, RunHistory h, String actor) {
    String runId = h.runId();
    if (action.signalId().isPresent()) {
      for (var r : h.signals()) {
        if (r.signalId().equals(action.signalId().get())) {
          return "DUPLICATE: signal id " + r.signalId() + " was applied to gate '" + r.node() + "' of run " + runId
              + " at " + r.at() + "; nothing changed";
        }
      }
    }
    if (h.state().isTerminal()) {
      throw new OperationException(Kind.CONFLICT,
          "run '" + runId + "' already ended " + h.state() + "; a signal cannot change it");
    }
    GateView gate = resolve(h, action.gate());
    Object payload;
    if (action instanceof GateAction.Decide d) {
      if (!gate.approval()) {
        throw new OperationException(Kind.UNPROCESSABLE,
            "gate '" + gate.path() + "' of run '" + runId + "' waits for " + gate.expects()
                + ", not an approval; send it a signal with a payload of " + gate.payloadType().orElse("its type"));
      }
      payload = new Approval(d.approve(), d.by().orElse(actorName(actor)), d.reason());
    } else {
      payload = payload(gate, ((GateAction.Signal) action).payloadJson());
    }
    String signalId = action.signalId().orElseGet(() -> "console-" + UUID.randomUUID());
    SignalOutcome outcome;
    try {
      outcome = engine != null
          ? engine.signal(runId, gate.path(), payload, signalId)
          : journal.signal(runId, gate.path(), payload, signalId);
    } catch (SignalRefusedException e) {
      String m = e.getMessage();
      boolean content = m.contains("refused by its validator") || m.contains(" takes a ") || m.contains("cannot be journaled")
          || m.contains("cannot be written as JSON");
      throw new OperationException(content ? Kind.UNPROCESSABLE : Kind.CONFLICT, m);
    }
    String what = "signal '" + gate.signal().orElse(gate.path()) + "' (id " + signalId + ") to gate '" + gate.path()
        + "' of run " + runId;
    return switch (outcome) {
      case APPLIED -> "APPLIED: " + what + "; the gate's node ended with it";
      case DUPLICATE -> "DUPLICATE: " + what + " was applied before; nothing changed";
      case STORED -> "STORED: " + what + " is kept in the run store: no engine here holds the run; the engine"
          + " that holds it applies it within about 2 s, or the one that resumes it does (the gate's validator"
          + " is checked then)";
    };
  }

  /** The waiting gate {@code name} names: its path, or a signal only one waiting gate expects. */
  private GateView resolve(RunHistory h, String name) {
    Checks.path("gate", name);
    List<GateView> waiting = waiting(h);
    for (GateView g : waiting) {
      if (g.path().equals(name)) {
        return check(g);
      }
    }
    List<GateView> bySignal = waiting.stream().filter(g -> g.signal().map(name::equals).orElse(false)).toList();
    if (bySignal.size() == 1) {
      return check(bySignal.get(0));
    }
    List<String> described = waiting.stream().map(g -> g.path() + " (" + g.expects() + ")").toList();
    if (bySignal.size() > 1) {
      throw new OperationException(Kind.CONFLICT, bySignal.size() + " waiting gates of run '" + h.runId()
          + "' expect signal '" + name + "': " + described + "; name one by its path");
    }
    for (NodeHistory n : h.nodes()) {
      if (n.path().equals(name)) {
        throw new OperationException(Kind.CONFLICT, "node '" + Checks.printable(name) + "' of run '" + h.runId()
            + "' is not waiting (it is " + n.state() + "); waiting now: " + (described.isEmpty() ? "none" : described));
      }
    }
    throw new OperationException(Kind.NOT_FOUND, "run '" + h.runId() + "' has no gate '" + Checks.printable(name)
        + "'; waiting now: " + (described.isEmpty() ? "none" : described)
        + " (list them with GET /api/runs/" + h.runId() + "/gates or `sluice gates " + h.runId() + "`)");
  }

  private static GateView check(GateView g) {
    if (g.signal().isEmpty()) {
      throw new OperationException(Kind.CONFLICT, "gate '" + g.path() + "' of run '" + g.runId() + "' is a "
          + g.expects() + "; it takes no signal and ends by itself" + g.deadline().map(d -> " at " + d).orElse(""));
    }
    return g;
  }

  /**
   * The payload read into the gate's type. A type this process cannot load (the console over a store
   * alone, without the workflow's classes) is sent as JSON: the engine that applies it reads it then.
   */
  private Object payload(GateView gate, String payloadJson) {
    JsonNode tree;
    try {
      tree = json.readTree(payloadJson);
    } catch (IOException e) {
      throw new OperationException(Kind.INVALID, "the payload is not JSON: " + e.getMessage());
    }
    if (tree == null || tree.isNull() || tree.isMissingNode()) {
      throw new OperationException(Kind.INVALID, "signal '" + gate.signal().orElse("") + "' needs a payload of "
          + gate.payloadType().orElse("its type") + ", not null");
    }
    Optional<JavaType> type = type(gate.payloadType().orElse(Object.class.getName()));
    if (type.isEmpty()) {
      return tree;
    }
    try {
      return json.treeToValue(tree, type.get());
    } catch (IOException | IllegalArgumentException e) {
      String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
      throw new OperationException(Kind.UNPROCESSABLE, "the payload does not fit gate '" + gate.path() + "', which takes a "
          + gate.payloadType().orElse("?") + Checks.fields(type.get().getRawClass()) + ": " + why);
    }
  }

  private Optional<JavaType> type(String canonical) {
    try {
      return Optional.of(json.getTypeFactory().constructFromCanonical(canonical));
    } catch (IllegalArgumentException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** "alice" of "alice from 127.0.0.1". */
  static String actorName(String actor) {
    int from = actor.lastIndexOf(" from ");
    return from > 0 ? actor.substring(0, from) : actor;
  }
}
