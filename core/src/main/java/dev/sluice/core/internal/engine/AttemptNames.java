package dev.sluice.core.internal.engine;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids and deterministic, DNS-1123-safe attempt names. */
final class AttemptNames {
  static final int MAX = 63;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private AttemptNames() {}

  /** {@code <workflow>-<8 random chars>}, lower case, at most 30 characters. */
  static String newRunId(String workflowName) {
    String base = sanitize(workflowName);
    if (base.length() > 21) {
      base = base.substring(0, 21).replaceAll("-+$", "");
    }
    long bits = ThreadLocalRandom.current().nextLong();
    char[] suffix = new char[8];
    for (int i = 0; i < suffix.length; i++) {
      suffix[i] = BASE32[(int) (bits >>> (i * 5)) & 31];
    }
    return (base.isEmpty() ? "run" : base) + "-" + new String(suffix);
  }

  /**
   * {@code <run>-<node>-<attempt>} as a DNS-1123 label: lower case letters, digits and '-', at most
   * 63 characters; a longer name keeps its start and ends with a hash of the whole.
   */
  static String attemptName(String runId, String nodePath, int attempt) {
    return withFolder(runId, nodeFolder(nodePath), attempt);
  }

  /** {@link #attemptName} for a node whose {@link #nodeFolder} is {@code folder}. */
  static String withFolder(String runId, String folder, int attempt) {
    return withPrefix(runPrefix(runId), folder, attempt);
  }

  /** The start of every attempt name of run {@code runId}: its sanitized id and '-'. */
  static String runPrefix(String runId) {
    return sanitize(runId) + "-";
  }

  /** {@link #withFolder} for the run whose {@link #runPrefix} is {@code runPrefix}. */
  static String withPrefix(String runPrefix, String folder, int attempt) {
    String full = runPrefix + folder + "-" + attempt;
    if (full.length() <= MAX) {
      return full;
    }
    String hash =
        Hashing.sha256().hashString(full, StandardCharsets.UTF_8).toString().substring(0, 10);
    String tail = "-" + hash + "-" + attempt;
    String head = full.substring(0, MAX - tail.length()).replaceAll("-+$", "");
    return head + tail;
  }

  /**
   * The node's part of its attempts' folder and names: the path itself when it is already lower
   * case letters, digits and single inner '-'; otherwise its {@link #sanitize sanitized} form and
   * a hash of the path as it was, so that paths sanitizing alike ({@code Train} and {@code train},
   * {@code load.data} and {@code load-data}) never share a folder or a remote job name.
   */
  static String nodeFolder(String nodePath) {
    String clean = sanitize(nodePath);
    if (clean.equals(nodePath)) {
      return clean;
    }
    String hash = Hashing.sha256().hashString(nodePath, StandardCharsets.UTF_8).toString().substring(0, 6);
    return clean.isEmpty() ? hash : clean + "-" + hash;
  }

  /** Lower case; every run of characters outside [a-z0-9] becomes one '-'; no '-' at either end. */
  static String sanitize(String s) {
    if (clean(s)) {
      return s; // run ids and most node paths: nothing to build
    }
    StringBuilder sb = new StringBuilder(s.length());
    boolean dash = false;
    for (int i = 0; i < s.length(); i++) {
      char c = Character.toLowerCase(s.charAt(i));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        sb.append(c);
        dash = false;
      } else if (!dash && sb.length() > 0) {
        sb.append('-');
        dash = true;
      }
    }
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == '-') {
      end--;
    }
    return sb.substring(0, end);
  }

  /** Whether {@link #sanitize} would return {@code s} unchanged: [a-z0-9] and single inner '-'. */
  static boolean clean(String s) {
    int n = s.length();
    if (n == 0 || s.charAt(0) == '-' || s.charAt(n - 1) == '-') {
      return n == 0;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!letterOrDigit && (c != '-' || s.charAt(i - 1) == '-')) {
        return false;
      }
    }
    return true;
  }
}
