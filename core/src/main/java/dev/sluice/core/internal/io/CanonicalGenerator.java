package dev.sluice.core.internal.io;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteContext;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A generator that writes the {@link CanonicalJson} text of what a serializer writes to it, in one
 * pass and straight to {@code sink} (a hash, for cache keys): no token buffer, no tree. The text is
 * byte for byte that of {@link CanonicalJson#write} over the tree Jackson reads back from a {@link
 * TokenBuffer} given the same calls. An object's fields are written as they arrive, and reordered
 * in place at its end only when they did not arrive sorted (a record's properties usually do not);
 * bytes reach the sink whenever no such object is open, so a list of records streams in small
 * pieces. The calls serializers rarely make (raw values, POJOs, trees, number strings, binary) go
 * through a one-call {@link TokenBuffer}, as they did before, so they keep their text.
 */
public final class CanonicalGenerator extends TokenCallsGenerator {
  private static final byte ARRAY = 0;
  private static final byte OBJECT = 1;
  /** An object whose caller writes its fields in canonical order ({@link #writeStartSortedObject}). */
  private static final byte SORTED_OBJECT = 2;

  private final CanonicalBuffer out;
  private JsonWriteContext context = JsonWriteContext.createRootContext(null);
  private boolean closed;
  /** Open containers, innermost last: kind, items written, and (objects) index of the first field. */
  private byte[] kinds = new byte[8];
  private int[] counts = new int[8];
  private int[] firstField = new int[8];
  private int depth;
  /** A field name was written and its value not yet. */
  private boolean awaitingValue;

  /** {@code codec}: what {@link #writeObject} and {@link #writeTree} serialize with (may be null). */
  public CanonicalGenerator(OutputStream sink, ObjectCodec codec) {
    super(codec);
    this.out = new CanonicalBuffer(sink);
  }

  /**
   * Starts an object whose fields the caller writes in canonical order (names sorted, each once):
   * nothing is held for it, so what is inside streams to the sink.
   */
  public void writeStartSortedObject() throws IOException {
    writeStartSortedObject(null);
  }

  /** {@link #writeStartSortedObject()} for the object {@code forValue} (the output context's current value). */
  public void writeStartSortedObject(Object forValue) throws IOException {
    openObject(SORTED_OBJECT, forValue);
  }

  /** Throws if the last field name written has no value yet (a serializer that wrote nothing). */
  public void checkValueWritten() throws IOException {
    if (awaitingValue) {
      throw new IOException("no value to write");
    }
  }

  // ---- structure --------------------------------------------------------------------------------

  @Override
  public void writeStartArray() throws IOException {
    writeStartArray(null);
  }

  @Override
  public void writeStartArray(Object forValue) throws IOException {
    open(ARRAY);
    out.put((byte) '[');
    context = context.createChildArrayContext(forValue);
  }

  @Override
  public void writeStartArray(Object forValue, int size) throws IOException {
    writeStartArray(forValue);
  }

  @Override
  public void writeEndArray() throws IOException {
    close(ARRAY, ']');
    out.put((byte) ']');
    ended();
  }

  @Override
  public void writeStartObject() throws IOException {
    writeStartObject(null);
  }

  @Override
  public void writeStartObject(Object forValue) throws IOException {
    openObject(OBJECT, forValue);
  }

  @Override
  public void writeStartObject(Object forValue, int size) throws IOException {
    writeStartObject(forValue);
  }

  private void openObject(byte kind, Object forValue) throws IOException {
    open(kind);
    firstField[depth - 1] = out.startObject(kind == SORTED_OBJECT);
    context = context.createChildObjectContext(forValue);
  }

  @Override
  public void writeEndObject() throws IOException {
    byte kind = close(OBJECT, '}');
    out.endObject(firstField[depth], kind == SORTED_OBJECT);
    ended();
  }

  @Override
  public void writeFieldName(String name) throws IOException {
    writeFieldName(name, null);
  }

  /**
   * A bean's property names come as {@link SerializedString}s, which keep their escaped UTF-8: that
   * text is copied when it is the name's characters as they are (see {@link CanonicalBuffer#fieldName}).
   */
  @Override
  public void writeFieldName(SerializableString name) throws IOException {
    writeFieldName(name.getValue(), name instanceof SerializedString s ? escaped(s) : null);
  }

  /** The name's escaped UTF-8; null if Jackson's encoder refuses it (a lone surrogate: written as text). */
  private static byte[] escaped(SerializedString name) {
    try {
      return name.asQuotedUTF8();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void writeFieldName(String name, byte[] escaped) throws IOException {
    int level = depth - 1;
    if (level < 0 || kinds[level] == ARRAY || awaitingValue) {
      throw new JsonGenerationException("a field name '" + name + "' where a value is expected", this);
    }
    context.writeFieldName(name);
    out.fieldName(name, escaped, counts[level]++ > 0, kinds[level] == OBJECT);
    awaitingValue = true;
  }

  private void open(byte kind) throws IOException {
    beforeValue();
    if (depth == kinds.length) {
      kinds = Arrays.copyOf(kinds, depth * 2);
      counts = Arrays.copyOf(counts, depth * 2);
      firstField = Arrays.copyOf(firstField, depth * 2);
    }
    kinds[depth] = kind;
    counts[depth++] = 0;
  }

  /** Pops the innermost container, which must be an array (or an object); returns its kind. */
  private byte close(byte kind, char bracket) throws IOException {
    if (depth == 0 || (kinds[depth - 1] == ARRAY) != (kind == ARRAY) || awaitingValue) {
      throw new JsonGenerationException("'" + bracket + "' where it does not close what is open", this);
    }
    context = context.clearAndGetParent();
    return kinds[--depth];
  }

  /** A value ended: at the top, or in an array, the buffer may be handed over. */
  private void ended() throws IOException {
    out.valueEnded();
  }

  /** Before a value: a comma between an array's items; the value of a field ends its wait. */
  private void beforeValue() throws IOException {
    context.writeValue();
    if (awaitingValue) {
      awaitingValue = false;
    } else if (depth > 0) {
      if (kinds[depth - 1] != ARRAY) {
        throw new JsonGenerationException("a value where a field name is expected", this);
      }
      if (counts[depth - 1]++ > 0) {
        out.put((byte) ',');
      }
    }
  }

  // ---- scalars ----------------------------------------------------------------------------------

  @Override
  public void writeString(String text) throws IOException {
    if (text == null) {
      writeNull();
      return;
    }
    beforeValue();
    out.quoted(text);
  }

  @Override
  public void writeString(char[] text, int offset, int len) throws IOException {
    writeString(new String(text, offset, len));
  }

  @Override
  public void writeString(SerializableString text) throws IOException {
    writeString(text == null ? null : text.getValue());
  }

  @Override
  public void writeNumber(short v) throws IOException {
    writeNumber((long) v);
  }

  @Override
  public void writeNumber(int v) throws IOException {
    writeNumber((long) v);
  }

  @Override
  public void writeNumber(long v) throws IOException {
    beforeValue();
    out.digits(v);
  }

  @Override
  public void writeNumber(BigInteger v) throws IOException {
    if (v == null) {
      writeNull();
      return;
    }
    beforeValue();
    out.ascii(v.toString());
  }

  @Override
  public void writeNumber(float v) throws IOException {
    writeNumber((double) v); // widens exactly
  }

  @Override
  public void writeNumber(double d) throws IOException {
    beforeValue();
    out.number(d);
  }

  /**
   * {@code writeFieldName(name)} then {@code writeNumber(d)}, in one call, for a field of an object
   * started with {@link #writeStartSortedObject}: what a sorted bean's plain {@code double} property
   * writes ({@link SortedBeanSerializer}). {@code text} is the name's {@link CanonicalBuffer#fieldText}.
   * The output context is not told of the field (it holds the name of the last field written by
   * name): nothing runs between the name and the value that could read it.
   */
  void writeDoubleField(String name, byte[] text, double d) throws IOException {
    int level = depth - 1;
    if (level < 0 || kinds[level] != SORTED_OBJECT || awaitingValue) {
      throw new JsonGenerationException("a field '" + name + "' outside an object written in order", this);
    }
    out.field(text, counts[level]++ > 0);
    out.number(d);
  }

  /**
   * Starts an object whose fields are all written by {@link #writeDirectDouble} until {@link
   * #writeEndDirectObject}, in canonical order (the caller's word): a sorted bean whose properties
   * are all plain {@code double}s. Nothing else may be written in between; no output context is
   * opened for it, since no serializer runs inside.
   */
  void writeStartDirectObject() throws IOException {
    beforeValue();
    out.put((byte) '{');
  }

  /** A field of a direct object: {@code text} is its name's {@link CanonicalBuffer#fieldText}. */
  void writeDirectDouble(byte[] text, boolean first, double d) throws IOException {
    out.field(text, !first);
    out.number(d);
  }

  /** Ends the object {@link #writeStartDirectObject} started. */
  void writeEndDirectObject() throws IOException {
    out.put((byte) '}');
    ended();
  }

  @Override
  public void writeNumber(BigDecimal v) throws IOException {
    if (v == null) {
      writeNull();
      return;
    }
    beforeValue();
    out.ascii(CanonicalJson.decimalText(v));
  }

  @Override
  public void writeBoolean(boolean state) throws IOException {
    beforeValue();
    out.ascii(state ? "true" : "false");
  }

  @Override
  public void writeNull() throws IOException {
    beforeValue();
    out.ascii("null");
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      try {
        flush();
      } finally {
        out.release();
      }
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public JsonWriteContext getOutputContext() {
    return context;
  }

  @Override
  void writeCanonicalValue(byte[] text) throws IOException {
    beforeValue();
    out.bytes(text);
  }
}
