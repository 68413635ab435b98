package dev.sluice.core.store;

import dev.sluice.core.internal.journal.DefaultRunStore;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import java.nio.file.Path;

/** The built-in {@link RunStore}s: a local folder, or any {@link ArtifactStore} (MinIO/S3). */
public final class RunStores {
  private RunStores() {}

  /**
   * Journals in a local folder (created if missing): one append-only file per run, every append
   * forced to disk; a record torn by a crash is detected by its checksum and ignored. Leases and the
   * run index are small files next to them. May be the engine's own filesystem store folder.
   */
  public static RunStore filesystem(Path root) {
    return DefaultRunStore.filesystem(root);
  }

  /**
   * Journals as objects in {@code store}, one per batch of records under {@code
   * runs/<run>/journal/}, never rewritten; leases under {@code runs/<run>/lease/} and the run index
   * under {@code journal/index/}, specs under {@code journal/specs/}. The store must list what it has written (S3 and MinIO do). The
   * run store does not close {@code store}.
   */
  public static RunStore over(ArtifactStore store) {
    return DefaultRunStore.over(store);
  }
}
