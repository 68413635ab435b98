package dev.sluice.core.internal.engine;

/**
 * What waits in a {@link Limiter} or a {@link RateGate}: an attempt of a task call (or a map
 * element's launch). Higher {@link #rank()} goes first; within a rank, the {@link #group()}s (runs)
 * take turns, so that one run's thousand waiting elements do not starve another run's one.
 */
interface Admittee {
  /** Higher first: the run's priority, then the task's (see {@link #rank(int, int)}). */
  long rank();

  /** The fairness group: the run; waiters of one group keep their arrival order. */
  Object group();

  /** Given the permit it waited for; called on the thread that freed it, outside any lock. */
  void admitted();

  /** Whether it stopped waiting (cancelled): a rate gate then lets it through without a permit. */
  default boolean withdrawn() {
    return false;
  }

  /** The rank of an attempt of priority {@code task} in a run of priority {@code run}. */
  static long rank(int run, int task) {
    return ((long) run << 32) + task;
  }
}
