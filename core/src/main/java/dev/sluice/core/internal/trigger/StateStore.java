package dev.sluice.core.internal.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small JSON state objects in the store (a trigger's state, a schedule's last firing). A failed
 * write is logged and retried with the next one; the service keeps going on what it holds.
 */
final class StateStore {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.triggers");

  private final ArtifactStore store;

  StateStore(ArtifactStore store) {
    this.store = store;
  }

  ObjectNode newObject() {
    return HistoryJson.JSON.createObjectNode();
  }

  /** The object at {@code key}, or empty if there is none (an unreadable one is logged). */
  Optional<JsonNode> read(String key) {
    try (InputStream in = store.get(key)) {
      return Optional.of(HistoryJson.JSON.readTree(in));
    } catch (ObjectNotFoundException none) {
      return Optional.empty();
    } catch (IOException | StoreException e) {
      log.warn("cannot read state {}; starting from none: {}", store.uri(key), e.toString());
      return Optional.empty();
    }
  }

  /** Writes {@code state}; false (and a warning) if the store refused. */
  boolean write(String key, JsonNode state) {
    try {
      store.put(key, HistoryJson.JSON.writeValueAsBytes(state));
      return true;
    } catch (IOException | StoreException e) {
      log.warn("cannot write state {} (retried with the next change): {}", key, e.toString());
      return false;
    }
  }
}
