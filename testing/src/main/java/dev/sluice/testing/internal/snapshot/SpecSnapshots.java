package dev.sluice.testing.internal.snapshot;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.sluice.core.model.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spec snapshots: a workflow's compiled JSON pinned in a file. A missing file is written (never in
 * CI), a different one fails with a unified diff unless updating is asked for.
 */
public final class SpecSnapshots {
  private static final Logger log = LoggerFactory.getLogger(SpecSnapshots.class);

  /** The system property that rewrites snapshots that differ. */
  public static final String UPDATE_PROPERTY = "sluice.updateSnapshots";

  /** Where a module's snapshots live, relative to the module's folder. */
  public static final String DIRECTORY = "src/test/resources/sluice-snapshots";

  private SpecSnapshots() {}

  /**
   * Where snapshots are, whether to rewrite those that differ, and whether this is CI (where a
   * missing snapshot fails instead of being written).
   */
  public record Settings(Path directory, boolean update, boolean ci) {

    /**
     * {@code <module>/src/test/resources/sluice-snapshots} (the module is Maven's {@code basedir},
     * else the working directory), {@code -Dsluice.updateSnapshots=true}, and {@code CI=true}.
     */
    public static Settings fromEnvironment() {
      String base = System.getProperty("basedir", System.getProperty("user.dir"));
      return new Settings(
          Path.of(base).resolve(DIRECTORY),
          Boolean.parseBoolean(System.getProperty(UPDATE_PROPERTY)),
          "true".equalsIgnoreCase(System.getenv("CI")));
    }
  }

  /**
   * Compares {@code json} with the snapshot {@code name}.
   *
   * @return empty when it matches, or when it was written or updated; else why it does not match
   */
  public static Optional<String> check(String name, String json, Settings settings) {
    if (!Names.isValid(name)) {
      throw new IllegalArgumentException(
          "snapshot name '" + name + "' is not valid: use 1 to 128 letters, digits, '-', '_' or '.',"
              + " starting with a letter or digit");
    }
    Path file = settings.directory().resolve(name + ".json");
    String actual = normalize(json);
    if (!Files.exists(file)) {
      if (settings.ci()) {
        return Optional.of(
            "no snapshot " + file + " for workflow '" + name + "', and CI=true: snapshots are never"
                + " written in CI. Fix: run this test locally, review the new file and commit it");
      }
      write(file, actual);
      log.info("wrote new snapshot {}; review it and commit it", file);
      return Optional.empty();
    }
    String expected = normalize(read(file));
    if (expected.equals(actual)) {
      return Optional.empty();
    }
    if (settings.update()) {
      write(file, actual);
      log.info("updated snapshot {}", file);
      return Optional.empty();
    }
    return Optional.of(
        "workflow '" + name + "' no longer matches its snapshot " + file + " (- snapshot, + now):\n"
            + diff(file.getFileName().toString(), expected, actual)
            + "If the change is intended, run the test with -D" + UPDATE_PROPERTY + "=true and commit"
            + " the file.");
  }

  /** A unified diff with three lines of context, each line ending in a newline. */
  static String diff(String fileName, String expected, String actual) {
    List<String> before = expected.lines().toList();
    List<String> after = actual.lines().toList();
    Patch<String> patch = DiffUtils.diff(before, after);
    List<String> lines =
        UnifiedDiffUtils.generateUnifiedDiff("snapshot/" + fileName, "now/" + fileName, before, patch, 3);
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  /** Unix line ends and one final newline, so a checkout's line-end conversion never counts. */
  private static String normalize(String text) {
    String unix = text.replace("\r\n", "\n").replace('\r', '\n');
    return unix.endsWith("\n") ? unix : unix + "\n";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read snapshot " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write snapshot " + file + ": " + e.getMessage(), e);
    }
  }
}
