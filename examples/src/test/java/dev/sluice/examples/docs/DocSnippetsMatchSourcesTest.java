package dev.sluice.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of Getting started and Testing workflows are cut from the example sources that
 * this module compiles (and runs: most are tests). Each snippet, line by line, must be found in one
 * of those files, in order and contiguous, its imports among the file's: so a snippet that would no
 * longer compile (an API renamed, a method gone) fails here as soon as the source is fixed, and an
 * edited snippet fails until the source says the same.
 *
 * <p>Compared: lines without leading/trailing space, runs of spaces as one, end-of-line comments
 * dropped, blank lines skipped. A line {@code ...} in a snippet stands for lines left out.
 */
class DocSnippetsMatchSourcesTest {

  @Test
  void gettingStartedSnippetsAreCutFromCompiledExampleSources() {
    assertThat(unmatched("getting-started.md")).isEmpty();
  }

  @Test
  void testingGuideSnippetsAreCutFromCompiledExampleSources() {
    assertThat(unmatched("testing.md")).isEmpty();
  }

  /** For each snippet no source file holds: where it is and its first line no file has. */
  static List<String> unmatched(String page) {
    Map<Path, List<String>> sources = sources();
    List<DocPages.Block> blocks = DocPages.blocks(DocPages.page(page), "java");
    assertThat(blocks).as("java snippets of %s", page).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (DocPages.Block block : blocks) {
      List<String> imports = new ArrayList<>();
      List<List<String>> chunks = new ArrayList<>(List.of(new ArrayList<>()));
      for (String raw : block.lines()) {
        String line = normalize(raw);
        if (line.isEmpty()) {
          continue;
        } else if (line.startsWith("import ")) {
          imports.add(line);
        } else if (line.equals("...")) {
          chunks.add(new ArrayList<>());
        } else {
          chunks.get(chunks.size() - 1).add(line);
        }
      }
      chunks.removeIf(List::isEmpty);
      boolean found =
          sources.values().stream()
              .anyMatch(file -> file.containsAll(imports) && chunks.stream().allMatch(c -> indexOf(file, c) >= 0));
      if (!found) {
        problems.add(block.where() + ": " + closest(sources, imports, chunks));
      }
    }
    return problems;
  }

  /** Which line the file closest to the snippet lacks, to say what to fix. */
  private static String closest(Map<Path, List<String>> sources, List<String> imports, List<List<String>> chunks) {
    Path best = null;
    int bestScore = -1;
    for (Map.Entry<Path, List<String>> e : sources.entrySet()) {
      int score = 0;
      for (List<String> c : chunks) {
        score += matchedPrefix(e.getValue(), c);
      }
      if (score > bestScore) {
        best = e.getKey();
        bestScore = score;
      }
    }
    List<String> file = sources.get(best);
    for (List<String> c : chunks) {
      int n = matchedPrefix(file, c);
      if (n < c.size()) {
        return "no example source has this snippet; closest is " + best.getFileName() + ", which lacks `" + c.get(n)
            + "` (after " + n + " matching line(s))";
      }
    }
    for (String i : imports) {
      if (!file.contains(i)) {
        return "closest source " + best.getFileName() + " lacks `" + i + "`";
      }
    }
    return "its parts are in different files";
  }

  private static int matchedPrefix(List<String> file, List<String> chunk) {
    for (int n = chunk.size(); n > 0; n--) {
      if (indexOf(file, chunk.subList(0, n)) >= 0) {
        return n;
      }
    }
    return 0;
  }

  private static int indexOf(List<String> file, List<String> chunk) {
    for (int i = 0; i + chunk.size() <= file.size(); i++) {
      if (file.subList(i, i + chunk.size()).equals(chunk)) {
        return i;
      }
    }
    return -1;
  }

  /** Every Java file of examples/src (main and test), normalized, blank lines dropped. */
  static Map<Path, List<String>> sources() {
    Map<Path, List<String>> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(DocPages.root().resolve("examples/src"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        out.put(f, DocPages.read(f).stream().map(DocSnippetsMatchSourcesTest::normalize).filter(l -> !l.isEmpty()).toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Trimmed, inner runs of blanks as one space, an end-of-line comment (outside a string) dropped. */
  static String normalize(String line) {
    boolean inString = false;
    int cut = line.length();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && inString) {
        i++;
      } else if (c == '"') {
        inString = !inString;
      } else if (!inString && c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/'
          && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        cut = i;
        break;
      }
    }
    return String.join(" ", line.substring(0, cut).strip().split("\\s+")).strip();
  }
}
