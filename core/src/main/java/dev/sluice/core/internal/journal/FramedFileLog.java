package dev.sluice.core.internal.journal;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.Striped;
import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalCorruptException;
import dev.sluice.core.journal.JournalRecord;
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
  private final GroupCommit commits = new GroupCommit();

  FramedFileLog(Path root, Specs specs) {
    this.root = root;
    this.specs = specs;
  }

  Path file(String runId) {
    return root.resolve("runs").resolve(RunIds.check(runId)).resolve(FILE);
  }

  @Override
  public void append(String runId, long known, List<JournalRecord> records) {
    Written w = write(runId, known, records);
    if (w == null) {
      return;
    }
    try (FileChannel ch = w.channel()) {
      ch.force(false);
    } catch (IOException e) {
      positions.invalidate(runId);
      throw new StoreException("forcing the journal " + w.file() + " to disk failed: " + e, e);
    }
    if (w.created()) {
      GroupCommit.forceDirectory(w.file().getParent());
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
    return commits.force(w.channel(), w.created() ? w.file().getParent() : null)
        .exceptionallyCompose(e -> {
          positions.invalidate(runId);
          return CompletableFuture.failedFuture(
              new StoreException("forcing the journal " + w.file() + " to disk failed: " + e, e));
        });
  }

  /** An open journal file, and whether opening it created it. */
  private record Opened(FileChannel channel, boolean created) {}

  /** A frame written to its file, not yet forced: its open channel (the caller forces and closes it). */
  private record Written(FileChannel channel, Path file, boolean created) {}

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
    Lock local = locks.get(runId);
    local.lock();
    FileChannel ch = null;
    try {
      Opened opened = open(file, known == 0);
      ch = opened.channel();
      boolean created = opened.created();
      FileLock held = lock(ch, file);
      try {
        long size = ch.size();
        Position at = positions.getIfPresent(runId);
        if (at == null || at.bytes() != size) {
          FrameScan.Result scanned = FrameScan.scan(ch, file, null);
          at = new Position(scanned.end(), scanned.records(), scanned.lastStart());
        }
        if (at.records() == known + records.size() && endsWith(ch, at, frame)) {
          // forced again: the earlier try may have failed in its fsync
          log.debug("run {}: the batch of {} records at {} is in {} already (a retried append)", runId,
              records.size(), known, file);
          positions.put(runId, at);
          return new Written(ch, file, true);
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
        held.release(); // the frame is whole in the file; others may append after it while it is forced
      }
      return new Written(ch, file, created);
    } catch (IOException | RuntimeException e) {
      positions.invalidate(runId);
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("appending to the journal " + file + " failed: " + e, e);
    } finally {
      local.unlock();
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
  }

  @Override
  public void delete(String runId) {
    Path file = file(runId);
    positions.invalidate(runId);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StoreException("deleting the journal " + file + " failed: " + e, e);
    }
  }
}
