package dev.sluice.executor.kubernetes.internal;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Kubernetes naming rules: Job names (DNS-1123 labels) and label keys and values. */
public final class Labels {
  /** Longest DNS-1123 label and longest label value. */
  public static final int MAX = 63;

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String EXECUTOR = "sluice.dev/executor";
  public static final String WORKFLOW = "sluice.dev/workflow";
  public static final String RUN = "sluice.dev/run";
  public static final String NODE = "sluice.dev/node";
  public static final String ATTEMPT = "sluice.dev/attempt";
  public static final String TASK = "sluice.dev/task";
  /** Annotations keep the exact values the sanitized labels may have lost. */
  public static final String NODE_PATH_ANNOTATION = "sluice.dev/node-path";
  public static final String RUN_ANNOTATION = "sluice.dev/run-id";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private Labels() {}

  /**
   * The Job name of an attempt: the attempt name when it is already a DNS-1123 label of at most 63
   * characters (the engine's names are), otherwise a sanitized form cut to fit and ended with a
   * hash of the original, so two different names never meet.
   */
  public static String jobName(String attemptName) {
    if (attemptName.length() <= MAX && DNS_LABEL.matcher(attemptName).matches()) {
      return attemptName;
    }
    String clean = attemptName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    clean = clean.replaceAll("^-+|-+$", "");
    return shorten(clean.isEmpty() ? "attempt" : clean, attemptName, MAX, '-');
  }

  /**
   * A valid label value for any text: a valid value as it is; otherwise characters outside {@code
   * [A-Za-z0-9._-]} become '-', it starts and ends alphanumeric, and it is cut to fit and ended
   * with a hash of the original.
   */
  public static String labelValue(String raw) {
    if (raw.length() <= MAX && LABEL_VALUE.matcher(raw).matches()) {
      return raw;
    }
    String clean = raw.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    return shorten(clean.isEmpty() ? "x" : clean, raw, MAX, '-');
  }

  private static String shorten(String clean, String original, int max, char sep) {
    String hash = Hashing.sha256().hashString(original, StandardCharsets.UTF_8).toString().substring(0, 10);
    int keep = Math.min(clean.length(), max - hash.length() - 1);
    String head = clean.substring(0, keep).replaceAll("[^A-Za-z0-9]+$", "");
    return head.isEmpty() ? hash : head + sep + hash;
  }

  public static void requireDnsLabel(String value, String what) {
    if (value.length() > MAX || !DNS_LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is not a valid Kubernetes name: at most 63 lower case letters, digits and '-',"
              + " starting and ending with a letter or digit");
    }
  }

  /** A DNS-1123 subdomain: the names of most objects, e.g. a PriorityClass. */
  public static void requireDnsSubdomain(String value, String what) {
    if (value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is not a valid Kubernetes name: at most 253 lower case letters, digits, '-' and"
              + " '.', starting and ending with a letter or digit");
    }
  }

  public static void requireLabelValue(String value, String what) {
    if (value == null || value.length() > MAX || !LABEL_VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is not a valid label value: at most 63 letters, digits, '-', '_' and '.',"
              + " starting and ending with a letter or digit");
    }
  }

  /** Checks a label key ({@code [prefix/]name}) and value. */
  public static void requireLabel(String key, String value) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    String prefix = slash < 0 ? null : key.substring(0, slash);
    if (name.isEmpty() || name.length() > MAX || !LABEL_VALUE.matcher(name).matches()
        || (prefix != null && (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()))) {
      throw new IllegalArgumentException(
          "label key '" + key + "' is not valid: [a DNS subdomain prefix and '/'] then at most 63 letters,"
              + " digits, '-', '_' and '.'");
    }
    requireLabelValue(value, "label " + key + ": value");
  }
}
