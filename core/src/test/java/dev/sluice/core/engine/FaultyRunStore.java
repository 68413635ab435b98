package dev.sluice.core.engine;

import dev.sluice.core.internal.journal.ForwardingRunStore;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.StoreUnavailableException;
import java.util.List;
import java.util.function.Predicate;

/** A real run store whose appends fail while a chosen batch of records is being written. */
final class FaultyRunStore extends ForwardingRunStore {
  private volatile Predicate<List<JournalRecord>> failing = batch -> false;

  FaultyRunStore(RunStore store) {
    super(store);
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
    delegate.append(runId, known, records);
  }
}
