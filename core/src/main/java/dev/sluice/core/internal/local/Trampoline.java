package dev.sluice.core.internal.local;

import java.util.concurrent.Executor;

/**
 * Lets a pool thread that is finishing an attempt run the next ready attempt itself, instead of
 * handing it to the pool: a chain of tasks then runs on one thread with no queue hand-off per
 * task. Only the first attempt started while an attempt's completion is being handled is kept;
 * the rest go to the pool as usual, so fan-outs stay parallel. Never active while task code runs,
 * so a task that starts and awaits a nested run cannot deadlock on it. A loop, not recursion.
 */
final class Trampoline {
  private static final ThreadLocal<Trampoline> CURRENT = ThreadLocal.withInitial(Trampoline::new);

  private Executor completingFor;
  private LocalAttempt next;

  /** Keeps {@code attempt} to run next on this thread if that is allowed now; false otherwise. */
  static boolean offer(LocalAttempt attempt, Executor pool) {
    Trampoline t = CURRENT.get();
    if (t.completingFor != pool || t.next != null) {
      return false;
    }
    t.next = attempt;
    return true;
  }

  /**
   * Runs {@code action} with the trampoline off: for completing what user code may hook into (a
   * run's completion stage), which must not find its own attempts parked behind it.
   */
  static void suspended(Runnable action) {
    Trampoline t = CURRENT.get();
    Executor outer = t.completingFor;
    t.completingFor = null;
    try {
      action.run();
    } finally {
      t.completingFor = outer;
    }
  }

  /** Runs {@code first}, then every attempt kept while completing the previous one. */
  static void run(LocalAttempt first, Executor pool) {
    Trampoline t = CURRENT.get();
    LocalAttempt current = first;
    while (current != null) {
      if (current.invoke()) {
        Executor outer = t.completingFor;
        t.completingFor = pool;
        try {
          current.finish();
        } finally {
          t.completingFor = outer;
        }
      }
      current = t.next;
      t.next = null;
    }
  }
}
