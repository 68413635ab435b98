package dev.sluice.core.trigger;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Argument checks shared by the {@link TriggerCondition} records and the trigger builders. */
final class TriggerConditions {
  private TriggerConditions() {}

  /** A trigger's name, checked: it names the trigger's history and state in the store. */
  static String checkName(String name) {
    if (!dev.sluice.core.model.Names.isValid(name)) {
      throw new IllegalArgumentException(
          "trigger name '" + name + "' is not valid: use 1 to 128 letters, digits, '-', '_' or '.',"
              + " starting with a letter or digit");
    }
    return name;
  }

  static void checkPositive(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("the " + what + " must be positive, got " + duration);
    }
  }

  /** The parts, each in parentheses, joined by {@code operator}. */
  static String describe(List<TriggerCondition> parts, String operator) {
    return parts.stream().map(c -> "(" + c.describe() + ")").collect(Collectors.joining(operator));
  }

  static List<TriggerCondition> checkParts(List<TriggerCondition> parts, String what) {
    List<TriggerCondition> copy = List.copyOf(parts);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(what + "(...) needs at least one condition");
    }
    return copy;
  }
}
