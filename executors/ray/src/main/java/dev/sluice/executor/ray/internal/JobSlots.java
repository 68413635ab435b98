package dev.sluice.executor.ray.internal;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The bulkhead of jobs in flight: at most {@code max} jobs hold a place; further attempts wait in
 * arrival order and are launched, on the thread that frees a place, when one is released. Never
 * blocks a thread.
 */
final class JobSlots {
  private final int max;
  private final LinkedHashSet<JobRun> waiting = new LinkedHashSet<>();
  private int inFlight;

  JobSlots(int max) {
    this.max = max;
  }

  /** Launches {@code run} now if a place is free, else queues it. */
  void enter(JobRun run) {
    synchronized (this) {
      if (inFlight >= max) {
        waiting.add(run);
        return;
      }
      inFlight++;
    }
    run.launch();
  }

  /** Frees a place, handing it to the longest-waiting attempt if there is one. */
  void release() {
    JobRun next;
    synchronized (this) {
      Iterator<JobRun> it = waiting.iterator();
      if (it.hasNext()) {
        next = it.next();
        it.remove();
      } else {
        inFlight--;
        return;
      }
    }
    next.launch();
  }

  /** Takes a waiting attempt out of the queue; false if it already holds a place. */
  synchronized boolean leave(JobRun run) {
    return waiting.remove(run);
  }

  synchronized int inFlight() {
    return inFlight;
  }

  synchronized int waiting() {
    return waiting.size();
  }
}
