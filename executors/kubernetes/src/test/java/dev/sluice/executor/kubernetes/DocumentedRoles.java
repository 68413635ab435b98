package dev.sluice.executor.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RBAC Roles docs/kubernetes.md tells users to create, read from the page itself, so that the
 * tests run with exactly the permissions the documentation grants (the job simulator enforces them).
 */
final class DocumentedRoles {
  private static final Path PAGE = Path.of("../../docs/kubernetes.md");
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

  private DocumentedRoles() {}

  /** The Job executor's Role. */
  static String executor() {
    return role("sluice-executor");
  }

  /** The Role for trigger leader election over a Lease. */
  static String triggers() {
    return role("sluice-triggers");
  }

  /**
   * The documented Role named {@code name}, without its namespace (the simulator puts it in its
   * own, as a user applies it in theirs).
   */
  static String role(String name) {
    String page;
    try {
      page = Files.readString(PAGE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PAGE.toAbsolutePath(), e);
    }
    Matcher block = YAML_BLOCK.matcher(page);
    while (block.find()) {
      for (String doc : block.group(1).split("(?m)^---$")) {
        if (doc.contains("\nkind: Role\n") && doc.contains("\n  name: " + name + "\n")) {
          return doc.replaceAll("(?m)^  namespace: .*\\n", "");
        }
      }
    }
    throw new IllegalStateException("docs/kubernetes.md has no Role named " + name);
  }
}
