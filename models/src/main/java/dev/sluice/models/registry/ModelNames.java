package dev.sluice.models.registry;

import java.util.regex.Pattern;

/** The rules for model and alias names, shared by every registry. */
final class ModelNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private ModelNames() {}

  static String checkModel(String model) {
    return check("model name", model);
  }

  static String checkAlias(String alias) {
    String a = check("alias", alias);
    if (a.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("alias '" + alias + "' is all digits, which reads as a version number; "
          + "use a word such as champion or v" + alias);
    }
    return a;
  }

  private static String check(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " '" + name + "' is not valid: use 1 to 100 letters, digits, "
          + "'.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }
}
