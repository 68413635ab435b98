package dev.sluice.core.internal.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The waiters of a {@link Limiter} or a {@link RateGate}, in admission order: highest rank first;
 * within a rank, round-robin across groups (runs), each group in arrival order. Not thread-safe:
 * its owner guards it. Allocates only while something waits.
 */
final class WaitQueue {
  /** By rank, highest first. */
  private final TreeMap<Long, Level> levels = new TreeMap<>((a, b) -> Long.compare(b, a));
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  void add(Admittee a) {
    levels.computeIfAbsent(a.rank(), r -> new Level()).add(a);
    size++;
  }

  /** The next to admit, or null when none waits. */
  Admittee poll() {
    if (size == 0) {
      return null;
    }
    Map.Entry<Long, Level> first = levels.firstEntry();
    Admittee next = first.getValue().poll();
    if (first.getValue().isEmpty()) {
      levels.remove(first.getKey());
    }
    size--;
    return next;
  }

  /** Removes {@code a} if it waits here (a queued timeout); false if it does not (admitted already). */
  boolean remove(Admittee a) {
    Level level = levels.get(a.rank());
    if (level == null || !level.remove(a)) {
      return false;
    }
    if (level.isEmpty()) {
      levels.remove(a.rank());
    }
    size--;
    return true;
  }

  /** The waiters of one rank: a ring of groups, each a FIFO. */
  private static final class Level {
    private final ArrayDeque<Group> ring = new ArrayDeque<>();
    private final Map<Object, Group> groups = new HashMap<>();

    void add(Admittee a) {
      Group g = groups.get(a.group());
      if (g == null) {
        g = new Group(a.group());
        groups.put(a.group(), g);
        ring.addLast(g);
      }
      g.waiting.addLast(a);
    }

    /** The head of the group whose turn it is; that group goes to the back of the ring. */
    Admittee poll() {
      Group g = ring.pollFirst();
      Admittee a = g.waiting.pollFirst();
      if (g.waiting.isEmpty()) {
        groups.remove(g.key);
      } else {
        ring.addLast(g);
      }
      return a;
    }

    boolean remove(Admittee a) {
      Group g = groups.get(a.group());
      if (g == null || !g.waiting.remove(a)) {
        return false;
      }
      if (g.waiting.isEmpty()) {
        groups.remove(g.key);
        ring.remove(g);
      }
      return true;
    }

    boolean isEmpty() {
      return ring.isEmpty();
    }
  }

  private static final class Group {
    final Object key;
    final ArrayDeque<Admittee> waiting = new ArrayDeque<>();

    Group(Object key) {
      this.key = key;
    }
  }
}
