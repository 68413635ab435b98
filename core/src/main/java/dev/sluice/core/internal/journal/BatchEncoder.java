package dev.sluice.core.internal.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.core.journal.JournalRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes a batch of journal records once, with one streaming generator into one buffer that are
 * both kept for the thread's next batch: a batch allocates nothing of its own (before, each made a
 * generator, its contexts, a growing stream, the JSON array, the frame and text for every
 * instant — about 2 KB per task on a chain of no-op tasks). What it writes is {@link
 * JournalJson}'s format, byte for byte.
 *
 * <p>One per thread ({@link #get}); what {@link #frame} returns is valid until the thread's next
 * batch. A batch that fails half-way, or that grew the buffer past {@value #KEEP} bytes, leaves the
 * thread a fresh encoder.
 */
final class BatchEncoder {
  private static final int KEEP = 256 << 10;
  private static final ThreadLocal<BatchEncoder> PER_THREAD = new ThreadLocal<>();

  private final Buffer out = new Buffer();
  private final JsonGenerator generator;
  private final InstantText instants = new InstantText();
  private final CRC32C crc = new CRC32C();
  private boolean busy;

  private BatchEncoder() {
    try {
      generator = JournalJson.factory().createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a JSON generator in memory", e);
    }
    generator.setRootValueSeparator(null); // batch after batch at the root: no separator between them
  }

  /** This thread's encoder (a fresh one should the thread's be in use). */
  static BatchEncoder get() {
    BatchEncoder e = PER_THREAD.get();
    if (e == null || e.busy) {
      e = new BatchEncoder();
      if (PER_THREAD.get() == null) {
        PER_THREAD.set(e);
      }
    }
    return e;
  }

  /**
   * The batch as one frame of the filesystem journal, {@code [length][record count][CRC32C][JSON
   * array]} ({@link FrameScan}), in this encoder's buffer: valid until its next batch.
   */
  ByteBuffer frame(List<JournalRecord> records, Specs specs) {
    int length = encode(records, specs, FrameScan.HEADER);
    byte[] bytes = out.bytes;
    int json = length - FrameScan.HEADER;
    putInt(bytes, 0, json);
    putInt(bytes, 4, records.size());
    crc.reset();
    crc.update(bytes, 4, 4); // the count, as FrameScan.crc hashes it
    crc.update(bytes, FrameScan.HEADER, json);
    putInt(bytes, 8, (int) crc.getValue());
    ByteBuffer frame = ByteBuffer.wrap(bytes, 0, length);
    release();
    return frame;
  }

  /** The batch as a JSON array, in a new array of its own. */
  byte[] json(List<JournalRecord> records, Specs specs) {
    int length = encode(records, specs, 0);
    byte[] copy = Arrays.copyOf(out.bytes, length);
    release();
    return copy;
  }

  /** Writes the batch after {@code gap} free bytes; returns where it ends. */
  private int encode(List<JournalRecord> records, Specs specs, int gap) {
    busy = true;
    out.count = gap;
    try {
      generator.writeStartArray();
      for (JournalRecord r : records) {
        JournalJson.record(generator, r, specs, instants);
      }
      generator.writeEndArray();
      generator.flush();
      return out.count;
    } catch (IOException | RuntimeException e) {
      if (PER_THREAD.get() == this) {
        PER_THREAD.remove(); // the generator may be inside a record: the next batch starts afresh
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException("cannot write journal records in memory", (IOException) e);
    }
  }

  /** Done with the buffer's contents (the frame stays readable until the next batch). */
  private void release() {
    busy = false;
    if (out.bytes.length > KEEP && PER_THREAD.get() == this) {
      PER_THREAD.remove(); // a batch of large outputs: do not hold its buffer for the thread's life
    }
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  /** A growable byte array the generator writes into; reset by moving {@code count}. */
  private static final class Buffer extends OutputStream {
    byte[] bytes = new byte[4096];
    int count;

    @Override
    public void write(int b) {
      ensure(1);
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    private void ensure(int more) {
      if (count + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
      }
    }
  }
}
