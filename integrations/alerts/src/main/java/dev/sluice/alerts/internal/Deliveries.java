package dev.sluice.alerts.internal;

import dev.sluice.alerts.Alert;
import dev.sluice.alerts.Notifier;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to notifiers off the caller's thread: each send runs on a small pool, retried by
 * Resilience4j with exponential backoff waited on a timer (no thread sleeps between attempts).
 */
public final class Deliveries {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.alerts");
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final List<Notifier> notifiers;
  private final Retry retry;
  private final BiConsumer<Alert, Throwable> onFailure;
  private final ExecutorService senders;
  private final ScheduledExecutorService timer;

  public Deliveries(List<Notifier> notifiers, int maxAttempts, Duration backoff, BiConsumer<Alert, Throwable> onFailure) {
    this.notifiers = notifiers;
    this.onFailure = onFailure;
    int id = INSTANCES.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    this.senders = Executors.newFixedThreadPool(2, r -> daemon(r, "sluice-alerts-" + id + "-send-" + n.incrementAndGet()));
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sluice-alerts-" + id + "-timer"));
    this.retry = Retry.of("sluice-alerts", RetryConfig.custom()
        .maxAttempts(maxAttempts)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(backoff.isZero() ? Duration.ofMillis(1) : backoff, 2.0))
        .retryExceptions(Exception.class)
        .build());
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts delivering {@code alert} to every notifier; returns at once. */
  public void deliver(Alert alert) {
    for (Notifier notifier : notifiers) {
      retry.executeCompletionStage(timer, () -> CompletableFuture.runAsync(() -> send(notifier, alert), senders))
          .whenComplete((ok, error) -> {
            if (error != null) {
              Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
              try {
                onFailure.accept(alert, cause);
              } catch (RuntimeException e) {
                log.warn("the delivery failure handler threw; ignored: {}", e.toString());
              }
            } else {
              log.debug("alert {} of run {} delivered to {}", alert.kind(), alert.runId(), notifier);
            }
          });
    }
  }

  private static void send(Notifier notifier, Alert alert) {
    try {
      notifier.send(alert);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }

  /** Runs {@code action} on the alerts' timer after {@code delay}. */
  public ScheduledFuture<?> schedule(Runnable action, Duration delay) {
    return timer.schedule(action, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Waits up to {@code timeout} for sends in progress, then stops the threads. */
  public void close(Duration timeout) {
    timer.shutdown();
    senders.shutdown();
    try {
      senders.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    senders.shutdownNow();
    timer.shutdownNow();
  }
}
