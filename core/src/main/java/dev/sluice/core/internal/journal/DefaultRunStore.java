package dev.sluice.core.internal.journal;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.internal.store.FilesystemArtifactStore;
import dev.sluice.core.journal.JournalCorruptException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import dev.sluice.core.journal.Lease;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.StoredObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@link RunStore}: records in a {@link RecordLog} (a framed file per run, or objects),
 * leases ({@link Leases}) and a {@link RunIndex} for listings in a {@link MetaStore} (plain files on
 * the filesystem, objects of the artifact store otherwise). The index
 * entry is written before a run's first record and again when it ends; listings check unfinished
 * entries against the journal. The index is derived data: once records are stored, a failure to
 * update it does not fail the append, and an unreadable entry is rebuilt from the journal.
 */
public final class DefaultRunStore implements RunStore {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  private static final Comparator<RunSummary> NEWEST_FIRST =
      Comparator.comparing(RunSummary::started).reversed().thenComparing(RunSummary::runId);

  private final ArtifactStore store;
  /** Where leases and index entries live: plain files on the filesystem, objects in {@link #store} otherwise. */
  private final MetaStore meta;
  private final RecordLog records;
  private final Leases leases;
  private final RunIndex index;
  private final boolean ownsStore;
  private final String description;
  /**
   * The index entries this store filed for runs it started, until they end: filing a run as ended
   * then needs no read of its entry. Bounded; a run not found here is read from the index.
   */
  private final Cache<String, RunSummary> started = CacheBuilder.newBuilder().maximumSize(16_384).build();
  /** Runs whose end this store journaled and whose lease was not released yet (bounded). */
  private final Cache<String, Boolean> endedHere = CacheBuilder.newBuilder().maximumSize(16_384).build();

  private DefaultRunStore(ArtifactStore store, MetaStore meta, RecordLog records, boolean ownsStore, String description) {
    this.store = store;
    this.meta = meta;
    this.records = records;
    this.leases = new Leases(meta);
    this.index = new RunIndex(meta);
    this.ownsStore = ownsStore;
    this.description = description;
  }

  /** Journals as framed files under {@code root/runs/<run>/journal.log}. */
  public static DefaultRunStore filesystem(Path root) {
    Objects.requireNonNull(root, "root");
    FilesystemArtifactStore store = new FilesystemArtifactStore(root);
    Path folder = root.toAbsolutePath().normalize();
    return new DefaultRunStore(store, new FileMeta(folder, store), new FramedFileLog(folder, new Specs(store)), true,
        "filesystem run store " + folder);
  }

  /** Journals as objects in {@code store} (not closed by this run store). */
  public static DefaultRunStore over(ArtifactStore store) {
    Objects.requireNonNull(store, "store");
    return new DefaultRunStore(store, new StoreMeta(store), new ObjectLog(store, newWriterId(), new Specs(store)), false,
        "run store in " + store);
  }

  /**
   * For benchmarks of the engine's own journaling cost: leases and the index in {@code store}, and
   * each batch of records encoded into a frame exactly as the filesystem store frames it, then
   * dropped (no file, no fsync, no store object). Reads find no record: nothing journaled here can
   * be resumed or listed with its history.
   */
  public static DefaultRunStore encodingOnly(ArtifactStore store) {
    Objects.requireNonNull(store, "store");
    Specs specs = new Specs(store);
    RecordLog dropping = new RecordLog() {
      @Override
      public void append(String runId, long known, List<JournalRecord> batch) {
        if (!batch.isEmpty()) {
          BatchEncoder.get().frame(batch, specs);
        }
      }

      @Override
      public List<JournalRecord> read(String runId) {
        return List.of();
      }

      @Override
      public void delete(String runId) {}
    };
    return new DefaultRunStore(store, new StoreMeta(store), dropping, false, "encoding-only run store in " + store);
  }

  private static String newWriterId() {
    return Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  }

  @Override
  public void append(String runId, long known, List<JournalRecord> batch) {
    if (checked(runId, known, batch)) {
      records.append(runId, known, batch);
      fileEnds(runId, batch);
    }
  }

