package dev.sluice.core.internal.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.engine.SignalRefusedException;
import dev.sluice.core.engine.WaitingGate;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.journal.RefusedSignal;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Signals kept in the store by a process that does not hold the run: one object per signal under
 * {@code signals/<run>/<signal id>.json}, so that one listing of {@code signals/} shows an engine
 * the pending signals of every run it holds. The engine that holds (or later resumes) the run
 * applies each once, then deletes it; the journal's record of the applied signal is what makes a
 * signal id count once. A signal that engine refuses (its validator, its type, a gate that ended
 * first) moves to {@code runs/<run>/signals-refused/<signal id>.json} with the reason, where its
 * sender reads it ({@code RunJournal.refusedSignals}).
 */
public final class SignalBox {
  private static final ObjectMapper JSON = ValueCodec.newMapper();

  /** A signal waiting in the store: for which gate (path or signal name), its id and payload. */
  public record Stored(String gate, String signalId, String payloadJson, Instant sent) {}

  /** The prefix under which every run's pending signals are kept. */
  public static final String PENDING = "signals/";

  private final ArtifactStore store;

  public SignalBox(ArtifactStore store) {
    this.store = store;
  }

  /** Signal ids become key segments: letters, digits, '-', '_', '.' and ':', 1 to 200 of them. */
  public static String checkId(String signalId) {
    if (signalId == null || signalId.isEmpty() || signalId.length() > 200
        || !signalId.matches("[A-Za-z0-9._:-]+") || signalId.matches("\\.+")) {
      throw new SignalRefusedException(
          "signal id '" + signalId + "' is not valid. Fix: use 1 to 200 letters, digits, '-', '_', '.' or ':'"
              + " (e.g. a UUID); the same id twice is applied once");
    }
    return signalId;
  }

  /**
   * The waiting gate {@code gate} names: its path, or the signal it waits for when only one waiting
   * gate expects that signal.
   */
  public static WaitingGate resolve(String runId, List<WaitingGate> waiting, String gate) {
    for (WaitingGate g : waiting) {
      if (g.path().equals(gate)) {
        return g;
      }
    }
    List<WaitingGate> named = waiting.stream().filter(g -> g.signal().map(gate::equals).orElse(false)).toList();
    if (named.size() == 1) {
      return named.get(0);
    }
    List<String> paths = waiting.stream().map(g -> g.path() + " (" + g.expects() + ")").toList();
    if (named.isEmpty()) {
      throw new SignalRefusedException(
          "run " + runId + " has no gate '" + gate + "' waiting" + (paths.isEmpty() ? " (no gate waits now)"
              : "; waiting: " + paths) + ". Fix: signal a waiting gate by its path or signal name (list them with"
              + " waitingGates(runId))");
    }
    throw new SignalRefusedException(
        "in run " + runId + ", " + named.size() + " waiting gates expect signal '" + gate + "': " + paths
            + ". Fix: name one gate by its path");
  }

