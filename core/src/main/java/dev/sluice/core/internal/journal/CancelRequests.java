package dev.sluice.core.internal.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Requests to cancel a run, from a process that does not hold it (an operations console, a CLI):
 * one object per run under {@code journal/cancel/<run>.json}, with who asked and why. The engine
 * that holds the run lists them (one listing per look, however many runs it holds), cancels the run
 * and deletes the request; pruning a run deletes a request left for it.
 */
public final class CancelRequests {
  static final String PREFIX = "journal/cancel/";
  private static final ObjectMapper JSON = ValueCodec.newMapper();

  /** A request: who asked, why, when. */
  public record Request(String runId, String by, String reason, Instant at) {}

  private final ArtifactStore store;

  public CancelRequests(ArtifactStore store) {
    this.store = store;
  }

  public void put(Request r) {
    ObjectNode n = JSON.createObjectNode().put("runId", r.runId()).put("by", r.by()).put("reason", r.reason())
        .put("at", r.at().toString());
    try {
      store.put(key(r.runId()), JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new IllegalStateException("the cancel request of run " + r.runId() + " cannot be written: " + e, e);
    }
  }

  /** The requests in the store, by run id (one listing; unreadable ones left out). */
  public Map<String, Request> all() {
    Map<String, Request> out = new LinkedHashMap<>();
    for (StoredObject o : store.listAll(PREFIX).toList()) {
      String name = o.key().substring(PREFIX.length());
      if (name.endsWith(".json")) {
        read(o.key()).ifPresent(r -> out.put(r.runId(), r));
      }
    }
    return out;
  }

  public void delete(String runId) {
    store.delete(key(runId));
  }

  private Optional<Request> read(String key) {
    try (InputStream in = store.get(key)) {
      JsonNode n = JSON.readTree(in);
      return Optional.of(new Request(n.path("runId").asText(), n.path("by").asText(), n.path("reason").asText(),
          Instant.parse(n.path("at").asText())));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String key(String runId) {
    return PREFIX + RunIds.check(runId) + ".json";
  }
}
