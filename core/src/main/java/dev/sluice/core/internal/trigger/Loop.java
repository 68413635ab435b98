package dev.sluice.core.internal.trigger;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.spi.LeaderElection;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a trigger loop and a schedule loop share: the service's parts, a history, and one pending
 * wake-up on the scheduler that {@link #stop()} cancels.
 */
abstract class Loop {
  static final Logger log = LoggerFactory.getLogger("dev.sluice.triggers");

  final String name;
  final Engine engine;
  final Clock clock;
  final ScheduledExecutorService scheduler;
  final LeaderElection leader;
  final StateStore state;
  final History history;
  private final List<Consumer<? super TriggerEvaluation>> listeners;
  private volatile boolean stopped;
  private ScheduledFuture<?> pending;
  private volatile Decision lastLogged;
  /** Whether this replica led at the last wake-up; a new leader reloads the stored state. */
  boolean leading;

  Loop(String name, DefaultTriggerService.Config config, StateStore state, History history) {
    this.name = name;
    this.engine = config.engine();
    this.clock = config.clock();
    this.scheduler = config.scheduler();
    this.leader = config.leaderElection();
    this.state = state;
    this.history = history;
    this.listeners = config.listeners();
  }

  /** Loads state and arranges the first wake-up. */
  abstract void start();

  /** One wake-up: evaluate or fire, record, and arrange the next one. */
  abstract void wake();

  boolean stopped() {
    return stopped;
  }

  /** Arranges {@link #wake()} at {@code at} by the clock (at once if that has passed). */
  final synchronized void wakeAt(Instant at) {
    if (stopped) {
      return;
    }
    long delay = Math.max(0, Duration.between(clock.instant(), at).toNanos());
    try {
      pending = scheduler.schedule(this::safeWake, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      if (!stopped) {
        log.error("{}: the scheduler refused the next wake-up; this loop stops: {}", name, e.toString());
      }
    }
  }

  private void safeWake() {
    if (stopped) {
      return;
    }
    try {
      wake();
    } catch (RuntimeException | Error bug) {
      log.error("{}: wake-up failed; trying again in a minute", name, bug);
      wakeAt(clock.instant().plus(Duration.ofMinutes(1)));
    }
  }

  final synchronized void stop() {
    stopped = true;
    if (pending != null) {
      pending.cancel(false);
    }
  }

  /**
   * Appends to the history and logs: launches always, other decisions when they change (at warn
   * for failures), repeats at debug only.
   */
  final void record(TriggerEvaluation entry) {
    history.append(entry);
    for (Consumer<? super TriggerEvaluation> l : listeners) {
      try {
        l.accept(entry);
      } catch (RuntimeException e) {
        log.warn("{}: evaluation listener {} threw; ignored: {}", name, l, e.toString());
      }
    }
    Decision previous = lastLogged;
    lastLogged = entry.decision();
    if (entry.decision() == previous && entry.decision() != Decision.LAUNCHED) {
      log.debug("{}: {} {}", name, entry.decision(), entry.reason());
      return;
    }
    switch (entry.decision()) {
      case LAUNCHED:
      case SKIPPED:
        log.info("{}: {} {}", name, entry.decision(), entry.reason());
        break;
      case LAUNCH_FAILED:
      case SOURCE_ERROR:
      case SOURCE_UNAVAILABLE:
        log.warn("{}: {} {}", name, entry.decision(), entry.reason());
        break;
      default:
        log.info("{}: {} {}", name, entry.decision(), entry.reason());
    }
  }
}
