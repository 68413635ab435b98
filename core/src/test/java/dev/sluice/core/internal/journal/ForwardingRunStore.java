package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.Lease;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.spi.RunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A run store that passes every call to another; tests override the calls they want to disturb. */
public class ForwardingRunStore implements RunStore {
  protected final RunStore delegate;

  /** Forwards every call to {@code delegate}. */
  public ForwardingRunStore(RunStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void append(String runId, long known, List<JournalRecord> records) {
    delegate.append(runId, known, records);
  }

  @Override
  public List<JournalRecord> read(String runId) {
    return delegate.read(runId);
  }

  @Override
  public List<RunSummary> runs(RunQuery query) {
    return delegate.runs(query);
  }

  @Override
  public Lease acquire(String runId, String owner, Instant now, Duration ttl) {
    return delegate.acquire(runId, owner, now, ttl);
  }

  @Override
  public Lease renew(Lease lease, Instant now, Duration ttl) {
    return delegate.renew(lease, now, ttl);
  }

  @Override
  public void release(Lease lease) {
    delegate.release(lease);
  }

  @Override
  public List<String> prune(Instant endedBefore) {
    return delegate.prune(endedBefore);
  }
}
