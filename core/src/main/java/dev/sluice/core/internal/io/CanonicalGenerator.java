package dev.sluice.core.internal.io;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.json.JsonWriteContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

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
public final class CanonicalGenerator extends JsonGenerator {
  private static final JsonFactory FACTORY = new JsonFactory();
  /** Hand bytes to the sink from this many on, when nothing open may still move. */
  private static final int DRAIN_AT = 1 << 13;
  private static final byte ARRAY = 0;
  private static final byte OBJECT = 1;
  /** An object whose caller writes its fields in canonical order ({@link #writeStartSortedObject}). */
  private static final byte SORTED_OBJECT = 2;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FLOAT_PREFIX = "\"f64:".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream sink;
  private ObjectCodec codec;
  private int features = JsonGenerator.Feature.collectDefaults();
  private JsonWriteContext context = JsonWriteContext.createRootContext(null);
  private boolean closed;

  private byte[] buf = new byte[1 << 10];
  private int pos;
  /** Open containers, innermost last: kind, items written, and (objects) index of the first field. */
  private byte[] kinds = new byte[8];
  private int[] counts = new int[8];
  private int[] firstField = new int[8];
  private boolean[] unsorted = new boolean[8];
  private int depth;
  /** Name and start (in {@link #buf}) of each field of the open objects that may be reordered. */
  private String[] names = new String[16];
  private int[] starts = new int[16];
  private int fields;
  /** Open objects that may be reordered: while any is, bytes stay in {@link #buf}. */
  private int reorderable;
  /** A field name was written and its value not yet. */
  private boolean awaitingValue;
  /** For strings that need escapes: Jackson's own writer, so they are escaped exactly as before. */
  private JsonGenerator escaper;
  private ByteArrayOutputStream escaped;

  /** {@code codec}: what {@link #writeObject} and {@link #writeTree} serialize with (may be null). */
  public CanonicalGenerator(OutputStream sink, ObjectCodec codec) {
    this.sink = sink;
    this.codec = codec;
  }

  /**
   * Starts an object whose fields the caller writes in canonical order (names sorted, each once):
   * nothing is held for it, so what is inside streams to the sink.
   */
  public void writeStartSortedObject() throws IOException {
    writeStartObject();
    kinds[depth - 1] = SORTED_OBJECT;
    reorderable--;
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
    open(ARRAY, '[');
    context = context.createChildArrayContext(forValue);
  }

  @Override
  public void writeStartArray(Object forValue, int size) throws IOException {
    writeStartArray(forValue);
  }

  @Override
  public void writeEndArray() throws IOException {
    close(ARRAY, ']');
  }

  @Override
  public void writeStartObject() throws IOException {
    writeStartObject(null);
  }

  @Override
  public void writeStartObject(Object forValue) throws IOException {
    open(OBJECT, '{');
    firstField[depth - 1] = fields;
    unsorted[depth - 1] = false;
    reorderable++;
    context = context.createChildObjectContext(forValue);
  }

  @Override
  public void writeStartObject(Object forValue, int size) throws IOException {
    writeStartObject(forValue);
  }

  @Override
  public void writeEndObject() throws IOException {
    int level = depth - 1;
    if (level >= 0 && kinds[level] == OBJECT) {
      if (unsorted[level]) {
        reorder(firstField[level]);
      }
      Arrays.fill(names, firstField[level], fields, null);
      fields = firstField[level];
      reorderable--;
    }
    close(OBJECT, '}');
  }

