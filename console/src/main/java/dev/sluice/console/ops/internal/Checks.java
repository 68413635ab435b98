package dev.sluice.console.ops.internal;

import dev.sluice.console.ops.OperationException;
import dev.sluice.console.ops.OperationException.Kind;

/** Input checks: ids, names and actors, each refused with a message naming what is wrong. */
final class Checks {
  private Checks() {}

  /** A run id or plan name: 1 to 200 letters, digits, '-', '_' or '.'. */
  static String id(String what, String value) {
    if (value == null || value.isEmpty() || value.length() > 200) {
      throw new OperationException(Kind.INVALID, what + " must have 1 to 200 characters, got '" + value + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      if (!ok) {
        throw new OperationException(
            Kind.INVALID,
            what + " '" + printable(value) + "' has a '" + printable(String.valueOf(c)) + "' at " + i
                + "; use letters, digits, '-', '_' and '.'");
      }
    }
    if (value.equals(".") || value.equals("..")) {
      throw new OperationException(Kind.INVALID, "'" + value + "' is not a " + what);
    }
    return value;
  }

  /** Who asks: 1 to 200 printable characters. */
  static String actor(String actor) {
    if (actor == null || actor.isBlank() || actor.length() > 200) {
      throw new OperationException(Kind.INVALID, "an action needs who asks it (1 to 200 characters)");
    }
    for (int i = 0; i < actor.length(); i++) {
      if (Character.isISOControl(actor.charAt(i))) {
        throw new OperationException(Kind.INVALID, "the actor's name has a control character at " + i);
      }
    }
    return actor;
  }

  /** A node or gate path: 1 to 1000 characters, no control characters. */
  static String path(String what, String value) {
    if (value == null || value.isEmpty() || value.length() > 1000) {
      throw new OperationException(Kind.INVALID, "a " + what + " path must have 1 to 1000 characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new OperationException(Kind.INVALID, "the " + what + " path has a control character at " + i);
      }
    }
    return value;
  }

  /** " (fields: a, b)" for a record type, else "", to say what a JSON object must hold. */
  static String fields(Class<?> type) {
    if (!type.isRecord()) {
      return "";
    }
    java.util.StringJoiner j = new java.util.StringJoiner(", ", " (fields: ", ")");
    for (var c : type.getRecordComponents()) {
      j.add(c.getName() + " " + c.getType().getSimpleName());
    }
    return j.toString();
  }

  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
