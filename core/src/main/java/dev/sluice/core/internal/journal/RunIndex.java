package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.JournalCorruptException;
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
 *
 * <p>The index is derived from the journals: an entry that cannot be read is logged and rebuilt
 * from its run's journal by {@link DefaultRunStore}, never a reason to fail an append or a listing.
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

  /** The run's unfinished entry; empty if there is none or it is unreadable (logged). */
  Optional<RunSummary> active(String runId) {
    try {
      return read(key(ACTIVE, runId));
    } catch (JournalCorruptException e) {
      log.warn("{}; it is rebuilt from the run's journal", e.getMessage());
      return Optional.empty();
    }
  }

  /** Whether the index has an entry for the run, readable or not. */
  boolean has(String runId) {
    return store.exists(key(ACTIVE, runId)) || store.exists(key(ENDED, runId));
  }

  /** One entry: its summary, or empty if unreadable (the entry then needs its journal). */
  record Entry(String runId, Optional<RunSummary> summary) {}

  /** The runs indexed, the unfinished ones only if asked; a run filed both ways counts as ended. */
  List<Entry> list(boolean unfinishedOnly) {
    Map<String, Entry> byRun = new LinkedHashMap<>();
    if (!unfinishedOnly) {
      readAll(ENDED, byRun);
    }
    readAll(ACTIVE, byRun);
    return List.copyOf(byRun.values());
  }

  private void readAll(String prefix, Map<String, Entry> into) {
    for (StoredObject o : store.listAll(prefix).toList()) {
      String name = o.key().substring(prefix.length());
      if (!name.endsWith(".json")) {
        continue;
      }
      String runId = name.substring(0, name.length() - ".json".length());
      if (into.containsKey(runId) && into.get(runId).summary().isPresent()) {
        continue;
      }
      try {
        read(o.key()).ifPresent(s -> into.put(runId, new Entry(runId, Optional.of(s))));
      } catch (JournalCorruptException e) {
        log.warn("{}; run {} is listed from its journal instead", e.getMessage(), runId);
        into.putIfAbsent(runId, new Entry(runId, Optional.empty()));
      }
    }
  }

  void remove(String runId) {
    store.delete(key(ACTIVE, runId));
    store.delete(key(ENDED, runId));
  }

  private Optional<RunSummary> read(String key) {
    try (InputStream in = store.get(key)) {
      return Optional.of(JournalJson.readSummary(in.readAllBytes(), "the run index entry " + store.uri(key)));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("reading " + store.uri(key) + " failed: " + e, e);
    }
  }
}