  @Override
  public void writeFieldName(String name) throws IOException {
    int level = depth - 1;
    if (level < 0 || kinds[level] == ARRAY || awaitingValue) {
      throw new JsonGenerationException("a field name '" + name + "' where a value is expected", this);
    }
    context.writeFieldName(name);
    if (counts[level]++ > 0) {
      put((byte) ',');
    }
    if (kinds[level] == OBJECT) {
      if (fields == names.length) {
        names = Arrays.copyOf(names, fields * 2);
        starts = Arrays.copyOf(starts, fields * 2);
      }
      if (fields > firstField[level] && names[fields - 1].compareTo(name) >= 0) {
        unsorted[level] = true;
      }
      names[fields] = name;
      starts[fields++] = pos;
    }
    quoted(name);
    put((byte) ':');
    awaitingValue = true;
  }

  @Override
  public void writeFieldName(SerializableString name) throws IOException {
    writeFieldName(name.getValue());
  }

  private void open(byte kind, char bracket) throws IOException {
    beforeValue();
    if (depth == kinds.length) {
      kinds = Arrays.copyOf(kinds, depth * 2);
      counts = Arrays.copyOf(counts, depth * 2);
      firstField = Arrays.copyOf(firstField, depth * 2);
      unsorted = Arrays.copyOf(unsorted, depth * 2);
    }
    kinds[depth] = kind;
    counts[depth++] = 0;
    put((byte) bracket);
  }

