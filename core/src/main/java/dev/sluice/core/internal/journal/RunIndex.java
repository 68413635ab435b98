package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.JournalCorruptException;
import dev.sluice.core.journal.RunSummary;
import java.time.Instant;
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
 * <p>Beside it, an empty object per run whose key sorts the newest run first ({@link #NEWEST}):
 * {@code journal/index/newest/<hour>/<second><nano>-<run>}, each number counted down from its
 * maximum, so a listing in key order meets the runs newest first and "the newest 50" reads 50
 * entries, not every run's. Hour folders keep each folder (and a filesystem store's directory read
 * per page) to one hour of runs. Stores written before this order existed are given it by the first
 * full listing ({@link #orderComplete()} then holds).
 *
 * <p>The index is derived from the journals: an entry that cannot be read is logged and rebuilt
 * from its run's journal by {@link DefaultRunStore}, never a reason to fail an append or a listing.
 * Entries are {@link MetaStore} objects: plain files on the filesystem run store (no content hash,
 * listings read names only), artifact-store objects elsewhere.
 */
final class RunIndex {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  private static final String ACTIVE = "journal/index/active/";
  private static final String ENDED = "journal/index/ended/";
  static final String NEWEST = "journal/index/newest/";
  /** Written once every indexed run has its {@link #NEWEST} key. */
  private static final String ORDER_COMPLETE = "journal/index/newest-complete";
  private static final long MAX_HOUR = 999_999_999_999L;
  private static final long MAX_SECOND = 9_999_999_999_999_999L;

  private final MetaStore store;
  /** Once seen true it stays true (the marker is never removed). */
  private volatile boolean orderComplete;
  private volatile boolean emptyChecked;

  RunIndex(MetaStore store) {
    this.store = store;
  }

  private static String key(String prefix, String runId) {
    return prefix + RunIds.check(runId) + ".json";
  }

  void started(RunSummary s) {
    store.write(key(ACTIVE, s.runId()), JournalJson.write(s));
    store.touch(newestKey(s));
  }

  /** The run's key in the newest-first order. */
  static String newestKey(RunSummary s) {
    long second = Math.max(0, s.started().getEpochSecond());
    StringBuilder key = new StringBuilder(NEWEST.length() + 40 + s.runId().length()).append(NEWEST);
    RunIds.padded(key, MAX_HOUR - second / 3600, 12).append('/');
    RunIds.padded(key, MAX_SECOND - second, 16);
    RunIds.padded(key, 999_999_999 - s.started().getNano(), 9).append('-');
    return key.append(RunIds.check(s.runId())).toString();
  }

  /** The run id of a {@link #NEWEST} key; empty for another key. */
  static Optional<String> runOfNewestKey(String key) {
    int dash = key.indexOf('-', NEWEST.length() + 13 + 25);
    if (!key.startsWith(NEWEST) || dash != NEWEST.length() + 13 + 25 || dash + 1 >= key.length()) {
      return Optional.empty();
    }
    return Optional.of(key.substring(dash + 1));
  }

  /** When the run of a {@link #NEWEST} key started (read from the key: no entry is read). */
  static Instant startedOfNewestKey(String key) {
    int at = NEWEST.length() + 13;
    long second = MAX_SECOND - Long.parseLong(key.substring(at, at + 16));
    long nano = 999_999_999 - Long.parseLong(key.substring(at + 16, at + 25));
    return Instant.ofEpochSecond(second, nano);
  }

  /** Whether every indexed run has its newest-first key (see {@link #NEWEST}). */
  boolean orderComplete() {
    if (!orderComplete) {
      orderComplete = store.exists(ORDER_COMPLETE);
    }
    return orderComplete;
  }

  /**
   * Marks a store with no run yet as ordered (so that its first listing need not read every run);
   * checked once per index object, before its first run is filed.
   */
  void orderIfEmpty() {
    if (emptyChecked || orderComplete()) {
      return;
    }
    emptyChecked = true;
    if (store.keys(ENDED, Optional.empty(), 1).keys().isEmpty()
        && store.keys(ACTIVE, Optional.empty(), 1).keys().isEmpty()) {
      store.touch(ORDER_COMPLETE);
      orderComplete = true;
    }
  }

  /** Gives every run of {@code all} its newest-first key, then notes the order is complete. */
  void completeOrder(List<RunSummary> all) {
    for (RunSummary s : all) {
      String k = newestKey(s);
      if (!store.exists(k)) {
        store.touch(k);
      }
    }
    store.touch(ORDER_COMPLETE);
    orderComplete = true;
    log.info("run index: {} runs are listed newest first from now on", all.size());
  }

  /** The run's entry, ended or unfinished: its summary, or empty if it has none or it is unreadable. */
  Entry entry(String runId) {
    try {
      Optional<RunSummary> ended = read(key(ENDED, runId));
      if (ended.isPresent()) {
        return new Entry(runId, ended);
      }
    } catch (JournalCorruptException e) {
      log.warn("{}; run {} is listed from its journal instead", e.getMessage(), runId);
      return new Entry(runId, Optional.empty());
    }
    return new Entry(runId, active(runId));
  }

  /** Files the run as ended (first, so that a crash in between leaves it listed, not lost). */
  void ended(RunSummary s) {
    store.write(key(ENDED, s.runId()), JournalJson.write(s));
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
    for (String name : store.names(prefix)) {
      if (!name.endsWith(".json") || name.indexOf('/') >= 0) {
        continue;
      }
      String runId = name.substring(0, name.length() - ".json".length());
      if (into.containsKey(runId) && into.get(runId).summary().isPresent()) {
        continue;
      }
      try {
        read(prefix + name).ifPresent(s -> into.put(runId, new Entry(runId, Optional.of(s))));
      } catch (JournalCorruptException e) {
        log.warn("{}; run {} is listed from its journal instead", e.getMessage(), runId);
        into.putIfAbsent(runId, new Entry(runId, Optional.empty()));
      }
    }
  }

  void remove(RunSummary s) {
    store.deleteWithFolder(newestKey(s)); // an hour folder emptied by pruning would be walked by every listing
    store.delete(key(ACTIVE, s.runId()));
    store.delete(key(ENDED, s.runId()));
  }

  private Optional<RunSummary> read(String key) {
    return store.read(key).map(bytes -> JournalJson.readSummary(bytes, "the run index entry " + store.where(key)));
  }
}
