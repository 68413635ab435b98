package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.Lease;
import dev.sluice.core.journal.LeaseRefusedException;
import dev.sluice.core.spi.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases one engine holds, kept alive by heart-beating: every third of the time to live, each
 * lease is renewed (on a worker, never on the timer thread). A lease that cannot be renewed (another
 * engine took the run, or it lapsed before a renewal got through) is dropped and its run told, so
 * the run stops. Time comes from the engine's {@link Clock}; tests call {@link #heartbeat()}
 * themselves.
 */
public final class LeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");

  private record Held(Lease lease, Consumer<LeaseRefusedException> onLost) {}

  private final RunStore store;
  private final String owner;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private volatile ScheduledFuture<?> beat;

  public LeaseKeeper(RunStore store, String owner, Clock clock, Duration ttl) {
    this.store = Objects.requireNonNull(store, "store");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  public String owner() {
    return owner;
  }

  public Duration ttl() {
    return ttl;
  }

  /** Heart-beats every {@code ttl / 3} on {@code timer}, renewing on {@code worker}. */
  public void start(ScheduledExecutorService timer, Executor worker) {
    long every = Math.max(1, ttl.toMillis() / 3);
    beat = timer.scheduleWithFixedDelay(() -> worker.execute(this::heartbeat), every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the run's lease for this engine; {@code onLost} is called (once) if it is lost later.
   *
   * @throws LeaseRefusedException if another engine holds it
   */
  public Lease acquire(String runId, Consumer<LeaseRefusedException> onLost) {
    Lease lease = store.acquire(runId, owner, clock.instant(), ttl);
    held.put(runId, new Held(lease, onLost));
    return lease;
  }

  public Optional<Lease> lease(String runId) {
    return Optional.ofNullable(held.get(runId)).map(Held::lease);
  }

  /** Gives the run's lease up (when the run ended or this engine stops driving it). */
  public void release(String runId) {
    Held h = held.remove(runId);
    if (h != null) {
      try {
        store.release(h.lease());
      } catch (RuntimeException e) {
        log.warn("run {}: releasing the lease failed (it lapses by itself at {}): {}", runId, h.lease().expires(), e.toString());
      }
    }
  }

  /** Stops heart-beating the run's lease without releasing it (it was lost, or is left to lapse). */
  public void forget(String runId) {
    held.remove(runId);
  }

  /** Renews every lease held; drops and reports those that cannot be. */
  public void heartbeat() {
    for (Map.Entry<String, Held> e : held.entrySet()) {
      Held h = e.getValue();
      Lease old = h.lease();
      try {
        Lease renewed = store.renew(old, clock.instant(), ttl);
        Instant after = clock.instant();
        if (old.isExpired(after)) {
          store.release(renewed);
          throw new LeaseRefusedException(
              "the renewal of run " + old.runId() + "'s lease ended at " + after + ", after the lease had lapsed ("
                  + old.expires() + "); another engine may have taken the run",
              null);
        }
        if (!held.replace(e.getKey(), h, new Held(renewed, h.onLost()))) {
          store.release(renewed); // released while renewing
        }
      } catch (LeaseRefusedException lost) {
        if (held.remove(e.getKey(), h)) {
          log.warn("run {}: this engine ({}) lost the run's lease: {}", e.getKey(), owner, lost.getMessage());
          h.onLost().accept(lost);
        }
      } catch (RuntimeException failed) {
        log.warn("run {}: renewing the lease failed, will try again (it lapses at {}): {}", e.getKey(), old.expires(), failed.toString());
      }
    }
  }

  /** Stops heart-beating and releases every lease. */
  @Override
  public void close() {
    ScheduledFuture<?> b = beat;
    if (b != null) {
      b.cancel(false);
    }
    for (String runId : held.keySet()) {
      release(runId);
    }
  }
}
