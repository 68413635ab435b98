package dev.sluice.core.engine;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.Lease;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** A real run store whose appends fail while a chosen batch of records is being written. */
final class FaultyRunStore implements RunStore {
  private final RunStore store;
  private volatile Predicate<List<JournalRecord>> failing = batch -> false;

  FaultyRunStore(RunStore store) {
    this.store = store;
  }

  /** Every append of a batch matching {@code batches} fails, until {@link #heal()}. */
  FaultyRunStore failAppends(Predicate<List<JournalRecord>> batches) {
    this.failing = batches;
    return this;
  }

  /** Appends that hold the end of a run (a terminal RunUpdate) fail. */
  FaultyRunStore failRunEnds() {
    return failAppends(batch -> batch.stream().anyMatch(
        r -> r instanceof JournalRecord.RunUpdate u && u.state().isTerminal()));
  }

  void heal() {
    failing = batch -> false;
  }

  @Override
  public void append(String runId, long known, List<JournalRecord> records) {
    if (failing.test(records)) {
      throw new StoreUnavailableException("test run store: appending to run " + runId + " failed (server down)", null);
    }
    store.append(runId, known, records);
  }

  @Override
  public List<JournalRecord> read(String runId) {
    return store.read(runId);
  }

  @Override
  public List<RunSummary> runs(RunQuery query) {
    return store.runs(query);
  }

  @Override
  public Lease acquire(String runId, String owner, Instant now, Duration ttl) {
    return store.acquire(runId, owner, now, ttl);
  }

  @Override
  public Lease renew(Lease lease, Instant now, Duration ttl) {
    return store.renew(lease, now, ttl);
  }

  @Override
  public void release(Lease lease) {
    store.release(lease);
  }

  @Override
  public List<String> prune(Instant endedBefore) {
    return store.prune(endedBefore);
  }
}
