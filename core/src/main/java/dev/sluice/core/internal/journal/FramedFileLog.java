package dev.sluice.core.internal.journal;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.Striped;
import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.spi.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's records in one append-only file, {@code <root>/runs/<run>/journal.log}: one frame per
 * append, {@code [length][record count][CRC32C][JSON array]}, written in one call and forced to
 * disk before the append returns. A frame cut short by a crash (short, or failing its CRC) ends
 * the readable journal: readers ignore it, and the next writer truncates it before appending.
 *
 * <p>An append holds the file's OS lock and checks that the file still ends where this writer
 * left it (a cached position, re-scanned when the size differs), so two writers on one folder
 * cannot interleave and the second learns of the first.
 */
final class FramedFileLog implements RecordLog {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  static final String FILE = "journal.log";
  private static final int HEADER = 12;
  private static final int MAX_FRAME = 256 << 20;
  private static final long LOCK_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** Where a journal's valid frames end, and how many records they hold. */
  private record Position(long bytes, long records) {}

  private final Path root;
  private final Specs specs;
  private final Striped<Lock> locks = Striped.lock(64);
  private final Cache<String, Position> positions = CacheBuilder.newBuilder().maximumSize(4096).build();

  FramedFileLog(Path root, Specs specs) {
    this.root = root;
    this.specs = specs;
  }

  Path file(String runId) {
    return root.resolve("runs").resolve(RunIds.check(runId)).resolve(FILE);
  }

  @Override
  public void append(String runId, long known, List<JournalRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    Path file = file(runId);
    ByteBuffer frame = frame(records);
    Lock local = locks.get(runId);
    local.lock();
    try {
      Files.createDirectories(file.getParent());
      boolean created = !Files.exists(file);
      try (FileChannel ch =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        lock(ch, file); // released when the channel closes
        long size = ch.size();
        Position at = positions.getIfPresent(runId);
        if (at == null || at.bytes() != size) {
          at = scan(ch, file, false);
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
        ch.force(false);
        positions.put(runId, new Position(end, known + records.size()));
      }
      if (created) {
        forceDirectory(file.getParent());
      }
    } catch (IOException e) {
      positions.invalidate(runId);
      throw new StoreException("appending to the journal " + file + " failed: " + e, e);
    } finally {
      local.unlock();
    }
  }

  private ByteBuffer frame(List<JournalRecord> records) {
    byte[] json = JournalJson.writeAll(records, specs);
    ByteBuffer buf = ByteBuffer.allocate(HEADER + json.length);
    buf.putInt(json.length).putInt(records.size()).putInt(crc(records.size(), json, 0, json.length));
    buf.put(json).flip();
    return buf;
  }

  private static int crc(int count, byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(4).putInt(0, count));
    crc.update(data, offset, length);
    return (int) crc.getValue();
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

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some platforms cannot open a folder; the file's own data is forced already
      log.debug("cannot force folder {}: {}", dir, e.toString());
    }
  }

  @Override
  public List<JournalRecord> read(String runId) {
    Path file = file(runId);
    List<JournalRecord> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      scan(ch, file, true, out);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new StoreException("reading the journal " + file + " failed: " + e, e);
    }
    return out;
  }

  private Position scan(FileChannel ch, Path file, boolean warn) throws IOException {
    return scan(ch, file, warn, null);
  }

  /** Walks the frames from the start; stops at the end or at the first torn frame. */
  private Position scan(FileChannel ch, Path file, boolean warn, List<JournalRecord> into)
      throws IOException {
    long size = ch.size();
    long pos = 0;
    long records = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (pos + HEADER <= size) {
      header.clear();
      readFully(ch, header, pos);
      int length = header.getInt(0);
      int count = header.getInt(4);
      int crc = header.getInt(8);
      if (length < 0 || length > MAX_FRAME || count < 0 || pos + HEADER + length > size) {
        break;
      }
      ByteBuffer body = ByteBuffer.allocate(length);
      readFully(ch, body, pos + HEADER);
      if (crc(count, body.array(), 0, length) != crc) {
        break;
      }
      if (into != null) {
        List<JournalRecord> batch = JournalJson.readAll(body.array(), file + " at byte " + pos, specs);
        into.addAll(batch);
      }
      pos += HEADER + length;
      records += count;
    }
    if (warn && pos < size) {
      log.info("{}: ignoring a torn last record ({} bytes after byte {}), left by a crash", file, size - pos, pos);
    }
    return new Position(pos, records);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
    long pos = at;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += n;
    }
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