  private void close(byte kind, char bracket) throws IOException {
    if (depth == 0 || (kinds[depth - 1] == ARRAY) != (kind == ARRAY) || awaitingValue) {
      throw new JsonGenerationException("'" + bracket + "' where it does not close what is open", this);
    }
    depth--;
    put((byte) bracket);
    context = context.clearAndGetParent();
    if (reorderable == 0 && pos >= DRAIN_AT) {
      drain();
    }
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
        put((byte) ',');
      }
    }
  }

  /**
   * The fields of the object being closed, from {@code first}, arrived out of order: rewrites them
   * sorted by name (UTF-16 order, stable), keeping the last of repeated names, as a tree does.
   */
  private void reorder(int first) {
    int n = fields - first;
    int from = starts[first];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = first + i;
      for (int j = i; j > 0 && names[order[j - 1]].compareTo(names[order[j]]) > 0; j--) {
        int t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }
    }
    byte[] copy = Arrays.copyOfRange(buf, from, pos);
    pos = from;
    boolean any = false;
    for (int i = 0; i < n; i++) {
      int f = order[i];
      if (i + 1 < n && names[order[i + 1]].equals(names[f])) {
        continue;
      }
      int start = starts[f] - from;
      int end = (f + 1 < fields ? starts[f + 1] - 1 : from + copy.length) - from; // without the comma
      if (any) {
        buf[pos++] = ',';
      }
      System.arraycopy(copy, start, buf, pos, end - start);
      pos += end - start;
      any = true;
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
    quoted(text);
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
    digits(v);
  }

  @Override
  public void writeNumber(BigInteger v) throws IOException {
    if (v == null) {
      writeNull();
      return;
    }
    beforeValue();
    ascii(v.toString());
  }

  @Override
  public void writeNumber(float v) throws IOException {
    writeNumber((double) v); // widens exactly
  }

  @Override
  public void writeNumber(double d) throws IOException {
    beforeValue();
    if (d == Math.rint(d) && Math.abs(d) < CanonicalJson.WHOLE_LIMIT) {
      digits((long) d); // also turns -0.0 into 0
      return;
    }
    long bits = Double.doubleToLongBits(d);
    ensure(FLOAT_PREFIX.length + 17);
    System.arraycopy(FLOAT_PREFIX, 0, buf, pos, FLOAT_PREFIX.length);
    int p = pos + FLOAT_PREFIX.length;
    for (int shift = 60; shift >= 0; shift -= 4) {
      buf[p++] = HEX[(int) (bits >>> shift) & 0xF];
    }
    buf[p++] = '"';
    pos = p;
  }

  @Override
  public void writeNumber(BigDecimal v) throws IOException {
    if (v == null) {
      writeNull();
      return;
    }
    beforeValue();
    ascii(CanonicalJson.decimalText(v));
  }

  @Override
  public void writeBoolean(boolean state) throws IOException {
    beforeValue();
    ascii(state ? "true" : "false");
  }

  @Override
  public void writeNull() throws IOException {
    beforeValue();
    ascii("null");
  }

  // ---- rare calls: through a one-call token buffer, as before -----------------------------------

  /** One call made on a token buffer. */
  private interface Call {
    void on(TokenBuffer buffer) throws IOException;
  }

  private void viaTokens(Call call) throws IOException {
    try (TokenBuffer buffer = new TokenBuffer(codec, false)) {
      call.on(buffer);
      try (JsonParser p = buffer.asParser(codec)) {
        while (p.nextToken() != null) {
          replay(p);
        }
      }
    }
  }

  /** The call the token at {@code p} stands for, read back as {@code CanonicalJson} reads it. */
  private void replay(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT -> writeStartObject();
      case END_OBJECT -> writeEndObject();
      case START_ARRAY -> writeStartArray();
      case END_ARRAY -> writeEndArray();
      case FIELD_NAME -> writeFieldName(p.currentName());
      case VALUE_STRING -> writeString(p.getText());
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          writeNumber(p.getBigIntegerValue());
        } else {
          writeNumber(p.getLongValue());
        }
      }
      case VALUE_NUMBER_FLOAT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL) {
          writeNumber(p.getDecimalValue());
        } else {
          writeNumber(p.getDoubleValue());
        }
      }
      case VALUE_TRUE -> writeBoolean(true);
      case VALUE_FALSE -> writeBoolean(false);
      case VALUE_EMBEDDED_OBJECT -> embedded(p.getEmbeddedObject());
      default -> writeNull();
    }
  }

  /** As {@code CanonicalJson} writes an embedded object: bytes in Base64, a tree, else its text. */
  private void embedded(Object o) throws IOException {
    if (o == null) {
      writeNull();
    } else if (o instanceof byte[] bytes) {
      writeString(Base64.getEncoder().encodeToString(bytes));
    } else if (o instanceof JsonNode node) {
      beforeValue();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CanonicalJson.write(node, out);
      byte[] text = out.toByteArray();
      ensure(text.length);
      System.arraycopy(text, 0, buf, pos, text.length);
      pos += text.length;
    } else {
      writeString(o.toString());
    }
  }

  @Override
  public void writeObject(Object pojo) throws IOException {
    viaTokens(b -> b.writeObject(pojo));
  }

  @Override
  public void writeTree(TreeNode node) throws IOException {
    viaTokens(b -> b.writeTree(node));
  }

  @Override
  public void writeEmbeddedObject(Object object) throws IOException {
    viaTokens(b -> b.writeEmbeddedObject(object));
  }

  @Override
  public void writeNumber(String encoded) throws IOException {
    viaTokens(b -> b.writeNumber(encoded));
  }

  @Override
  public void writeBinary(Base64Variant variant, byte[] data, int offset, int len) throws IOException {
    viaTokens(b -> b.writeBinary(variant, data, offset, len));
  }

  @Override
  public int writeBinary(Base64Variant variant, InputStream data, int dataLength) throws IOException {
    int[] read = new int[1];
    viaTokens(b -> read[0] = b.writeBinary(variant, data, dataLength));
    return read[0];
  }

  @Override
  public void writeString(Reader reader, int len) throws IOException {
    viaTokens(b -> b.writeString(reader, len));
  }

  @Override
  public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
    viaTokens(b -> b.writeRawUTF8String(text, offset, length));
  }

  @Override
  public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
    viaTokens(b -> b.writeUTF8String(text, offset, length));
  }

  @Override
  public void writeRaw(String text) throws IOException {
    viaTokens(b -> b.writeRaw(text));
  }

  @Override
  public void writeRaw(String text, int offset, int len) throws IOException {
    viaTokens(b -> b.writeRaw(text, offset, len));
  }

  @Override
  public void writeRaw(SerializableString raw) throws IOException {
    viaTokens(b -> b.writeRaw(raw));
  }

  @Override
  public void writeRaw(char[] text, int offset, int len) throws IOException {
    viaTokens(b -> b.writeRaw(text, offset, len));
  }

  @Override
  public void writeRaw(char c) throws IOException {
    viaTokens(b -> b.writeRaw(c));
  }

  @Override
  public void writeRawValue(String text) throws IOException {
    viaTokens(b -> b.writeRawValue(text));
  }

  @Override
  public void writeRawValue(String text, int offset, int len) throws IOException {
    viaTokens(b -> b.writeRawValue(text, offset, len));
  }

  @Override
  public void writeRawValue(char[] text, int offset, int len) throws IOException {
    viaTokens(b -> b.writeRawValue(text, offset, len));
  }

  // ---- bytes ------------------------------------------------------------------------------------

  /** A JSON string: printable ASCII without quote or backslash is copied; the rest goes through Jackson. */
  private void quoted(String s) throws IOException {
    int len = s.length();
    ensure(len + 2);
    byte[] b = buf;
    int p = pos;
    b[p++] = '"';
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        escapedString(s);
        return;
      }
      b[p++] = (byte) c;
    }
    b[p++] = '"';
    pos = p;
  }

  private void escapedString(String s) throws IOException {
    if (escaper == null) {
      escaped = new ByteArrayOutputStream();
      escaper = FACTORY.createGenerator(escaped);
      escaper.setRootValueSeparator(null);
    }
    escaper.writeString(s);
    escaper.flush();
    byte[] text = escaped.toByteArray();
    escaped.reset();
    ensure(text.length);
    System.arraycopy(text, 0, buf, pos, text.length);
    pos += text.length;
  }

  private void ascii(String s) throws IOException {
    int len = s.length();
    ensure(len);
    byte[] b = buf;
    int p = pos;
    for (int i = 0; i < len; i++) {
      b[p++] = (byte) s.charAt(i); // ASCII only
    }
    pos = p;
  }

  private void digits(long v) throws IOException {
    if (v == Long.MIN_VALUE) {
      ascii(Long.toString(v));
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    int end = pos + digitCount(v);
    for (int p = end - 1; p >= pos; p--) {
      buf[p] = (byte) ('0' + v % 10);
      v /= 10;
    }
    pos = end;
  }

  private static int digitCount(long v) {
    int n = 1;
    for (long limit = 10; n < 19 && v >= limit; limit *= 10) {
      n++;
    }
    return n;
  }

  private void put(byte b) throws IOException {
    ensure(1);
    buf[pos++] = b;
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

  // ---- the rest of JsonGenerator ------------------------------------------------------------------

  @Override
  public void flush() throws IOException {
    if (reorderable == 0) {
      drain();
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      flush();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public JsonGenerator setCodec(ObjectCodec oc) {
    codec = oc;
    return this;
  }

  @Override
  public ObjectCodec getCodec() {
    return codec;
  }

  @Override
  public Version version() {
    return FACTORY.version();
  }

  @Override
  public JsonWriteContext getOutputContext() {
    return context;
  }

  @Override
  public JsonGenerator enable(Feature f) {
    features |= f.getMask();
    return this;
  }

  @Override
  public JsonGenerator disable(Feature f) {
    features &= ~f.getMask();
    return this;
  }

  @Override
  public boolean isEnabled(Feature f) {
    return (features & f.getMask()) != 0;
  }

  @Override
  public int getFeatureMask() {
    return features;
  }

  @Override
  @Deprecated
  public JsonGenerator setFeatureMask(int values) {
    features = values;
    return this;
  }

  @Override
  public JsonGenerator useDefaultPrettyPrinter() {
    return this; // canonical text has no whitespace
  }

  @Override
  public boolean canWriteBinaryNatively() {
    return false;
  }
}
