package dev.sluice.examples.docs;

/** Java snippet text with comments removed and string and char literals emptied, lines kept. */
final class DocCode {
  private DocCode() {}

  static String withoutCommentsAndStrings(String code) {
    StringBuilder out = new StringBuilder(code.length());
    int i = 0;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '/') {
        while (i < code.length() && code.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '*') {
        int end = code.indexOf("*/", i + 2);
        int stop = end < 0 ? code.length() : end + 2;
        for (; i < stop; i++) {
          if (code.charAt(i) == '\n') {
            out.append('\n');
          }
        }
      } else if (c == '"' || c == '\'') {
        out.append(c);
        for (i++; i < code.length() && code.charAt(i) != c && code.charAt(i) != '\n'; i++) {
          if (code.charAt(i) == '\\') {
            i++;
          }
        }
        out.append(c);
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
