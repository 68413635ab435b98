package dev.sluice.core.internal.metric;

import java.util.Map;
import java.util.regex.Pattern;

/** Prometheus' rules for metric and label names, checked where a name enters Sluice. */
public final class MetricNames {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private MetricNames() {}

  /** Returns {@code name} if it is a valid metric name, else throws naming the rule. */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "metric name '" + name + "' is not valid: use letters, digits, '_' and ':', not starting"
              + " with a digit (Prometheus' rule), e.g. 'model_accuracy'");
    }
    return name;
  }

  /** Returns {@code labels} if every name and value is valid, else throws naming the label. */
  public static Map<String, String> checkLabels(Map<String, String> labels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String label = e.getKey();
      if (label == null || !LABEL.matcher(label).matches() || label.startsWith("__")) {
        throw new IllegalArgumentException(
            "label name '" + label + "' is not valid: use letters, digits and '_', not starting with"
                + " a digit or '__' (Prometheus' rule)");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("label '" + label + "' has no value; use \"\" or drop it");
      }
    }
    return labels;
  }

  /** A label value escaped for Prometheus' text format. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
