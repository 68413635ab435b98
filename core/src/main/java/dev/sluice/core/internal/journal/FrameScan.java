package dev.sluice.core.internal.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the frames of a journal file, {@code [length][record count][CRC32C][JSON array]}, and tells
 * a torn tail from corruption in the middle. A frame that fails its checks ends the journal only if
 * no valid frame follows it: then it is the last append, cut short by a crash, and may be dropped.
 * A bad frame with valid frames after it is corruption (a flipped bit, a bad sector): it is skipped,
 * loudly, and the frames after it are kept; nothing valid is ever truncated.
 *
 * <p>The next frame after a bad one is found where the bad frame's length says it ends, or else by
 * trying every byte after it (a frame must hold a JSON array and pass its CRC-32C, so a false match
 * is as likely as a checksum collision).
 */
final class FrameScan {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  static final int HEADER = 12;
  static final int MAX_FRAME = 256 << 20;

  /** One valid frame: where it starts and ends, how many records it holds, its JSON. */
  record Frame(long start, long end, int count, byte[] json) {}

  /**
   * What a scan found: the valid frames' end and record count, where the last valid frame starts
   * (-1 if none), and the corrupt ranges skipped, as {start, end} pairs.
   */
  record Result(long end, long records, long lastStart, List<long[]> corrupt) {}

  /** Told each valid frame in order. */
  interface FrameSink {
    void frame(Frame frame) throws IOException;
  }

  private FrameScan() {}

  static ByteBuffer frame(int count, byte[] json) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER + json.length);
    buf.putInt(json.length).putInt(count).putInt(crc(count, json, 0, json.length));
    buf.put(json).flip();
    return buf;
  }

  static int crc(int count, byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(4).putInt(0, count));
    crc.update(data, offset, length);
    return (int) crc.getValue();
  }

  /** Scans the whole file; {@code sink} (may be null) gets every valid frame. */
  static Result scan(FileChannel ch, Path file, FrameSink sink) throws IOException {
    long size = ch.size();
    long pos = 0;
    long records = 0;
    long lastStart = -1;
    List<long[]> corrupt = new ArrayList<>();
    while (pos < size) {
      Frame f = frameAt(ch, pos, size);
      if (f == null) {
        long next = nextFrame(ch, pos, size);
        if (next < 0) {
          break; // a torn tail
        }
        corrupt.add(new long[] {pos, next});
        log.error("{}: bytes {} to {} are corrupt (they fail the journal's checksum, and valid records follow"
                + " them): the records written there are lost and skipped; the records after them are kept."
                + " Tasks journaled only there run again on resume. See 'When the journal is corrupt' in"
                + " docs/durability.md", file, pos, next - 1);
        pos = next;
        continue;
      }
      if (sink != null) {
        sink.frame(f);
      }
      lastStart = pos;
      pos = f.end();
      records += f.count();
    }
    return new Result(pos, records, lastStart, corrupt);
  }

  /** The valid frame at {@code pos}, or null. */
  private static Frame frameAt(FileChannel ch, long pos, long size) throws IOException {
    if (pos + HEADER > size) {
      return null;
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(ch, header, pos);
    int length = header.getInt(0);
    int count = header.getInt(4);
    if (length < 2 || length > MAX_FRAME || count < 1 || pos + HEADER + length > size) {
      return null;
    }
    ByteBuffer body = ByteBuffer.allocate(length);
    readFully(ch, body, pos + HEADER);
    byte[] json = body.array();
    if (json[0] != '[' || crc(count, json, 0, length) != header.getInt(8)) {
      return null;
    }
    return new Frame(pos, pos + HEADER + length, count, json);
  }

  /** Where the next valid frame after the bad one at {@code bad} starts, or -1 if none does. */
  private static long nextFrame(FileChannel ch, long bad, long size) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    if (bad + HEADER <= size) {
      readFully(ch, header, bad);
      long claimed = bad + HEADER + (long) header.getInt(0);
      if (claimed > bad + HEADER && claimed < size && frameAt(ch, claimed, size) != null) {
        return claimed; // the body was damaged, the length was not
      }
    }
    ByteBuffer rest = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - bad));
    readFully(ch, rest, bad);
    byte[] b = rest.array();
    for (int i = 1; i + HEADER < b.length; i++) {
      // a frame's length is below 256 MiB: its first byte is 0x00 to 0x0F, which JSON text never holds
      if ((b[i] & 0xF0) == 0 && b[i + HEADER] == '[' && frameAt(ch, bad + i, size) != null) {
        return bad + i;
      }
    }
    return -1;
  }

  static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
    long pos = at;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += n;
    }
  }
}
