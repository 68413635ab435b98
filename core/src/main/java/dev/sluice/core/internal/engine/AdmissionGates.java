package dev.sluice.core.internal.engine;

/**
 * The gates an attempt of one task passes, in order, between QUEUED and RUNNING: the task's
 * concurrency limit, its executor's slots, then its rate limits (task, executor, named resources).
 * Shared by every attempt of the task on one engine; an attempt keeps its progress as a stage
 * number: it waits at gate {@code stage} and holds the concurrency permits of the gates before it.
 * A rate gate's permit is spent on entry; nothing is given back.
 */
final class AdmissionGates {
  /** No gate: the attempt starts at once. */
  static final AdmissionGates NONE = new AdmissionGates(null, null, new RateGate[0]);

  private final Limiter limiter;
  private final Limiter slots;
  private final RateGate[] rates;

  AdmissionGates(Limiter limiter, Limiter slots, RateGate[] rates) {
    this.limiter = limiter;
    this.slots = slots;
    this.rates = rates;
  }

  /** How many gates there are; an attempt at this stage has passed them all. */
  int count() {
    return 2 + rates.length;
  }

  boolean isEmpty() {
    return limiter == null && slots == null && rates.length == 0;
  }

  /** Enters gate {@code stage}: true if {@code a} passes now, false if it waits (see {@link Admittee#admitted}). */
  boolean enter(int stage, Admittee a) {
    return switch (stage) {
      case 0 -> limiter == null || limiter.enter(a);
      case 1 -> slots == null || slots.enter(a);
      default -> rates[stage - 2].enter(a);
    };
  }

  /** Takes {@code a} out of gate {@code stage}'s queue; false if it is not there. */
  boolean withdraw(int stage, Admittee a) {
    return switch (stage) {
      case 0 -> limiter != null && limiter.withdraw(a);
      case 1 -> slots != null && slots.withdraw(a);
      default -> rates[stage - 2].withdraw(a);
    };
  }

  /** Gives back the concurrency permits of an attempt that passed {@code passed} gates. */
  void release(int passed) {
    if (slots != null && passed > 1) {
      slots.release();
    }
    if (limiter != null && passed > 0) {
      limiter.release();
    }
  }

  /** What gate {@code stage} is, for a queued timeout's message. */
  String describe(int stage) {
    return switch (stage) {
      case 0 -> limiter.what;
      case 1 -> slots.what;
      default -> rates[stage - 2].what;
    };
  }
}
