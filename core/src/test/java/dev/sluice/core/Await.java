package dev.sluice.core;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline (never a bare sleep): for async work in tests. */
public final class Await {
  public static final Duration DEADLINE = Duration.ofSeconds(20);

  private Await() {}

  /** Returns once {@code condition} holds; fails naming {@code what} after {@link #DEADLINE}. */
  public static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + DEADLINE + ": " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