  public void put(String runId, Stored signal) {
    ObjectNode n = JSON.createObjectNode();
    n.put("gate", signal.gate());
    n.put("signalId", signal.signalId());
    try {
      n.set("payload", JSON.readTree(signal.payloadJson()));
      n.put("sent", signal.sent().toString());
      store.put(key(runId, signal.signalId()), JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new IllegalStateException("signal " + signal.signalId() + " cannot be written: " + e.getMessage(), e);
    }
  }

  public Optional<Stored> get(String runId, String signalId) {
    try (InputStream in = store.get(key(runId, signalId))) {
      return Optional.of(read(JSON.readTree(in)));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("signal " + signalId + " of run " + runId + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The run's pending signals in the store, oldest first. */
  public List<Stored> list(String runId) {
    List<Stored> out = new ArrayList<>();
    for (StoredObject o : store.listAll(PENDING + RunIds.check(runId) + "/").toList()) {
      String name = o.key().substring(o.key().lastIndexOf('/') + 1);
      if (name.endsWith(".json")) {
        get(runId, name.substring(0, name.length() - ".json".length())).ifPresent(out::add);
      }
    }
    out.sort(Comparator.comparing(Stored::sent).thenComparing(Stored::signalId));
    return out;
  }

  /**
   * The ids of the pending signals of the runs among {@code runIds} that have any, by run, from one
   * listing of the store's {@code signals/} (not one per run).
   */
  public java.util.Map<String, List<String>> pending(java.util.Set<String> runIds) {
    java.util.Map<String, List<String>> out = new java.util.HashMap<>();
    try (var objects = store.listAll(PENDING)) {
      objects.forEach(o -> {
        String rest = o.key().substring(PENDING.length());
        int slash = rest.indexOf('/');
        if (slash > 0 && rest.endsWith(".json") && runIds.contains(rest.substring(0, slash))) {
          out.computeIfAbsent(rest.substring(0, slash), k -> new ArrayList<>())
              .add(rest.substring(slash + 1, rest.length() - ".json".length()));
        }
      });
    }
    return out;
  }

  public void delete(String runId, String signalId) {
    store.delete(key(runId, signalId));
  }

  /** Moves a pending signal to the run's refused signals, with why it was refused. */
  public void refuse(String runId, Stored signal, String reason, Instant at) {
    ObjectNode n = JSON.createObjectNode();
    n.put("gate", signal.gate());
    n.put("signalId", signal.signalId());
    try {
      n.set("payload", JSON.readTree(signal.payloadJson()));
    } catch (IOException e) {
      n.put("payload", signal.payloadJson());
    }
    n.put("sent", signal.sent().toString());
    n.put("reason", reason);
    n.put("refused", at.toString());
    try {
      store.put(refusedKey(runId, signal.signalId()), JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new IllegalStateException("the refusal of signal " + signal.signalId() + " cannot be written: "
          + e.getMessage(), e);
    }
    delete(runId, signal.signalId());
  }

  /** The run's signals the engine holding it refused, oldest first. */
  public List<RefusedSignal> refused(String runId) {
    List<RefusedSignal> out = new ArrayList<>();
    for (StoredObject o : store.listAll(RunIds.folder(runId) + "signals-refused/").toList()) {
      try (InputStream in = store.get(o.key())) {
        JsonNode n = JSON.readTree(in);
        out.add(new RefusedSignal(n.path("signalId").asText(), n.path("gate").asText(), n.path("payload").toString(),
            Instant.parse(n.path("sent").asText()), n.path("reason").asText(), Instant.parse(n.path("refused").asText())));
      } catch (ObjectNotFoundException e) {
        // deleted meanwhile (pruned)
      } catch (IOException e) {
        throw new IllegalStateException("refused signal " + o.key() + " cannot be read: " + e.getMessage(), e);
      }
    }
    out.sort(Comparator.comparing(RefusedSignal::refusedAt).thenComparing(RefusedSignal::signalId));
    return out;
  }

  /** The refusal of {@code signalId} in run {@code runId}, if the engine holding it refused it. */
  public Optional<RefusedSignal> refusal(String runId, String signalId) {
    try (InputStream in = store.get(refusedKey(runId, signalId))) {
      JsonNode n = JSON.readTree(in);
      return Optional.of(new RefusedSignal(n.path("signalId").asText(), n.path("gate").asText(),
          n.path("payload").toString(), Instant.parse(n.path("sent").asText()), n.path("reason").asText(),
          Instant.parse(n.path("refused").asText())));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("refused signal " + signalId + " of run " + runId + " cannot be read: "
          + e.getMessage(), e);
    }
  }

  private static Stored read(JsonNode n) {
    return new Stored(n.path("gate").asText(), n.path("signalId").asText(), n.path("payload").toString(),
        Instant.parse(n.path("sent").asText()));
  }

  private static String key(String runId, String signalId) {
    return PENDING + RunIds.check(runId) + "/" + checkId(signalId) + ".json";
  }

  private static String refusedKey(String runId, String signalId) {
    return RunIds.folder(runId) + "signals-refused/" + checkId(signalId) + ".json";
  }
}
