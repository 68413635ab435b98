package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.JournalRecord;
import java.util.List;

/** Where a run store keeps the records themselves: a framed file per run, or objects in a store. */
interface RecordLog {

  /** Appends after exactly {@code known} records, all or nothing, durably; else a conflict. */
  void append(String runId, long known, List<JournalRecord> records);

  /** The records in order; a torn or partial last write is left out. */
  List<JournalRecord> read(String runId);

  /** Forgets the run's records. */
  void delete(String runId);
}
