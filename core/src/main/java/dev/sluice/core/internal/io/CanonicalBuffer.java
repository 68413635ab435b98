package dev.sluice.core.internal.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The bytes of {@link CanonicalGenerator}: canonical tokens appended to a buffer that is handed to
 * the sink whenever no object whose fields may still move is open. An object's fields are written
 * as they arrive; at its end, if their names were not in order, the fields are rewritten sorted (as
 * a tree sorts them: UTF-16 order, the last of repeated names kept). The order found is remembered
 * for the last few sequences of the same name instances, so a list of records sorts its first row
 * and reuses that for the others.
 */
final class CanonicalBuffer {
  private static final JsonFactory FACTORY = new JsonFactory();
  /** Hand bytes to the sink from this many on, when nothing open may still move. */
  private static final int DRAIN_AT = 1 << 13;
  private static final int ORDERS = 8;

  /** Largest buffer left for the next key on the thread. */
  private static final int KEEP = 1 << 14;
  /** What the last buffer on this thread left: arrays and remembered orders, taken by the next one. */
  private static final ThreadLocal<Spare> SPARE = new ThreadLocal<>();

  private final OutputStream sink;
  private final Spare spare;
  private byte[] buf;
  private int pos;
  /** Name and start (in {@link #buf}) of each field of the open objects that may be reordered. */
  private String[] names;
  private int[] starts;
  private int fields;
  private int mostFields;
  /** Open objects that may be reordered: while any is, bytes stay in {@link #buf}. */
  private int reorderable;
  /** Remembered orders: a sequence of name instances and the fields to write, in order. */
  private final String[][] orderNames;
  private final int[][] orders;
  private byte[] scratch;
  /** For strings that need escapes: Jackson's own writer, so they are escaped exactly as before. */
  private JsonGenerator escaper;
  private ByteArrayOutputStream escaped;

  /** Arrays one buffer uses; left on the thread for the next (one key per cached call). */
  private static final class Spare {
    /** 4 KB: a small key's bytes reach the hash in one piece (each piece costs the digest a call). */
    byte[] buf = new byte[1 << 12];
    String[] names = new String[16];
    int[] starts = new int[16];
    byte[] scratch = new byte[256];
    final String[][] orderNames = new String[ORDERS][];
    final int[][] orders = new int[ORDERS][];
    /** Taken by a buffer that has not been released yet. */
    boolean taken;
  }

  CanonicalBuffer(OutputStream sink) {
    this.sink = sink;
    Spare left = SPARE.get();
    if (left == null) {
      left = new Spare();
      SPARE.set(left);
    }
    if (left.taken) {
      left = new Spare(); // a key computed inside this one (a serializer's) gets its own
    }
    left.taken = true;
    spare = left;
    buf = left.buf;
    names = left.names;
    starts = left.starts;
    scratch = left.scratch;
    orderNames = left.orderNames;
    orders = left.orders;
  }

  /**
   * Leaves the arrays to the thread's next buffer (grown ones if not too large; no field names
   * held). The thread keeps one set, marked taken while in use, rather than taking it out of the
   * thread local and putting it back: that cost a key two map updates.
   */
  void release() {
    Arrays.fill(names, 0, mostFields, null);
    if (buf.length <= KEEP && scratch.length <= KEEP && names.length <= KEEP) {
      spare.buf = buf;
      spare.names = names;
      spare.starts = starts;
      spare.scratch = scratch;
    } else {
      Arrays.fill(spare.names, null); // the arrays it started with, some names copied before they grew
    }
    spare.taken = false;
  }

  // ---- objects ----------------------------------------------------------------------------------

  /**
   * An object starts; returns the index of its first field, for {@link #endObject}. The fields of
   * a {@code sorted} object come in canonical order (its writer's word): nothing is held for it.
   */
  int startObject(boolean sorted) throws IOException {
    put((byte) '{');
    if (!sorted) {
      reorderable++;
    }
    return fields;
  }

  /**
   * A field name: after a comma unless it is the object's first; recorded unless the object is
   * sorted. {@code escaped}, if not null, is Jackson's escaped UTF-8 of the name ({@link
   * com.fasterxml.jackson.core.io.SerializedString#asQuotedUTF8}, kept by the serializer): when it
   * has one byte per character, every character is ASCII and none is escaped, so the bytes are the
   * characters {@link #quoted} would write one by one, and are copied instead.
   */
  void fieldName(String name, byte[] escaped, boolean comma, boolean record) throws IOException {
    if (comma) {
      put((byte) ',');
    }
    if (record) {
      if (fields == names.length) {
        names = Arrays.copyOf(names, fields * 2);
        starts = Arrays.copyOf(starts, fields * 2);
      }
      names[fields] = name;
      starts[fields++] = pos;
      mostFields = Math.max(mostFields, fields);
    }
    if (escaped != null && escaped.length == name.length()) {
      ensure(escaped.length + 3);
      buf[pos++] = '"';
      System.arraycopy(escaped, 0, buf, pos, escaped.length);
      pos += escaped.length;
      buf[pos++] = '"';
      buf[pos++] = ':';
      return;
    }
    quoted(name);
    put((byte) ':');
  }

  /** A field's name and colon in canonical text ({@link #fieldText}), after a comma unless it is the object's first. */
  void field(byte[] text, boolean comma) throws IOException {
    ensure(text.length + 1);
    if (comma) {
      buf[pos++] = ',';
    }
    System.arraycopy(text, 0, buf, pos, text.length);
    pos += text.length;
  }

