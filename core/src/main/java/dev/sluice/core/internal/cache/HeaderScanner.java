package dev.sluice.core.internal.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a cache entry's header from its bytes when they are laid out exactly as {@link
 * CacheStore#write} has Jackson write them: the header fields in their order, no whitespace, every
 * value {@code null} or a string of printable ASCII without quote or backslash, an optional {@code
 * parts} object of such strings, then {@code "output":}, and the entry's closing brace last. That is every entry Sluice writes with
 * plain names, and reading it so costs a fraction of a parser's tokens (a small hit spent a tenth
 * of its time on its header). Any other layout (whitespace, an escape, other text, another order or
 * kind of value) is left to {@link EntryHeader#read}, which reads whatever JSON holds: the fields
 * found are the same either way.
 */
final class HeaderScanner {
  private static final byte[] TASK = ascii("{\"task\":");
  private static final byte[] VERSION = ascii(",\"version\":");
  private static final byte[] KEY = ascii(",\"key\":");
  private static final byte[] CREATED = ascii(",\"created\":");
  private static final byte[] EXPIRES = ascii(",\"expires\":");
  private static final byte[] RUN = ascii(",\"run\":");
  private static final byte[] NODE = ascii(",\"node\":");
  private static final byte[] OUTPUT_TYPE = ascii(",\"outputType\":");
  private static final byte[] OUTPUT_BLOB = ascii(",\"outputBlob\":");
  private static final byte[] BLOBS = ascii(",\"blobs\":[");
  private static final byte[] PARTS = ascii(",\"parts\":{");
  private static final byte[] OUTPUT = ascii(",\"output\":");
  private static final byte[] NULL = ascii("null");

  /**
   * The header, and where the output's value starts and ends in the bytes: it ends before the
   * entry's closing brace, its last byte, so that a parser of that range reads it as a root value
   * followed by nothing (a number at the root must be).
   */
  record Scanned(EntryHeader header, int output, int end) {
    int length() {
      return end - output;
    }
  }

  private final byte[] b;
  private int pos;

  private HeaderScanner(byte[] b) {
    this.b = b;
  }

  /** The header of {@code entry}, or null if its bytes are not laid out as described above. */
  static Scanned scan(byte[] entry) {
    try {
      return new HeaderScanner(entry).header();
    } catch (NotThatLayout e) {
      return null;
    }
  }

  private Scanned header() {
    String task = field(TASK, true);
    String version = field(VERSION, true);
    String key = field(KEY, true);
    String created = field(CREATED, true);
    String expires = field(EXPIRES, false);
    String run = field(RUN, true);
    String node = field(NODE, true);
    expect(OUTPUT_TYPE);
    skipString(); // not kept (a name for people)
    String outputBlob = field(OUTPUT_BLOB, false);
    expect(BLOBS);
    List<String> blobs = List.of();
    if (!next((byte) ']')) {
      blobs = new ArrayList<>();
      do {
        blobs.add(string(true));
      } while (next((byte) ','));
      expect((byte) ']');
    }
    if (at(PARTS)) {
      skipObject();
    }
    expect(OUTPUT);
    if (b[b.length - 1] != '}') {
      throw NotThatLayout.INSTANCE;
    }
    EntryHeader header = new EntryHeader(task, version, key, created, expires, run, node, outputBlob, blobs);
    return new Scanned(header, pos, b.length - 1);
  }

  /** The field's name (with what comes before it), then its value. */
  private String field(byte[] name, boolean nullAsText) {
    expect(name);
    return string(nullAsText);
  }

  /** A string value or null, not kept. */
  private void skipString() {
    if (!at(NULL)) {
      stringEnd();
    }
  }

  /**
   * A string value, or null for JSON null: as {@link EntryHeader#read} reads a scalar, {@code
   * "null"} for the fields it reads with {@code asText()}.
   */
  private String string(boolean nullAsText) {
    if (at(NULL)) {
      return nullAsText ? "null" : null;
    }
    int start = pos + 1;
    int end = stringEnd();
    return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /** Reads a string of such characters, quotes included; returns where its closing quote is. */
  private int stringEnd() {
    expect((byte) '"');
    byte[] bytes = b;
    int end = pos;
    for (byte c; end < bytes.length && (c = bytes[end]) != '"'; end++) {
      if (c < 0x20 || c > 0x7e || c == '\\') { // a byte over 0x7f is negative
        throw NotThatLayout.INSTANCE;
      }
    }
    pos = end;
    expect((byte) '"');
    return end;
  }

  /** Skips the rest of an object (its brace read) whose names and values are such strings or objects. */
  private void skipObject() {
    for (int depth = 1; depth > 0; ) {
      if (pos >= b.length) {
        throw NotThatLayout.INSTANCE;
      }
      switch (b[pos]) {
        case '"' -> stringEnd();
        case '{' -> {
          depth++;
          pos++;
        }
        case '}' -> {
          depth--;
          pos++;
        }
        case ':', ',' -> pos++;
        default -> throw NotThatLayout.INSTANCE;
      }
    }
  }

  private boolean next(byte c) {
    if (pos < b.length && b[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(byte c) {
    if (!next(c)) {
      throw NotThatLayout.INSTANCE;
    }
  }

  /** Whether the bytes at the position are {@code text}; if so they are read. */
  private boolean at(byte[] text) {
    int end = pos + text.length;
    if (end > b.length || !Arrays.equals(b, pos, end, text, 0, text.length)) {
      return false;
    }
    pos = end;
    return true;
  }

  private void expect(byte[] text) {
    if (!at(text)) {
      throw NotThatLayout.INSTANCE;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The bytes are laid out otherwise (a shared instance: no stack trace, nothing to report). */
  private static final class NotThatLayout extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NotThatLayout INSTANCE = new NotThatLayout();

    private NotThatLayout() {
      super(null, null, false, false);
    }
  }
}
