package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.JournalRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where a run store keeps the records themselves: a framed file per run, or objects in a store. */
interface RecordLog extends AutoCloseable {

  /** Appends after exactly {@code known} records, all or nothing, durably; else a conflict. */
  void append(String runId, long known, List<JournalRecord> records);

  /**
   * {@link #append}, completing once the records are durable; the default appends before returning.
   * A log that can share its disk flushes among runs (group commit) returns before the flush.
   */
  default CompletableFuture<Void> appendAsync(String runId, long known, List<JournalRecord> records) {
    try {
      append(runId, known, records);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The records in order; a torn or partial last write is left out. */
  List<JournalRecord> read(String runId);

  /** Forgets the run's records. */
  void delete(String runId);

  /** Stops what the log runs in the background; the default has nothing to stop. */
  @Override
  default void close() {}
}
