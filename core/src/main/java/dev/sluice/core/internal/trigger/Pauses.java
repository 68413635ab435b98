package dev.sluice.core.internal.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.trigger.Pause;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which triggers and schedules are paused, in the store ({@code triggers/<name>/paused.json}), so
 * every replica on the store agrees: a pause through one stops the leader, wherever it runs. Read
 * at each firing or evaluation; when the store cannot be read, the last state read stands.
 */
final class Pauses {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.triggers");

  private final ArtifactStore store;
  private final Map<String, Optional<Pause>> lastRead = new ConcurrentHashMap<>();

  Pauses(ArtifactStore store) {
    this.store = store;
  }

  private static String key(String name) {
    return "triggers/" + name + "/paused.json";
  }

  /** The pause of {@code name} in force, if any. */
  Optional<Pause> read(String name) {
    Optional<Pause> now;
    try (InputStream in = store.get(key(name))) {
      JsonNode n = HistoryJson.JSON.readTree(in);
      now = Optional.of(new Pause(n.path("by").asText("unknown"), Instant.parse(n.path("at").asText()),
          n.path("reason").asText("")));
    } catch (ObjectNotFoundException none) {
      now = Optional.empty();
    } catch (IOException | RuntimeException e) {
      Optional<Pause> before = lastRead.getOrDefault(name, Optional.empty());
      log.warn("{}: cannot read its pause state {} (keeping {}): {}", name, store.uri(key(name)),
          before.isPresent() ? "paused" : "not paused", e.toString());
      return before;
    }
    lastRead.put(name, now);
    return now;
  }

  void pause(String name, Pause pause) {
    try {
      store.put(key(name), HistoryJson.JSON.writeValueAsBytes(HistoryJson.JSON.createObjectNode()
          .put("by", pause.by()).put("at", pause.at().toString()).put("reason", pause.reason())));
    } catch (IOException e) {
      throw new StoreException("cannot write the pause of " + name + ": " + e.getMessage(), e);
    }
    lastRead.put(name, Optional.of(pause));
  }

  /** Lifts the pause; false if there was none. */
  boolean resume(String name) {
    boolean was = store.delete(key(name));
    lastRead.put(name, Optional.empty());
    return was;
  }
}
