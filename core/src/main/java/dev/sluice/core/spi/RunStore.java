package dev.sluice.core.spi;

import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.Lease;
import dev.sluice.core.journal.LeaseRefusedException;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where run journals and run leases live, so that any engine pointed at the same store can list,
 * resume and recover runs. Built in: {@code RunStores.filesystem(Path)} (an append-only, fsync'd
 * file per run) and {@code RunStores.inStore(ArtifactStore)} (one object per batch of records, for
 * MinIO/S3). Every implementation passes the same contract test.
 *
 * <p>A store holds no policy: the engine decides what to journal and when, and passes the time
 * ({@code now}) from its own clock. Implementations are thread-safe. Failures are unchecked {@link
 * StoreException}s.
 */
public interface RunStore extends AutoCloseable {

  /**
   * Appends {@code records} to the journal of {@code runId}, after its first {@code known} records,
   * durably (on disk or in the bucket) before returning. A crash during the call leaves the
   * journal with all of them or none.
   *
   * @param known how many records the caller knows the journal holds: 0 for a new run, then the
   *     size of what it read plus what it appended since
   * @throws JournalConflictException if the journal does not hold exactly {@code known} records:
   *     another writer appended to the run
   */
  void append(String runId, long known, List<JournalRecord> records);

  /**
   * {@link #append}, acknowledged by the returned future instead of by returning: it completes
   * once the records are durable, or fails with what {@code append} would throw. A store that
   * shares its disk flushes among many runs' appends (group commit: the filesystem store) returns
   * before the flush, so a few threads keep many appends in flight. The default calls {@code
   * append} and returns a completed future.
   */
  default CompletableFuture<Void> appendAsync(String runId, long known, List<JournalRecord> records) {
    try {
      append(runId, known, records);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The journal of {@code runId} in order; empty if the store has no such run. */
  List<JournalRecord> read(String runId);

  /** The runs matching {@code query}, newest first. */
  List<RunSummary> runs(RunQuery query);

  /**
   * Makes {@code owner} the owner of {@code runId} until {@code now + ttl}, if nobody holds a live
   * lease on it (a lease held by {@code owner} itself is renewed).
   *
   * @throws LeaseRefusedException naming the holder, or when another engine claimed the run at
   *     the same moment
   */
  Lease acquire(String runId, String owner, Instant now, Duration ttl);

  /**
   * Extends a lease until {@code now + ttl}.
   *
   * @throws LeaseRefusedException if the lease expired before {@code now} or another engine has
   *     taken the run since: the caller no longer owns it and must stop driving it
   */
  Lease renew(Lease lease, Instant now, Duration ttl);

  /** Gives a lease up; nothing happens if it was already lost. */
  void release(Lease lease);

  /**
   * Deletes the journal, lease and run folder ({@code runs/<run>/}) of every run that ended before
   * {@code endedBefore}. Runs that have not ended are kept; so are cache entries and blobs, which
   * are not under a run's folder. Returns the ids of the runs deleted.
   */
  List<String> prune(Instant endedBefore);

  /** Releases files and connections. The default does nothing. */
  @Override
  default void close() {}
}
