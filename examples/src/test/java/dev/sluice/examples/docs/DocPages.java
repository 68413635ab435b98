package dev.sluice.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The user guide's pages ({@code docs/*.md}) and their fenced code blocks, read from the checkout. */
final class DocPages {
  private DocPages() {}

  /** One fenced block: the page, the line of its opening fence (1-based), its language and lines. */
  record Block(Path page, int line, String language, List<String> lines) {
    String where() {
      return "docs/" + page.getFileName() + ":" + line;
    }

    String text() {
      return String.join("\n", lines);
    }
  }

  /** The repository's root: the nearest folder up from here that holds docs/ and pom.xml. */
  static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("pom.xml"))
          && Files.isDirectory(p.resolve("core"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (docs/, pom.xml, core/) above " + Path.of("").toAbsolutePath());
  }

  static List<Path> pages() {
    try (Stream<Path> files = Files.list(root().resolve("docs"))) {
      return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path page(String name) {
    return root().resolve("docs").resolve(name);
  }

  /** The fenced blocks of {@code page} in {@code language} ("java", "xml", …). */
  static List<Block> blocks(Path page, String language) {
    List<String> lines = read(page);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String open = lines.get(i).strip();
      if (!open.startsWith("```") || open.length() == 3) {
        continue;
      }
      int start = i;
      List<String> body = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        body.add(lines.get(i));
      }
      if (open.substring(3).strip().equals(language)) {
        out.add(new Block(page, start + 1, language, List.copyOf(body)));
      }
    }
    return out;
  }

  static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
