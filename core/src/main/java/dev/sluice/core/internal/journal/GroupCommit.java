package dev.sluice.core.internal.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit queue of a filesystem run store: appends of many runs, already written to their files
 * (in the page cache), wait here to be forced to disk, and an append's future completes only once
 * its own file is forced. A few committer threads force the queued files at the same time, so the
 * file system folds their fsyncs into one journal commit and one device flush (ext4's jbd2 and XFS
 * both batch concurrent fsyncs this way): the disk's cost is shared by every run appending at that
 * moment, instead of each run paying its own flush in turn on the engine's two journal threads.
 *
 * <p>The guarantee is unchanged: an append is acknowledged only after {@code fsync} of its file (and,
 * for a new file, of its folder and of the folder holding that one: a new run's folder is itself a
 * new entry in {@code runs/}) returned.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  /**
   * Forces in flight at once. Concurrent fsyncs join the file system's running commit, so more of
   * them share one flush; measured on ext4 (virtual disk): 1 at a time ~450 new files per second,
   * 8 ~4,500, 32 ~7,500.
   */
  static final int COMMITTERS = 32;

  /** Forces one folder to disk; {@link #forceDirectory} outside tests, which watch it. */
  interface FolderSync {
    void force(Path folder);
  }

  private final ThreadPoolExecutor committers;
  private final FolderSync folders;
  private final Map<Path, SharedForce> shared = new ConcurrentHashMap<>();

  GroupCommit() {
    this(GroupCommit::forceDirectory);
  }

  GroupCommit(FolderSync folders) {
    this.folders = folders;
    AtomicInteger n = new AtomicInteger();
    committers = new ThreadPoolExecutor(COMMITTERS, COMMITTERS, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "sluice-journal-commit-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    committers.allowCoreThreadTimeOut(true);
  }

  /**
   * Forces {@code ch} (then, if {@code newFile} is not null, the entries that make that new file
   * reachable: {@link #forceEntries}); the future completes after that, or fails with the {@link
   * IOException}. The channel stays open (its owner closes it once the future completed).
   */
  CompletableFuture<Void> force(FileChannel ch, Path newFile) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      committers.execute(() -> {
        try {
          ch.force(false);
          if (newFile != null) {
            forceEntries(newFile);
          }
          done.complete(null);
        } catch (IOException | RuntimeException e) {
          done.completeExceptionally(e);
        }
      });
    } catch (RuntimeException rejected) { // closed
      done.completeExceptionally(new IOException("the run store is closed", rejected));
    }
    return done;
  }

  /**
   * Forces the folder of a new file and the folder holding that one: a journal is created in its
   * run's folder, which is new too (a new entry in {@code runs/}); without the second force a crash
   * could lose a whole run whose first append was acknowledged, on a file system that does not
   * order directory entries itself (POSIX promises nothing; ext4 without a journal does not).
   */
  void forceEntries(Path newFile) {
    Path folder = newFile.getParent();
    folders.force(folder);
    Path holder = folder.getParent();
    if (holder != null) {
      shared.computeIfAbsent(holder, SharedForce::new).force();
    }
  }

  /**
   * The force of a folder many new runs share ({@code runs/}): each caller needs a force that
   * started after its own entry was made; one force covers every caller waiting when it starts, so
   * runs created together pay one flush of the folder, not one each (forcing it once per run cut
   * durable runs per second on ext4 by a quarter).
   */
  private final class SharedForce {
    private final Path folder;
    private final Object forcing = new Object();
    private long requested;
    private long covered;

    SharedForce(Path folder) {
      this.folder = folder;
    }

    void force() {
      long ticket;
      synchronized (this) {
        ticket = ++requested;
      }
      synchronized (forcing) {
        if (covered >= ticket) {
          return; // a force that started after this caller's request has returned
        }
        long upTo;
        synchronized (this) {
          upTo = requested;
        }
        folders.force(folder);
        covered = upTo;
      }
    }
  }

  /** Forces a folder, so that a new file's entry in it is on disk too. */
  static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some platforms cannot open a folder; the file's own data is forced already
      log.debug("cannot force folder {}: {}", dir, e.toString());
    }
  }

  /** Lets the queued forces finish (a few seconds at most), then stops the committers. */
  @Override
  public void close() {
    committers.shutdown();
    try {
      if (!committers.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("journal appends still waiting for fsync after 10 s; they are not acknowledged");
        committers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