  /** {@link #append}, with the records forced to disk together with other runs' (group commit). */
  @Override
  public CompletableFuture<Void> appendAsync(String runId, long known, List<JournalRecord> batch) {
    try {
      if (!checked(runId, known, batch)) {
        return CompletableFuture.completedFuture(null);
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return records.appendAsync(runId, known, batch).thenRun(() -> fileEnds(runId, batch));
  }

  /** Checks the batch, and files a new run in the index before its first record; false if empty. */
  private boolean checked(String runId, long known, List<JournalRecord> batch) {
    RunIds.check(runId);
    if (batch.isEmpty()) {
      return false;
    }
    for (JournalRecord r : batch) {
      if (!r.runId().equals(runId)) {
        throw new IllegalArgumentException("a record of run " + r.runId() + " cannot go to the journal of run " + runId);
      }
    }
    if (known == 0) {
      if (!(batch.get(0) instanceof RunStarted start)) {
        throw new IllegalArgumentException(
            "the journal of run " + runId + " must start with a RunStarted record, not " + batch.get(0));
      }
      index.orderIfEmpty();
      RunSummary summary = RunHistory.of(List.of(start)).summary(Optional.empty());
      index.started(summary);
      started.put(runId, summary);
    }
    return true;
  }

  /** Files the run as ended in the index if the stored batch ends it. */
  private void fileEnds(String runId, List<JournalRecord> batch) {
    for (JournalRecord r : batch) {
      if (r instanceof RunUpdate u && u.state().isTerminal()) {
        endedHere.put(runId, Boolean.TRUE);
        try {
          ended(runId, u);
        } catch (RuntimeException e) {
          // the records are stored: failing now would make the caller append them again
          log.error("run {}: its end is journaled, but filing it as ended in the run index failed ({});"
              + " listings find the end in the journal", runId, e.toString());
        }
      }
    }
  }

  private void ended(String runId, RunUpdate end) {
    RunSummary known = started.getIfPresent(runId);
    started.invalidate(runId);
    Optional<RunSummary> indexed = known != null ? Optional.of(known) : index.active(runId);
    RunSummary s =
        indexed.isPresent()
            ? new RunSummary(
                runId, indexed.get().workflow(), indexed.get().version(), end.state(), indexed.get().started(),
                Optional.of(end.at()), indexed.get().labels(), indexed.get().origin(), Optional.empty())
            : RunHistory.of(records.read(runId)).summary(Optional.empty());
    index.ended(s);
  }

  /**
   * The run's journal; empty only if the store has no such run.
   *
   * @throws dev.sluice.core.journal.JournalCorruptException if the run is indexed but its journal
   *     is gone or holds no record, or its first record is lost
   */
  @Override
  public List<JournalRecord> read(String runId) {
    List<JournalRecord> journal = records.read(RunIds.check(runId));
    if (journal.isEmpty() && index.has(runId)) {
      throw new JournalCorruptException(
          "run " + runId + " is in the run index of " + description + " but its journal holds no record: its"
              + " engine stopped before writing the first one, or the journal was deleted. The run cannot be"
              + " resumed or inspected; delete its index entry (journal/index/…/" + runId + ".json) to forget it");
    }
    if (!journal.isEmpty() && !(journal.get(0) instanceof RunStarted)) {
      throw new JournalCorruptException(
          "the journal of run " + runId + " in " + description + " is corrupt: its first record (how the run"
              + " started: workflow, spec, input) is lost, so the run cannot be resumed or inspected");
    }
    return journal;
  }

  /**
   * Unfinished runs: from the index's unfinished entries (few, however many runs ended). Others:
   * newest first through the index's ordered keys, reading entries only until {@code limit} match
   * (the newest 50 of 100,000 runs read about 50 entries); a store not yet ordered is read whole
   * once and ordered on the way ({@link RunIndex#completeOrder}).
   */
  @Override
  public List<RunSummary> runs(RunQuery query) {
    Objects.requireNonNull(query, "query");
    boolean unfinishedOnly = query.orphanedAt().isPresent() || query.states().equals(Set.of(RunState.RUNNING));
    if (!unfinishedOnly && index.orderComplete()) {
      return newestFirst(query);
    }
    List<RunSummary> all = all(unfinishedOnly);
    if (!unfinishedOnly) {
      index.completeOrder(all);
    }
    List<RunSummary> out = new ArrayList<>();
    for (RunSummary s : all) {
      if (query.matches(s)) {
        out.add(s);
      }
    }
    out.sort(NEWEST_FIRST);
    return out.size() > query.limit() ? List.copyOf(out.subList(0, query.limit())) : out;
  }

  /** Walks the ordered keys newest first, one page at a time, until {@code limit} runs match. */
  private List<RunSummary> newestFirst(RunQuery query) {
    List<RunSummary> out = new ArrayList<>();
    Optional<String> token = Optional.empty();
    int pageSize = (int) Math.min(1000, query.limit() + 1L);
    do {
      MetaStore.KeyPage page = meta.keys(RunIndex.NEWEST, token, pageSize);
      for (String key : page.keys()) {
        Optional<String> runId = RunIndex.runOfNewestKey(key);
        if (runId.isEmpty()) {
          continue;
        }
        Instant started = RunIndex.startedOfNewestKey(key);
        if (query.startedFrom().isPresent() && started.isBefore(query.startedFrom().get())) {
          return out; // older from here on
        }
        if (query.startedBefore().isPresent() && !started.isBefore(query.startedBefore().get())) {
          continue; // newer than asked: skipped without reading its entry
        }
        RunIndex.Entry e = index.entry(runId.get());
        Optional<RunSummary> s = e.summary().isPresent() && e.summary().get().state().isTerminal()
            ? e.summary() : reconcile(e);
        if (s.isEmpty()) {
          continue;
        }
        if (query.matches(s.get())) {
          out.add(s.get());
          if (out.size() == query.limit()) {
            return out;
          }
        }
      }
      token = page.next();
      pageSize = 1000;
    } while (token.isPresent());
    return out;
  }

  /** The indexed runs; unfinished or unreadable ones checked against their journal, given their lease. */
  private List<RunSummary> all(boolean unfinishedOnly) {
    List<RunSummary> out = new ArrayList<>();
    for (RunIndex.Entry e : index.list(unfinishedOnly)) {
      if (e.summary().isPresent() && e.summary().get().state().isTerminal()) {
        out.add(e.summary().get());
      } else {
        reconcile(e).ifPresent(out::add);
      }
    }
    return out;
  }

  /** The run as its journal tells it (refiling the index entry if it ended or was unreadable). */
  private Optional<RunSummary> reconcile(RunIndex.Entry entry) {
    Optional<RunSummary> s = entry.summary();
    try {
      List<JournalRecord> journal = records.read(entry.runId());
      if (!journal.isEmpty() && journal.get(0) instanceof RunStarted) {
        RunSummary told = RunHistory.of(journal).summary(Optional.empty());
        if (told.state().isTerminal()) {
          index.ended(told);
          return Optional.of(told);
        }
        if (s.isEmpty()) {
          index.started(told);
        }
        s = Optional.of(told);
      }
    } catch (JournalCorruptException e) {
      log.error("listing run {} as its index has it: {}", entry.runId(), e.getMessage());
    }
    if (s.isEmpty()) {
      log.error("run {} is left out of listings: neither its index entry nor its journal can be read", entry.runId());
    }
    return s.map(summary -> summary.withLease(leases.current(summary.runId())));
  }

  @Override
  public Lease acquire(String runId, String owner, Instant now, Duration ttl) {
    RunIds.check(runId);
    Objects.requireNonNull(owner, "owner");
    checkTtl(ttl);
    return leases.acquire(runId, owner, now, ttl);
  }

  @Override
  public Lease renew(Lease lease, Instant now, Duration ttl) {
    checkTtl(ttl);
    return leases.renew(lease, now, ttl);
  }

  private static void checkTtl(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a lease's time to live must be positive, got " + ttl);
    }
  }

  /**
   * Gives the lease up: marks the claim lapsed, or deletes it if this store journaled the run's end
   * ({@link Leases#drop}: one file operation instead of a check and a rewrite per run).
   */
  @Override
  public void release(Lease lease) {
    if (endedHere.asMap().remove(lease.runId()) != null) {
      leases.drop(lease);
    } else {
      leases.release(lease);
    }
  }

  @Override
  public List<String> prune(Instant endedBefore) {
    List<String> pruned = new ArrayList<>();
    for (RunSummary s : all(false)) {
      if (s.state() == RunState.RUNNING || s.ended().isEmpty() || !s.ended().get().isBefore(endedBefore)) {
        continue;
      }
      records.delete(s.runId());
      for (StoredObject o : store.listAll(RunIds.folder(s.runId())).toList()) {
        store.delete(o.key());
      }
      index.remove(s);
      pruned.add(s.runId());
      log.info("pruned run {} of workflow '{}' ({}, ended {})", s.runId(), s.workflow(), s.state(), s.ended().get());
    }
    return pruned;
  }

  @Override
  public void close() {
    records.close();
    if (ownsStore) {
      store.close();
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
