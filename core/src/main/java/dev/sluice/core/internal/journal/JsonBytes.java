package dev.sluice.core.internal.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.core.internal.io.PlainJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that {@link BatchEncoder} writes JSON into, mostly by hand: pre-encoded
 * constants, numbers, and text with nothing to escape (printable ASCII other than {@code "} and
 * {@code \}) copied as it is. Anything else goes through the Jackson generator that also writes
 * into this buffer (as a root value, with no separator), so what is written is exactly what the
 * generator would have written, byte for byte.
 */
final class JsonBytes extends OutputStream {
  byte[] bytes = new byte[4096];
  int count;
  private JsonGenerator generator;

  /** The generator (writing into this buffer) that writes what is not plain. */
  void fallback(JsonGenerator generator) {
    this.generator = generator;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  void put(byte b) {
    ensure(1);
    bytes[count++] = b;
  }

  void put(byte[] constant) {
    write(constant, 0, constant.length);
  }

  /** {@code text} as a JSON string. */
  void string(String text) throws IOException {
    ensure(text.length() + 2);
    int end = PlainJson.quoted(bytes, count, text);
    if (end < 0) {
      generator.writeString(text); // to escape, or not ASCII: the generator's own bytes
      generator.flush();
      return;
    }
    count = end;
  }

  /** {@code json}, a JSON value's text, as it is. */
  void raw(String json) throws IOException {
    int n = json.length();
    ensure(n);
    byte[] b = bytes;
    int at = count;
    for (int i = 0; i < n; i++) {
      char c = json.charAt(i);
      if (c > 0x7f) {
        generator.writeRawValue(json); // not ASCII: the generator's UTF-8
        generator.flush();
        return;
      }
      b[at++] = (byte) c;
    }
    count = at;
  }

  /** {@code chars[0, length)}, ASCII, as a JSON string. */
  void string(char[] chars, int length) {
    ensure(length + 2);
    bytes[count++] = '"';
    for (int i = 0; i < length; i++) {
      bytes[count++] = (byte) chars[i];
    }
    bytes[count++] = '"';
  }

  void number(long value) {
    ensure(20);
    count = PlainJson.digits(bytes, count, value);
  }

  @Override
  public void write(int b) {
    put((byte) b);
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
