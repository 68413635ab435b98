package dev.sluice.benchmarks;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Folders the benchmarks make and remove. */
final class BenchFiles {
  private BenchFiles() {}

  /** Deletes {@code root} and everything under it, if it exists (Guava's {@link MoreFiles#deleteRecursively}). */
  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      MoreFiles.deleteRecursively(root, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
