package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One summary per run, so that listings need not read journals: under {@code
 * journal/index/active/<run>.json} while the run is unfinished, then under {@code
 * journal/index/ended/<run>.json}. Looking for orphans reads the unfinished runs only, however
 * many ended runs the store keeps.
 */
final class RunIndex {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  private static final String ACTIVE = "journal/index/active/";
  private static final String ENDED = "journal/index/ended/";

  private final ArtifactStore store;

  RunIndex(ArtifactStore store) {
    this.store = store;
  }

  private static String key(String prefix, String runId) {
    return prefix + RunIds.check(runId) + ".json";
  }

  void started(RunSummary s) {
    store.put(key(ACTIVE, s.runId()), JournalJson.write(s));
  }

  /** Files the run as ended (first, so that a crash in between leaves it listed, not lost). */
  void ended(RunSummary s) {
    store.put(key(ENDED, s.runId()), JournalJson.write(s));
    store.delete(key(ACTIVE, s.runId()));
  }

  Optional<RunSummary> active(String runId) {
    return read(key(ACTIVE, runId));
  }

  /** The runs indexed, the unfinished ones only if asked; a run filed both ways counts as ended. */
  List<RunSummary> list(boolean unfinishedOnly) {
    Map<String, RunSummary> byRun = new LinkedHashMap<>();
    if (!unfinishedOnly) {
      readAll(ENDED, byRun);
    }
    readAll(ACTIVE, byRun);
    return List.copyOf(byRun.values());
  }

  private void readAll(String prefix, Map<String, RunSummary> into) {
    for (StoredObject o : store.listAll(prefix).toList()) {
      String name = o.key().substring(prefix.length());
      if (!name.endsWith(".json")) {
        continue;
      }
      String runId = name.substring(0, name.length() - ".json".length());
      if (into.containsKey(runId)) {
        continue;
      }
      try {
        read(o.key()).ifPresent(s -> into.put(runId, s));
      } catch (RuntimeException e) {
        log.warn("skipping run {} in listings: its index entry is unreadable: {}", runId, e.toString());
      }
    }
  }

  void remove(String runId) {
    store.delete(key(ACTIVE, runId));
    store.delete(key(ENDED, runId));
  }

  private Optional<RunSummary> read(String key) {
    try (InputStream in = store.get(key)) {
      return Optional.of(JournalJson.readSummary(in.readAllBytes(), store.uri(key).toString()));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("reading " + store.uri(key) + " failed: " + e, e);
    }
  }
}
