package dev.sluice.core.spi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The rules for keys every {@link ArtifactStore} enforces: a relative path of non-empty segments
 * separated by {@code /}, no {@code .} or {@code ..} segment, no backslash or control character, at
 * most 900 characters, not under {@value #RESERVED}{@code /} (the stores' own bookkeeping). The
 * same key then means the same object on a folder and in a bucket.
 */
public final class StoreKey {
  /** Longest key accepted (S3 allows 1024 bytes, including the store's root prefix). */
  public static final int MAX_LENGTH = 900;

  /** The first segment stores keep for themselves (temporary files, hash records); never listed. */
  public static final String RESERVED = ".sluice";

  private StoreKey() {}

  /** Returns {@code key} if it is valid; otherwise throws naming the key and the rule it broke. */
  public static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("store key must not be empty");
    }
    if (key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "store key is " + key.length() + " characters long; at most " + MAX_LENGTH + " allowed");
    }
    if (key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException(
          "store key '" + key + "' must be relative and name an object: no leading or trailing '/'");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        throw new IllegalArgumentException(
            "store key '" + key + "' contains a control character or a backslash at " + i);
      }
    }
    for (int start = 0, end; start <= key.length(); start = end + 1) { // each segment, without split's copies
      end = key.indexOf('/', start);
      end = end < 0 ? key.length() : end;
      int length = end - start;
      boolean dots = length > 0 && length <= 2 && key.charAt(start) == '.' && key.charAt(end - 1) == '.';
      if (length == 0 || dots) {
        throw new IllegalArgumentException(
            "store key '" + key + "' has an empty, '.' or '..' segment; use plain names between '/'");
      }
    }
    if (key.equals(RESERVED) || key.startsWith(RESERVED + "/")) {
      throw new IllegalArgumentException(
          "store key '" + key + "' is under '" + RESERVED + "/', which stores keep for themselves;"
              + " choose another first segment");
    }
    return key;
  }

  /** Returns {@code prefix} if it is a valid listing prefix: empty, or a key prefix (may end in /). */
  public static String checkPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("list prefix must not be null; use \"\" for everything");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    return prefix;
  }

  static String encodeForUri(String key) {
    if (needsNoEncoding(key)) {
      return key; // what the loop below returns for it, without its copies
    }
    StringBuilder out = new StringBuilder(key.length() + 8);
    for (String segment : key.split("/", -1)) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }

  /** Whether every character is one {@link URLEncoder} keeps as it is (or the separator). */
  private static boolean needsNoEncoding(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_' || c == '*' || c == '/';
      if (!kept) {
        return false;
      }
    }
    return true;
  }
}
