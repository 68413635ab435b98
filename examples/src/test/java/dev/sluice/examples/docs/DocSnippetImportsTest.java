package dev.sluice.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of the user guide names the packages of the Sluice, JDK, JUnit and AssertJ
 * types it uses, with an import block (or by writing the type's full name), so a reader can find
 * each type; and it imports statically the assertions it calls unqualified. The reader's own types
 * (those of the examples, or made up for a snippet) are not checked.
 *
 * <p>Run with {@code -Dsluice.fixDocImports=true} to add the missing imports to the pages.
 */
class DocSnippetImportsTest {
  private static final Pattern DECLARED =
      Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");
  private static final Pattern TYPE_TOKEN = Pattern.compile("(?<![\\w.$])([A-Z][A-Za-z0-9_]*)\\b");
  private static final Pattern STATIC_CALL = Pattern.compile("(?<![\\w.$])(assertThat|assertThatThrownBy|tuple)\\s*\\(");
  private static final List<String> OTHER_PACKAGES =
      List.of(
          "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "java.util.function",
          "java.util.stream", "java.time", "java.nio.file", "java.nio.charset", "java.io", "java.net",
          "java.net.http", "java.math", "org.junit.jupiter.api", "org.junit.jupiter.api.extension",
          "org.junit.jupiter.api.io", "org.assertj.core.api");

  @Test
  void everyDocSnippetNamesThePackagesOfTheTypesItUses() {
    SluiceTypes types = SluiceTypes.scan(DocPages.root());
    List<String> problems = new ArrayList<>();
    boolean fix = Boolean.getBoolean("sluice.fixDocImports");
    for (Path page : DocPages.pages()) {
      List<DocPages.Block> blocks = DocPages.blocks(page, "java");
      List<String> lines = new ArrayList<>(DocPages.read(page));
      for (int b = blocks.size() - 1; b >= 0; b--) { // from the end, so insertions keep earlier line numbers
        DocPages.Block block = blocks.get(b);
        Set<String> missing = missingImports(block, types);
        if (missing.isEmpty()) {
          continue;
        }
        problems.add(block.where() + " uses types it does not import: add " + missing);
        if (fix) {
          DocImportFixer.addImports(lines, block, missing);
        }
      }
      if (fix) {
        write(page, lines);
      }
    }
    assertThat(problems).as("snippets that do not name their imports (fix: -Dsluice.fixDocImports=true)").isEmpty();
  }

  /** The import lines {@code block} lacks for what it uses, e.g. {@code import java.time.Duration;}. */
  static Set<String> missingImports(DocPages.Block block, SluiceTypes types) {
    String code = DocCode.withoutCommentsAndStrings(block.text());
    List<String> imports = new ArrayList<>();
    Set<String> declared = new TreeSet<>();
    for (String line : block.lines()) {
      String l = line.strip();
      if (l.startsWith("import ")) {
        imports.add(l.substring("import ".length(), l.length() - 1).replace("static ", "").strip());
      }
    }
    Matcher d = DECLARED.matcher(code);
    while (d.find()) {
      declared.add(d.group(1));
    }
    Set<String> missing = new TreeSet<>();
    String body = String.join("\n", code.lines().filter(l -> !l.strip().startsWith("import ")).toList());
    Matcher m = TYPE_TOKEN.matcher(body);
    while (m.find()) {
      String name = m.group(1);
      if (declared.contains(name) || isImported(name, imports) || exists("java.lang." + name) || types.isUserType(name)) {
        continue;
      }
      List<String> candidates = new ArrayList<>(types.named(name));
      if (candidates.isEmpty()) {
        OTHER_PACKAGES.stream().map(p -> p + "." + name).filter(DocSnippetImportsTest::exists).findFirst().ifPresent(candidates::add);
      }
      if (candidates.size() == 1) {
        missing.add("import " + candidates.get(0) + ";");
      } else if (candidates.size() > 1) {
        missing.add("import one of " + candidates + ";");
      }
    }
    Matcher s = STATIC_CALL.matcher(body);
    while (s.find()) {
      String method = s.group(1);
      boolean imported = imports.stream().anyMatch(i -> i.endsWith("." + method) || i.endsWith(".*"));
      if (!imported && !declaresMethod(body, method)) {
        String owner = body.contains("SluiceAssertions") || block.text().contains("dev.sluice.testing")
            ? "dev.sluice.testing.SluiceAssertions" : "org.assertj.core.api.Assertions";
        missing.add("import static " + owner + "." + method + ";");
      }
    }
    return missing;
  }

  private static boolean declaresMethod(String body, String method) {
    return Pattern.compile("\\b\\w[\\w<>,\\s]*\\s+" + method + "\\s*\\([^)]*\\)\\s*\\{").matcher(body).find();
  }

  private static boolean isImported(String name, List<String> imports) {
    for (String i : imports) {
      if (i.endsWith("." + name)) {
        return true;
      }
      if (i.endsWith(".*") && exists(i.substring(0, i.length() - 1) + name)) {
        return true;
      }
    }
    return false;
  }

  static boolean exists(String className) {
    try {
      Class.forName(className, false, DocSnippetImportsTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static void write(Path page, List<String> lines) {
    try {
      Files.writeString(page, String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sluice's public API types by simple name, and the names the examples declare (the reader's own). */
  record SluiceTypes(java.util.Map<String, Set<String>> api, Set<String> examples) {
    private static final Pattern PUBLIC_TYPE =
        Pattern.compile("^(\\s*)public\\s+(?:(?:static|final|abstract|sealed|non-sealed)\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)", Pattern.MULTILINE);
    private static final Pattern ANY_TYPE =
        Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");

    static SluiceTypes scan(Path root) {
      java.util.Map<String, Set<String>> api = new java.util.TreeMap<>();
      Set<String> examples = new TreeSet<>();
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String path = root.relativize(f).toString().replace('\\', '/');
          String text = Files.readString(f);
          if (path.startsWith("examples/src/")) {
            Matcher m = ANY_TYPE.matcher(text);
            while (m.find()) {
              examples.add(m.group(1));
            }
            continue;
          }
          int src = path.indexOf("/src/main/java/");
          if (src < 0 || path.contains("/internal/") || path.startsWith("benchmarks/")) {
            continue;
          }
          String pkg = path.substring(src + "/src/main/java/".length(), path.lastIndexOf('/')).replace('/', '.');
          String top = f.getFileName().toString().replace(".java", "");
          Matcher m = PUBLIC_TYPE.matcher(text);
          while (m.find()) {
            String name = m.group(2);
            String fqn = name.equals(top) ? pkg + "." + name : pkg + "." + top + "." + name;
            api.computeIfAbsent(name, k -> new TreeSet<>()).add(fqn);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new SluiceTypes(api, examples);
    }

    Set<String> named(String simpleName) {
      return api.getOrDefault(simpleName, Set.of());
    }

    boolean isUserType(String simpleName) {
      return examples.contains(simpleName);
    }
  }
}
