package dev.sluice.core.internal.cache;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.sluice.core.cache.CacheEntry;
import java.io.IOException;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The fields of a cache entry before its {@code output}, read straight from the parser into
 * strings (no tree): what every lookup reads before it decodes the output. Unknown fields (such as
 * {@code parts}) are skipped.
 */
record EntryHeader(
    String task,
    String version,
    String key,
    String created,
    String expires,
    String run,
    String node,
    String outputBlob,
    List<String> blobs) {

  /**
   * The fields in the order {@link CacheStore#write} writes them, then {@code output}: each name is
   * first compared, in the parser's input, with the one expected next ({@link
   * JsonParser#nextFieldName(SerializableString)}), which costs less than reading a name and
   * looking it up (about a sixth of a small hit's header); a name out of that order (an entry
   * written otherwise, a field added, {@code parts}) is read by name.
   */
  private static final SerializedString[] ORDER = Stream.of(
          "task", "version", "key", "created", "expires", "run", "node", "outputType", "outputBlob", "blobs", "output")
      .map(SerializedString::new)
      .toArray(SerializedString[]::new);

  /** Reads up to the {@code output} field's name, where the parser is left. */
  static EntryHeader read(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("a cache entry must be a JSON object");
    }
    String task = null;
    String version = null;
    String key = null;
    String created = null;
    String expires = null;
    String run = null;
    String node = null;
    String outputBlob = null;
    List<String> blobs = List.of();
    int expected = 0;
    while (true) {
      String name;
      if (expected < ORDER.length && p.nextFieldName(ORDER[expected])) {
        name = ORDER[expected++].getValue();
      } else if (p.currentToken() == JsonToken.FIELD_NAME) {
        name = p.currentName();
      } else {
        break;
      }
      if (name.equals("output")) {
        break;
      }
      JsonToken t = p.nextToken();
      switch (name) {
        case "task" -> task = asText(p, t);
        case "version" -> version = asText(p, t);
        case "key" -> key = asText(p, t);
        case "created" -> created = asText(p, t);
        case "expires" -> expires = text(p, t);
        case "run" -> run = asText(p, t);
        case "node" -> node = asText(p, t);
        case "outputBlob" -> outputBlob = text(p, t);
        case "blobs" -> blobs = strings(p, t);
        default -> p.skipChildren();
      }
    }
    if (p.currentToken() != JsonToken.FIELD_NAME) {
      throw new IOException("the cache entry has no output");
    }
    return new EntryHeader(task, version, key, created, expires, run, node, outputBlob, blobs);
  }

  /** A scalar as a tree's {@code asText()} gives it ({@code "null"} for JSON null). */
  private static String asText(JsonParser p, JsonToken t) throws IOException {
    String s = text(p, t);
    return s == null && t == JsonToken.VALUE_NULL ? "null" : s;
  }

  /** A scalar as text, null for JSON null; a structure is skipped (null). */
  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t.isStructStart()) {
      p.skipChildren();
      return null;
    }
    return p.getText();
  }

  private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
      String s = asText(p, item);
      out.add(s == null ? "" : s);
    }
    return out;
  }

  /** The entry, found at {@code uri}; a field that is missing reads as empty (as a tree's path). */
  CacheEntry entry(URI uri) {
    return parsed().entry(uri);
  }

  /** The header with its times parsed: a time that is not one fails here, as on every lookup. */
  Parsed parsed() {
    return new Parsed(this, instant(orEmpty(created)), expires == null ? Optional.empty() : Optional.of(instant(expires)));
  }

  /**
   * A header whose times are parsed: what a lookup checks (age, blobs), and the entry once a URI
   * is given, which a lookup leaves for when the entry is asked for.
   */
  record Parsed(EntryHeader header, Instant created, Optional<Instant> expires) {
    List<String> blobs() {
      return header.blobs();
    }

    String outputBlob() {
      return header.outputBlob();
    }

    /** The entry, found at {@code uri}; a field that is missing reads as empty (as a tree's path). */
    CacheEntry entry(URI uri) {
      return new CacheEntry(orEmpty(header.task), orEmpty(header.version), orEmpty(header.key), uri, created, expires,
          orEmpty(header.run), orEmpty(header.node), header.blobs);
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * {@link Instant#parse}, with a fast path for the text {@link Instant#toString} writes for years
   * 0000-9999 ({@code 2025-01-31T10:15:30Z}, with 0-9 fraction digits), which is how entries store
   * it: the JDK's formatter costs a few microseconds and a kilobyte per call, more than the rest of
   * a small hit's header. Anything else goes to {@link Instant#parse} (and its errors).
   */
  static Instant instant(String s) {
    int n = s.length();
    if (n >= 20 && n <= 30 && n != 21 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
        && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z' && (n == 20 || s.charAt(19) == '.')) {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 2);
      int day = digits(s, 8, 2);
      int hour = digits(s, 11, 2);
      int minute = digits(s, 14, 2);
      int second = digits(s, 17, 2);
      int fraction = n == 20 ? 0 : digits(s, 20, n - 21);
      if ((year | month | day | hour | minute | second | fraction) >= 0 && hour < 24 && minute < 60 && second < 60) {
        try {
          long epochDay = LocalDate.of(year, month, day).toEpochDay();
          int nanos = fraction;
          for (int i = n - 21; i < 9; i++) {
            nanos *= 10;
          }
          return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, n == 20 ? 0 : nanos);
        } catch (DateTimeException e) {
          // not a date (say February 30): Instant.parse reports it
        }
      }
    }
    return Instant.parse(s);
  }

  /** The decimal number in {@code s} at {@code from}, {@code count} digits; -1 if one is not a digit. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
