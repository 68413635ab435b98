package dev.sluice.core.internal.journal;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.Striped;
import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalCorruptException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import dev.sluice.core.spi.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's records in one append-only file, {@code <root>/runs/<run>/journal.log}: one frame per
 * append, {@code [length][record count][CRC32C][JSON array]}, written in one call and forced to
 * disk before the append is acknowledged ({@link #append} returns, or {@link #appendAsync}'s future
 * completes: its fsync shares the disk's flush with other runs' appends, see {@link GroupCommit}). A last frame cut short by a crash (short, or failing its CRC)
 * ends the readable journal: readers ignore it, and the next writer truncates it before appending.
 * A bad frame with valid frames after it is corruption, not a torn tail: readers skip it with an
 * error and keep the rest, and writers never truncate it (see {@link FrameScan}).
 *
 * <p>An append holds the file's OS lock and checks that the file still ends where this writer
 * left it (a cached position, re-scanned when the size differs), so two writers on one folder
 * cannot interleave and the second learns of the first. An append retried after it was written
 * (its outcome unknown to the caller) finds its own frame last and succeeds without writing again.
 */
final class FramedFileLog implements RecordLog {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  static final String FILE = "journal.log";
  private static final long LOCK_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** Where a journal's valid frames end, how many records they hold, and where the last one starts. */
  private record Position(long bytes, long records, long lastStart) {}

  private final Path root;
  private final Specs specs;
  private final Striped<Lock> locks = Striped.lock(64);
  private final Cache<String, Position> positions = CacheBuilder.newBuilder().maximumSize(4096).build();
  private final GroupCommit commits;
  private final OpenJournals journals = new OpenJournals();

  FramedFileLog(Path root, Specs specs) {
    this(root, specs, new GroupCommit());
  }

  FramedFileLog(Path root, Specs specs, GroupCommit commits) {
    this.root = root;
    this.specs = specs;
    this.commits = commits;
  }

  Path file(String runId) {
    return root.resolve("runs").resolve(RunIds.check(runId)).resolve(FILE);
  }

  /** How many journal files are kept open between appends (for tests). */
  int openFiles() {
    return journals.size();
  }

  @Override
  public void append(String runId, long known, List<JournalRecord> records) {
    Written w = write(runId, known, records);
    if (w == null) {
      return;
    }
    try {
      w.handle().channel.force(false);
      if (w.created()) {
        commits.forceEntries(w.file());
      }
      done(w, null);
    } catch (IOException | RuntimeException e) {
      done(w, e);
      throw new StoreException("forcing the journal " + w.file() + " to disk failed: " + e, e);
    }
  }

  /**
   * Writes the frame now and forces it with the appends of other runs ({@link GroupCommit}): the
   * future completes once the frame is on disk.
   */
  @Override
  public CompletableFuture<Void> appendAsync(String runId, long known, List<JournalRecord> records) {
    Written w;
    try {
      w = write(runId, known, records);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (w == null) {
      return CompletableFuture.completedFuture(null);
    }
    return commits.force(w.handle().channel, w.created() ? w.file() : null)
        .whenComplete((ok, e) -> done(w, e))
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(
            new StoreException("forcing the journal " + w.file() + " to disk failed: " + e, e)));
  }

  /**
   * The written frame is forced (or that failed): the file stays open for the run's next append,
   * unless the frame ended the run or something failed (then the next append opens it again).
   */
  private void done(Written w, Throwable failed) {
    if (failed != null) {
      positions.invalidate(w.handle().runId);
    }
    if (failed != null || w.ends()) {
      journals.retire(w.handle());
    }
    journals.release(w.handle());
  }

  /** An open journal file, and whether opening it created it. */
  private record Opened(FileChannel channel, boolean created) {}

  /**
   * A frame written to its file, not yet forced: the file's handle (in use until {@link #done}),
   * whether this append created the file, and whether the frame ends the run.
   */
  private record Written(OpenJournals.Handle handle, Path file, boolean created, boolean ends) {}

  /** A journal file locked for an append: its handle (in use), the OS lock, its size. */
  private record Locked(OpenJournals.Handle handle, FileLock lock, long size, boolean created) {}

  /**
   * Writes the batch's frame after exactly {@code known} records (or finds it written by an earlier
   * try of the same append), under the file's OS lock, released before returning; null if the
   * batch is empty.
   */
  private Written write(String runId, long known, List<JournalRecord> records) {
    if (records.isEmpty()) {
      return null;
    }
    Path file = file(runId);
    ByteBuffer frame = BatchEncoder.get().frame(records, specs); // this thread's buffer: used before this returns
    boolean ends = ends(records);
    Lock local = locks.get(runId);
    local.lock();
    OpenJournals.Handle h = null;
    try {
      Locked locked = lockFile(runId, file, known == 0);
      h = locked.handle();
      FileChannel ch = h.channel;
      try {
        long size = locked.size();
        Position at = positions.getIfPresent(runId);
        if (at == null || at.bytes() != size) {
          at = size == 0 ? new Position(0, 0, -1) : scan(ch, file);
        }
        if (at.records() == known + records.size() && endsWith(ch, at, frame)) {
          // forced again: the earlier try may have failed in its fsync
          log.debug("run {}: the batch of {} records at {} is in {} already (a retried append)", runId,
              records.size(), known, file);
          positions.put(runId, at);
          return new Written(h, file, true, ends);
        }
        if (at.records() != known) {
          throw new JournalConflictException(
              "the journal of run " + runId + " holds " + at.records() + " records, not the " + known
                  + " this engine wrote or read: another engine appended to it (" + file + ")");
        }
        if (at.bytes() < size) {
          log.warn("run {}: dropping a torn last record ({} bytes) from {}", runId, size - at.bytes(), file);
          ch.truncate(at.bytes());
        }
        long end = at.bytes();
        while (frame.hasRemaining()) {
          end += ch.write(frame, end);
        }
        positions.put(runId, new Position(end, known + records.size(), at.bytes()));
      } finally {
        locked.lock().release(); // the frame is whole in the file; others may append after it while it is forced
      }
      return new Written(h, file, locked.created(), ends);
    } catch (IOException | RuntimeException e) {
      positions.invalidate(runId);
      if (h != null) {
        journals.retire(h);
        journals.release(h);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("appending to the journal " + file + " failed: " + e, e);
    } finally {
      local.unlock();
    }
  }

  private static Position scan(FileChannel ch, Path file) throws IOException {
    FrameScan.Result scanned = FrameScan.scan(ch, file, null);
    return new Position(scanned.end(), scanned.records(), scanned.lastStart());
  }

  /** Whether the batch holds the run's end (no append is expected after it: its file is closed). */
  private static boolean ends(List<JournalRecord> records) {
    for (int i = records.size() - 1; i >= 0; i--) {
      if (records.get(i) instanceof RunUpdate u && u.state().isTerminal()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The run's journal, open and OS-locked, with its size: the file kept open since the run's last
   * append if the path still names it (a {@code stat}: the journal was not deleted or replaced since),
   * else opened now (and kept if its identity is sure: this call created it, or the path named the
   * same file before the open and after the lock).
   */
  private Locked lockFile(String runId, Path file, boolean fresh) throws IOException {
    OpenJournals.Handle kept = fresh ? null : journals.take(runId);
    if (kept != null) {
      Locked locked = null;
      try {
        FileLock held = lock(kept.channel, file);
        try {
          BasicFileAttributes now = attributes(file);
          if (now != null && kept.identity.equals(now.fileKey())) {
            locked = new Locked(kept, held, now.size(), false);
          }
        } finally {
          if (locked == null) {
            held.release();
          }
        }
      } finally {
        if (locked == null) { // failed, or the path names another file now: this one is not the journal any more
          journals.retire(kept);
          journals.release(kept);
        }
      }
      if (locked != null) {
        return locked;
      }
      log.debug("run {}: {} was replaced or deleted since this store last appended to it; opening it again", runId, file);
    }
    BasicFileAttributes before = fresh ? null : attributes(file);
    Opened opened = open(file, fresh);
    FileChannel ch = opened.channel();
    FileLock held = null;
    try {
      held = lock(ch, file);
      BasicFileAttributes after = attributes(file);
      Object identity = after == null ? null : after.fileKey();
      boolean sure = identity != null && (opened.created() || (before != null && identity.equals(before.fileKey())));
      long size = sure ? after.size() : ch.size();
      return new Locked(journals.add(runId, ch, sure ? identity : null), held, size, opened.created());
    } catch (IOException | RuntimeException e) {
      try {
        if (held != null) {
          held.release();
        }
        ch.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The file's attributes through its path; null if there is no file there. */
  private static BasicFileAttributes attributes(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Opens the journal, creating it (and its folder) if it is missing; when {@code fresh} (a new run's
   * first append) the file is expected not to exist, and whether this call created it is told (its
   * folder is then forced with it). One {@code open} in the common cases.
   */
  private static Opened open(Path file, boolean fresh) throws IOException {
    for (int tries = 1; ; tries++) {
      try {
        if (fresh) {
          try {
            return new Opened(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), true);
          } catch (FileAlreadyExistsException e) {
            // a retried first append, or another writer's run: the scan below finds out which
          }
        }
        return new Opened(
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), false);
      } catch (NoSuchFileException e) {
        if (tries == 3) {
          throw e;
        }
        Files.createDirectories(file.getParent());
      }
    }
  }

  /** Whether the journal's last valid frame is exactly {@code frame}. */
  private static boolean endsWith(FileChannel ch, Position at, ByteBuffer frame) throws IOException {
    if (at.lastStart() < 0 || at.bytes() - at.lastStart() != frame.remaining()) {
      return false;
    }
    ByteBuffer last = ByteBuffer.allocate(frame.remaining());
    FrameScan.readFully(ch, last, at.lastStart());
    return last.flip().equals(frame);
  }

  /** The OS lock; another store on this folder in this JVM holding it makes us wait, with a deadline. */
  private static FileLock lock(FileChannel ch, Path file) throws IOException {
    long deadline = System.nanoTime() + LOCK_DEADLINE_NANOS;
    while (true) {
      try {
        return ch.lock();
      } catch (OverlappingFileLockException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("could not lock " + file + " within 30 s: another run store in this JVM holds it", e);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
  }

  /**
   * The records of every valid frame.
   *
   * @throws JournalCorruptException if the file holds bytes but not one readable record
   */
  @Override
  public List<JournalRecord> read(String runId) {
    Path file = file(runId);
    List<JournalRecord> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      FrameScan.Result scanned = FrameScan.scan(ch, file,
          f -> out.addAll(JournalJson.readAll(f.json(), file + " at byte " + f.start(), specs)));
      if (scanned.end() < size) {
        log.info("{}: ignoring a torn last record ({} bytes after byte {}), left by a crash", file,
            size - scanned.end(), scanned.end());
      }
      if (out.isEmpty() && size > 0) {
        throw new JournalCorruptException(
            "the journal " + file + " of run " + runId + " is corrupt: it holds " + size + " bytes but no"
                + " readable record (its first append was cut short by a crash, or the file was damaged)");
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new StoreException("reading the journal " + file + " failed: " + e, e);
    }
    return out;
  }

  @Override
  public void close() {
    commits.close();
    journals.close();
  }

  @Override
  public void delete(String runId) {
    Path file = file(runId);
    positions.invalidate(runId);
    journals.retire(runId);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StoreException("deleting the journal " + file + " failed: " + e, e);
    }
  }
}
