package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.StoredObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** {@link RunJournal} over a run store and the artifact store holding the runs' folders. */
public final class DefaultRunJournal implements RunJournal {
  private final RunStore runs;
  private final ArtifactStore artifacts;
  private final Clock clock;

  public DefaultRunJournal(RunStore runs, ArtifactStore artifacts, Clock clock) {
    this.runs = Objects.requireNonNull(runs, "runs");
    this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<RunSummary> runs(RunQuery query) {
    return runs.runs(query);
  }

  @Override
  public RunHistory history(String runId) {
    List<JournalRecord> records = runs.read(runId);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("no run '" + runId + "' in " + runs + "; list runs with journal.runs(RunQuery.all())");
    }
    return RunHistory.of(records);
  }

  @Override
  public List<RunSummary> orphans() {
    return runs.runs(RunQuery.builder().orphanedAt(clock.instant()).build());
  }

  @Override
  public List<String> prune(Duration olderThan) {
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("prune(olderThan) needs a positive age, got " + olderThan);
    }
    List<String> pruned = runs.prune(clock.instant().minus(olderThan));
    for (String runId : pruned) {
      for (StoredObject o : artifacts.listAll(RunIds.folder(runId)).toList()) {
        artifacts.delete(o.key());
      }
    }
    return pruned;
  }
}