  /** The canonical text of a field's name and colon ({@code "name":}), as {@link #fieldName} writes it. */
  static byte[] fieldText(String name) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CanonicalBuffer text = new CanonicalBuffer(bytes);
    try {
      text.quoted(name);
      text.put((byte) ':');
      text.drain();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write in memory", e);
    } finally {
      text.release();
    }
    return bytes.toByteArray();
  }

  /** The object whose first field is {@code first} ends: its fields are put in order, then the brace. */
  void endObject(int first, boolean sorted) throws IOException {
    if (!sorted) {
      if (fields - first > 1) {
        int[] order = order(first);
        if (order != null) {
          rewrite(first, order);
        }
      }
      fields = first;
      reorderable--;
    }
    put((byte) '}');
  }

  /** The order to write the fields from {@code first} in, or null if they are in order already. */
  private int[] order(int first) {
    int n = fields - first;
    int slot = (names[first].hashCode() * 31 + n) & (ORDERS - 1);
    String[] known = orderNames[slot];
    if (known != null && known.length == n) {
      boolean same = true;
      for (int i = 0; i < n && same; i++) {
        same = known[i] == names[first + i];
      }
      if (same) {
        return orders[slot];
      }
    }
    int[] order = sortedOrder(first, n);
    orderNames[slot] = Arrays.copyOfRange(names, first, fields);
    orders[slot] = order;
    return order;
  }

  /** Stable sort by name, dropping all but the last of repeated names; null if nothing moves. */
  private int[] sortedOrder(int first, int n) {
    int[] order = new int[n];
    boolean moved = false;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      for (int j = i; j > 0 && names[first + order[j - 1]].compareTo(names[first + order[j]]) > 0; j--) {
        int t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
        moved = true;
      }
    }
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (i + 1 < n && names[first + order[i + 1]].equals(names[first + order[i]])) {
        moved = true;
        continue;
      }
      order[kept++] = order[i];
    }
    return moved ? Arrays.copyOf(order, kept) : null;
  }

  /** Rewrites the fields from {@code first} (to the end of the buffer) in {@code order}. */
  private void rewrite(int first, int[] order) {
    int from = starts[first];
    int length = pos - from;
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    System.arraycopy(buf, from, scratch, 0, length);
    pos = from;
    for (int k = 0; k < order.length; k++) {
      int f = first + order[k];
      int start = starts[f] - from;
      int end = (f + 1 < fields ? starts[f + 1] - 1 : from + length) - from; // without the comma
      if (k > 0) {
        buf[pos++] = ',';
      }
      System.arraycopy(scratch, start, buf, pos, end - start);
      pos += end - start;
    }
  }

  // ---- tokens -----------------------------------------------------------------------------------

  void put(byte b) throws IOException {
    if (pos == buf.length) {
      ensure(1);
    }
    buf[pos++] = b;
  }

  /** A JSON string: printable ASCII without quote or backslash is copied; the rest goes through Jackson. */
  void quoted(String s) throws IOException {
    ensure(s.length() + 2);
    int end = PlainJson.quoted(buf, pos, s);
    if (end < 0) {
      escapedString(s);
      return;
    }
    pos = end;
  }

  private void escapedString(String s) throws IOException {
    if (escaper == null) {
      escaped = new ByteArrayOutputStream();
      escaper = FACTORY.createGenerator(escaped);
      escaper.setRootValueSeparator(null);
    }
    escaper.writeString(s);
    escaper.flush();
    bytes(escaped.toByteArray());
    escaped.reset();
  }

  /** Text of ASCII characters only (numbers, literals). */
  void ascii(String s) throws IOException {
    int len = s.length();
    ensure(len);
    byte[] b = buf;
    int p = pos;
    for (int i = 0; i < len; i++) {
      b[p++] = (byte) s.charAt(i);
    }
    pos = p;
  }

  void bytes(byte[] text) throws IOException {
    ensure(text.length);
    System.arraycopy(text, 0, buf, pos, text.length);
    pos += text.length;
  }

  /** A long in decimal. */
  void digits(long v) throws IOException {
    ensure(20);
    pos = PlainJson.digits(buf, pos, v);
  }

  /** A double: a whole number below 2^53 in decimal, any other as {@link #float64}. */
  void number(double d) throws IOException {
    if (d == Math.rint(d) && Math.abs(d) < CanonicalJson.WHOLE_LIMIT) {
      digits((long) d); // also turns -0.0 into 0
    } else {
      float64(d);
    }
  }

  /** A double that is not a small whole number: the string {@code "f64:"} and its bits in hex. */
  void float64(double d) throws IOException {
    long bits = Double.doubleToLongBits(d);
    ensure(22);
    byte[] b = buf;
    int p = pos;
    b[p] = '"';
    b[p + 1] = 'f';
    b[p + 2] = '6';
    b[p + 3] = '4';
    b[p + 4] = ':';
    Hex.put(b, p + 5, (int) (bits >>> 32));
    Hex.put(b, p + 13, (int) bits);
    b[p + 21] = '"';
    pos = p + 22;
  }

  // ---- to the sink ------------------------------------------------------------------------------

  /** After a value ends: hands the bytes over if there are enough and nothing may still move. */
  void valueEnded() throws IOException {
    if (reorderable == 0 && pos >= Math.min(DRAIN_AT, buf.length >> 1)) {
      drain();
    }
  }

  /** Hands over what is final; returns false if an object that may still move is open. */
  boolean flush() throws IOException {
    if (reorderable > 0) {
      return false;
    }
    drain();
    return true;
  }

  private void ensure(int more) throws IOException {
    if (pos + more <= buf.length) {
      return;
    }
    if (reorderable == 0) {
      drain();
    }
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  private void drain() throws IOException {
    sink.write(buf, 0, pos);
    pos = 0;
  }
}
