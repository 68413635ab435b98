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
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@link RunStore}: records in a {@link RecordLog} (a framed file per run, or objects),
 * and, in an artifact store, leases ({@link Leases}) and a run index, {@code
 * journal/index/<run>.json}, one summary per run for listings. The index entry is written before a
 * run's first record and again when it ends; listings check unfinished entries against the journal.
 */
public final class DefaultRunStore implements RunStore {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  static final String INDEX = "journal/index/";
  private static final Comparator<RunSummary> NEWEST_FIRST =
      Comparator.comparing(RunSummary::started).reversed().thenComparing(RunSummary::runId);

  private final ArtifactStore store;
  private final RecordLog records;
  private final Leases leases;
  private final boolean ownsStore;
  private final String description;

  private DefaultRunStore(ArtifactStore store, RecordLog records, boolean ownsStore, String description) {
    this.store = store;
    this.records = records;
    this.leases = new Leases(store);
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

  private static String indexKey(String runId) {
    return INDEX + RunIds.check(runId) + ".json";
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
      writeIndex(RunHistory.of(List.of(start)).summary(Optional.empty()));
    }
    records.append(runId, known, batch);
    for (JournalRecord r : batch) {
      if (r instanceof RunUpdate u && u.state().isTerminal()) {
        ended(runId, u);
      }
    }
  }

  private void ended(String runId, RunUpdate end) {
    Optional<RunSummary> indexed = readIndex(runId);
    RunSummary s =
        indexed.isPresent()
            ? new RunSummary(
                runId, indexed.get().workflow(), indexed.get().version(), end.state(), indexed.get().started(),
                Optional.of(end.at()), indexed.get().labels(), indexed.get().origin(), Optional.empty())
            : RunHistory.of(records.read(runId)).summary(Optional.empty());
    writeIndex(s);
  }

  private void writeIndex(RunSummary s) {
    store.put(indexKey(s.runId()), JournalJson.write(s));
  }

  private Optional<RunSummary> readIndex(String runId) {
    String key = indexKey(runId);
    try (InputStream in = store.get(key)) {
      return Optional.of(JournalJson.readSummary(in.readAllBytes(), store.uri(key).toString()));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("reading " + store.uri(key) + " failed: " + e, e);
    }
  }

  @Override
  public List<JournalRecord> read(String runId) {
    return records.read(RunIds.check(runId));
  }

  @Override
  public List<RunSummary> runs(RunQuery query) {
    Objects.requireNonNull(query, "query");
    List<RunSummary> out = new ArrayList<>();
    for (RunSummary s : all()) {
      if (query.matches(s)) {
        out.add(s);
      }
    }
    out.sort(NEWEST_FIRST);
    return out.size() > query.limit() ? List.copyOf(out.subList(0, query.limit())) : out;
  }

  /** Every indexed run; unfinished ones checked against their journal and given their lease. */
  private List<RunSummary> all() {
    List<RunSummary> out = new ArrayList<>();
    for (StoredObject o : store.listAll(INDEX).toList()) {
      String name = o.key().substring(INDEX.length());
      if (!name.endsWith(".json")) {
        continue;
      }
      String runId = name.substring(0, name.length() - ".json".length());
      Optional<RunSummary> indexed;
      try {
        indexed = readIndex(runId);
      } catch (RuntimeException e) {
        log.warn("skipping run {} in listings: its index entry is unreadable: {}", runId, e.toString());
        continue;
      }
      if (indexed.isEmpty()) {
        continue;
      }
      RunSummary s = indexed.get();
      if (!s.state().isTerminal()) {
        s = reconcile(s);
      }
      out.add(s);
    }
    return out;
  }

  private RunSummary reconcile(RunSummary indexed) {
    RunSummary s = indexed;
    List<JournalRecord> journal = records.read(s.runId());
    if (!journal.isEmpty()) {
      s = RunHistory.of(journal).summary(Optional.empty());
      if (s.state().isTerminal()) {
        writeIndex(s);
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
    for (RunSummary s : all()) {
      if (s.state() == RunState.RUNNING || s.ended().isEmpty() || !s.ended().get().isBefore(endedBefore)) {
        continue;
      }
      records.delete(s.runId());
      for (StoredObject o : store.listAll(RunIds.folder(s.runId())).toList()) {
        store.delete(o.key());
      }
      store.delete(indexKey(s.runId()));
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
