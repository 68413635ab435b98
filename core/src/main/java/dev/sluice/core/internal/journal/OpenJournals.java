package dev.sluice.core.internal.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal files a filesystem run store keeps open between a run's appends, so that a run's
 * second and later appends cost no {@code open} and {@code close} (on a virtual machine every
 * system call pays the hypervisor's share). A file is closed once the run's end is forced, when it
 * has not been appended to for {@link #IDLE_NANOS}, when more than {@link #MAX_OPEN} are open (the
 * least recently used first), when an append to it fails, and when the store closes.
 *
 * <p>A file in use (written, or waiting for its {@code fsync} in the commit queue) is never closed
 * under its user: a handle counts its users and is closed by the last one once it was retired.
 * Whether a kept file is still the run's journal (not deleted or replaced since it was opened) is
 * checked by the writer at each append ({@link Handle#identity}).
 */
final class OpenJournals implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");
  /** Journal files open at once, at most (a run waiting for hours keeps its file only this long). */
  static final int MAX_OPEN = 256;
  /** A file not appended to for this long is closed at the next open of another. */
  static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** One open journal file: its channel and the file's identity ({@code fileKey}) when opened. */
  static final class Handle {
    final String runId;
    final FileChannel channel;
    final Object identity;
    private int users; // guarded by the OpenJournals
    private boolean retired; // guarded by the OpenJournals
    private long used; // guarded by the OpenJournals

    private Handle(String runId, FileChannel channel, Object identity) {
      this.runId = runId;
      this.channel = channel;
      this.identity = identity;
    }
  }

  private final LinkedHashMap<String, Handle> open = new LinkedHashMap<>(64, 0.75f, true); // least recently used first
  private final LongSupplier nanos;
  private boolean closed;

  OpenJournals() {
    this(System::nanoTime);
  }

  /** With a clock for tests of the idle limit. */
  OpenJournals(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** The run's open file, counted as used until {@link #release}; null if it has none open. */
  synchronized Handle take(String runId) {
    Handle h = open.get(runId);
    if (h == null) {
      return null;
    }
    h.users++;
    h.used = nanos.getAsLong();
    return h;
  }

  /**
   * Keeps a newly opened file as the run's (used until {@link #release}); closes the files idle too
   * long and the least recently used beyond {@link #MAX_OPEN}. A file whose identity is not known
   * ({@code identity} null), or opened once the store is closed, is not kept: it is closed at its
   * release.
   */
  Handle add(String runId, FileChannel channel, Object identity) {
    Handle h = new Handle(runId, channel, identity);
    List<Handle> toClose = new ArrayList<>();
    synchronized (this) {
      h.users = 1;
      h.used = nanos.getAsLong();
      if (closed || identity == null) {
        h.retired = true;
        return h;
      }
      Handle old = open.put(runId, h);
      if (old != null) {
        retire(old, toClose);
      }
      Iterator<Handle> eldest = open.values().iterator();
      while (eldest.hasNext()) {
        Handle e = eldest.next();
        if (e == h || (open.size() <= MAX_OPEN && h.used - e.used < IDLE_NANOS)) {
          break;
        }
        eldest.remove();
        retire(e, toClose);
      }
    }
    closeAll(toClose);
    return h;
  }

  /** The caller is done with the handle (its frame is forced, or failed). */
  void release(Handle h) {
    boolean close;
    synchronized (this) {
      h.users--;
      close = h.retired && h.users == 0;
    }
    if (close) {
      close(h);
    }
  }

  /**
   * Closes the handle's file once nobody uses it, and forgets it as the run's (an append to it
   * failed, the run ended, or the file is no longer the run's journal).
   */
  void retire(Handle h) {
    List<Handle> toClose = new ArrayList<>(1);
    synchronized (this) {
      open.remove(h.runId, h);
      retire(h, toClose);
    }
    closeAll(toClose);
  }

  /** {@link #retire(Handle)} of the run's file, if one is open (the journal is being deleted). */
  void retire(String runId) {
    List<Handle> toClose = new ArrayList<>(1);
    synchronized (this) {
      Handle h = open.remove(runId);
      if (h != null) {
        retire(h, toClose);
      }
    }
    closeAll(toClose);
  }

  /** How many files are kept open (for tests). */
  synchronized int size() {
    return open.size();
  }

  private static void retire(Handle h, List<Handle> toClose) {
    if (!h.retired) {
      h.retired = true;
      if (h.users == 0) {
        toClose.add(h);
      }
    }
  }

  private static void closeAll(List<Handle> handles) {
    for (Handle h : handles) {
      close(h);
    }
  }

  private static void close(Handle h) {
    try {
      h.channel.close();
    } catch (IOException e) {
      // nothing is acknowledged by a close: every append was forced before its future completed
      log.debug("closing the journal of run {} failed: {}", h.runId, e.toString());
    }
  }

  /** Closes every file nobody uses; those in use are closed by their last user. */
  @Override
  public void close() {
    List<Handle> toClose = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Map.Entry<String, Handle> e : open.entrySet()) {
        retire(e.getValue(), toClose);
      }
      open.clear();
    }
    closeAll(toClose);
  }
}
