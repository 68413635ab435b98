package dev.sluice.cli.internal;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Opens a run store from what the user typed: a folder, {@code file:///…} or {@code s3://bucket/prefix/}. */
public final class Stores {
  private Stores() {}

  /** A run store and the artifact store its run folders live in; closing closes both. */
  public record Opened(RunStore runs, ArtifactStore artifacts) implements AutoCloseable {
    @Override
    public void close() {
      runs.close();
      artifacts.close();
    }
  }

  public static Opened open(String where, Map<String, String> env) {
    if (where == null || where.isBlank()) {
      throw new CliException(CliException.USAGE,
          "which run store? pass --store <folder or s3://bucket/prefix/> or set SLUICE_STORE_URI");
    }
    if (where.startsWith("s3://")) {
      URI uri = URI.create(where.endsWith("/") ? where : where + "/");
      ArtifactStore store;
      try {
        store = ArtifactStores.open(uri, env);
      } catch (RuntimeException e) {
        throw new CliException(CliException.UNREACHABLE, "cannot open " + uri + ": " + e.getMessage()
            + " (the endpoint comes from SLUICE_S3_ENDPOINT, credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)");
      }
      return new Opened(RunStores.over(store), store);
    }
    Path folder = where.startsWith("file:") ? Path.of(URI.create(where)) : Path.of(where);
    if (!Files.isDirectory(folder)) {
      throw new CliException(CliException.NOT_FOUND, "no run store at " + folder.toAbsolutePath()
          + ": the folder does not exist (give the folder your engine's run store writes to)");
    }
    return new Opened(RunStores.filesystem(folder), ArtifactStores.filesystem(folder));
  }
}
