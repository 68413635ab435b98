package dev.sluice.examples.docs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Adds import lines to a snippet of a page: one sorted block at its top, static imports first. */
final class DocImportFixer {
  private DocImportFixer() {}

  /** Rewrites {@code lines} (the page) so that {@code block} starts with its imports plus {@code missing}. */
  static void addImports(List<String> lines, DocPages.Block block, Set<String> missing) {
    int first = block.line(); // index of the first line inside the fence
    String indent = lines.get(block.line() - 1).replaceAll("^(\\s*).*$", "$1");
    int end = first;
    Comparator<String> byName = Comparator.comparing(s -> s.replace(";", "")); // Task before Task1
    Set<String> statics = new TreeSet<>(byName);
    Set<String> plain = new TreeSet<>(byName);
    while (end < first + block.lines().size()) {
      String l = lines.get(end).strip();
      if (l.startsWith("import static ")) {
        statics.add(l);
      } else if (l.startsWith("import ")) {
        plain.add(l);
      } else if (!l.isEmpty()) {
        break;
      }
      end++;
    }
    for (String m : missing) {
      if (m.startsWith("import one of")) {
        continue; // ambiguous: left for a person to choose
      }
      (m.startsWith("import static ") ? statics : plain).add(m);
    }
    List<String> header = new ArrayList<>();
    statics.forEach(s -> header.add(indent + s));
    if (!statics.isEmpty() && !plain.isEmpty()) {
      header.add("");
    }
    plain.forEach(p -> header.add(indent + p));
    header.add("");
    for (int i = end - 1; i >= first; i--) {
      lines.remove(i);
    }
    lines.addAll(first, header);
  }
}
