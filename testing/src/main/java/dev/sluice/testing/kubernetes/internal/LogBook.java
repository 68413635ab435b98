package dev.sluice.testing.kubernetes.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Where each simulated pod's container log is, and its text as the log endpoint returns it. */
final class LogBook {
  private final Map<String, Path> files = new ConcurrentHashMap<>();

  void register(String pod, Path file) {
    files.put(pod, file);
  }

  /** The pod's log, its last {@code tailLines} lines when that is 0 or more; empty for an unknown pod. */
  Optional<String> text(String pod, int tailingLines) {
    Path file = files.get(pod);
    if (file == null) {
      return Optional.empty();
    }
    String all;
    try {
      all = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      all = "";
    }
    if (tailingLines < 0) {
      return Optional.of(all);
    }
    List<String> lines = Arrays.asList(all.split("\n", -1));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    List<String> tail = lines.subList(Math.max(0, lines.size() - tailingLines), lines.size());
    return Optional.of(tail.isEmpty() ? "" : String.join("\n", tail) + "\n");
  }
}
