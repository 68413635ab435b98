package dev.sluice.console.ops.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sluice.console.ops.ActionRecord;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where actions are journaled, in the artifact store next to the runs: an action on a run (or one
 * that started a run) under {@code runs/<run>/actions/<millis>-<id>.json}, pruned with the run;
 * others (a launch refused) under {@code operations/actions/}. One object per action, never
 * rewritten.
 *
 * <p>Not in the run's journal itself: the journal has one writer, the engine that owns the run, and
 * an outside append would make that engine's next append fail as a conflict.
 */
final class ActionLog {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final ArtifactStore store;

  ActionLog(ArtifactStore store) {
    this.store = store;
  }

  void write(ActionRecord r) {
    String folder = r.runId().map(ActionLog::runFolder).orElse("operations/actions/");
    String key = folder + String.format("%019d", r.at().toEpochMilli()) + "-" + r.id() + ".json";
    try {
      store.put(key, JSON.writeValueAsBytes(r));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<ActionRecord> forRun(String runId) {
    List<ActionRecord> out = new ArrayList<>();
    for (StoredObject o : store.listAll(runFolder(runId)).toList()) {
      read(o.key()).ifPresent(out::add);
    }
    return out;
  }

  private static String runFolder(String runId) {
    return "runs/" + runId + "/actions/";
  }

  private Optional<ActionRecord> read(String key) {
    try (InputStream in = store.get(key)) {
      return Optional.of(JSON.readValue(in, ActionRecord.class));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("reading action " + store.uri(key) + " failed: " + e, e);
    }
  }
}
