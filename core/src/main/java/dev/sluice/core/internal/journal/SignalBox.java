package dev.sluice.core.internal.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.engine.SignalRefusedException;
import dev.sluice.core.engine.WaitingGate;
import dev.sluice.core.internal.io.ValueCodec;
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
 * Signals kept in the store for a run no engine holds at the moment they are sent: one object per
 * signal under {@code runs/<run>/signals/<signal id>.json}. The engine that holds (or later
 * resumes) the run applies each once, then deletes it; the journal's record of the applied signal
 * is what makes a signal id count once.
 */
public final class SignalBox {
  private static final ObjectMapper JSON = ValueCodec.newMapper();

  /** A signal waiting in the store: for which gate (path or signal name), its id and payload. */
  public record Stored(String gate, String signalId, String payloadJson, Instant sent) {}

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

  /** The run's signals in the store, oldest first. */
  public List<Stored> list(String runId) {
    List<Stored> out = new ArrayList<>();
    for (StoredObject o : store.listAll(RunIds.folder(runId) + "signals/").toList()) {
      String name = o.key().substring(o.key().lastIndexOf('/') + 1);
      if (name.endsWith(".json")) {
        get(runId, name.substring(0, name.length() - ".json".length())).ifPresent(out::add);
      }
    }
    out.sort(Comparator.comparing(Stored::sent).thenComparing(Stored::signalId));
    return out;
  }

  public void delete(String runId, String signalId) {
    store.delete(key(runId, signalId));
  }

  private static Stored read(JsonNode n) {
    return new Stored(n.path("gate").asText(), n.path("signalId").asText(), n.path("payload").toString(),
        Instant.parse(n.path("sent").asText()));
  }

  private static String key(String runId, String signalId) {
    return RunIds.folder(runId) + "signals/" + checkId(signalId) + ".json";
  }
}
