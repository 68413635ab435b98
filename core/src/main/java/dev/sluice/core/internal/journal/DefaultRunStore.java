package dev.sluice.core.internal.journal;

import dev.sluice.core.engine.RunState;
import dev.sluice.core.internal.store.FilesystemArtifactStore;
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
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@link RunStore}: records in a {@link RecordLog} (a framed file per run, or objects),
 * and, in an artifact store, leases ({@link Leases}) and a {@link RunIndex} for listings. The index
 * entry is written before a run's first record and again when it ends; listings check unfinished
 * entries against the journal.
 */
public final class DefaultRunStore implements RunStore {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  private static final Comparator<RunSummary> NEWEST_FIRST =
      Comparator.comparing(RunSummary::started).reversed().thenComparing(RunSummary::runId);

  private final ArtifactStore store;
  private final RecordLog records;
  private final Leases leases;
  private final RunIndex index;
  private final boolean ownsStore;
  private final String description;

  private DefaultRunStore(ArtifactStore store, RecordLog records, boolean ownsStore, String description) {
    this.store = store;
    this.records = records;
    this.leases = new Leases(store);
    this.index = new RunIndex(store);
    this.ownsStore = ownsStore;
    this.description = description;
  }

  /** Journals as framed files under {@code root/runs/<run>/journal.log}. */
  public static DefaultRunStore filesystem(Path root) {
    Objects.requireNonNull(root, "root");
    FilesystemArtifactStore store = new FilesystemArtifactStore(root);
    return new DefaultRunStore(store, new FramedFileLog(root.toAbsolutePath().normalize(), new Specs(store)), true,
        "filesystem run store " + root.toAbsolutePath().normalize());
  }

  /** Journals as objects in {@code store} (not closed by this run store). */
  public static DefaultRunStore over(ArtifactStore store) {
    Objects.requireNonNull(store, "store");
    return new DefaultRunStore(store, new ObjectLog(store, newWriterId(), new Specs(store)), false,
        "run store in " + store);
  }

  private static String newWriterId() {
    return Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  }

  @Override
  public void append(String runId, long known, List<JournalRecord> batch) {
    RunIds.check(runId);
    if (batch.isEmpty()) {
      return;
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
      index.started(RunHistory.of(List.of(start)).summary(Optional.empty()));
    }
    records.append(runId, known, batch);
    for (JournalRecord r : batch) {
      if (r instanceof RunUpdate u && u.state().isTerminal()) {
        ended(runId, u);
      }
    }
  }

  private void ended(String runId, RunUpdate end) {
    Optional<RunSummary> indexed = index.active(runId);
    RunSummary s =
        indexed.isPresent()
            ? new RunSummary(
                runId, indexed.get().workflow(), indexed.get().version(), end.state(), indexed.get().started(),
                Optional.of(end.at()), indexed.get().labels(), indexed.get().origin(), Optional.empty())
            : RunHistory.of(records.read(runId)).summary(Optional.empty());
    index.ended(s);
  }

  @Override
  public List<JournalRecord> read(String runId) {
    return records.read(RunIds.check(runId));
  }

  @Override
  public List<RunSummary> runs(RunQuery query) {
    Objects.requireNonNull(query, "query");
    boolean unfinishedOnly = query.orphanedAt().isPresent() || query.states().equals(Set.of(RunState.RUNNING));
    List<RunSummary> out = new ArrayList<>();
    for (RunSummary s : all(unfinishedOnly)) {
      if (query.matches(s)) {
        out.add(s);
      }
    }
    out.sort(NEWEST_FIRST);
    return out.size() > query.limit() ? List.copyOf(out.subList(0, query.limit())) : out;
  }

  /** The indexed runs; unfinished ones checked against their journal and given their lease. */
  private List<RunSummary> all(boolean unfinishedOnly) {
    List<RunSummary> out = new ArrayList<>();
    for (RunSummary s : index.list(unfinishedOnly)) {
      out.add(s.state().isTerminal() ? s : reconcile(s));
    }
    return out;
  }

  private RunSummary reconcile(RunSummary indexed) {
    RunSummary s = indexed;
    List<JournalRecord> journal = records.read(s.runId());
    if (!journal.isEmpty()) {
      s = RunHistory.of(journal).summary(Optional.empty());
      if (s.state().isTerminal()) {
        index.ended(s);
        return s;
      }
    }
    return s.withLease(leases.current(s.runId()));
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

  @Override
  public void release(Lease lease) {
    leases.release(lease);
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
      index.remove(s.runId());
      pruned.add(s.runId());
      log.info("pruned run {} of workflow '{}' ({}, ended {})", s.runId(), s.workflow(), s.state(), s.ended().get());
    }
    return pruned;
  }

  @Override
  public void close() {
    if (ownsStore) {
      store.close();
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
