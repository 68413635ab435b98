package dev.sluice.executor.ray.internal;

import dev.sluice.executor.ray.RayConfig;
import dev.sluice.executor.ray.RayDashboardException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to the Ray dashboard over the JDK's {@link HttpClient}, each through a Resilience4j retry
 * (connection errors and 5xx but Ray's duplicate-id 500) around a circuit breaker. A non-2xx answer
 * completes the call with a {@link RayDashboardException} carrying Ray's status and body.
 */
final class DashboardClient {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.ray");
  private static final String DUPLICATE_ID = "Please use a different submission_id";

  /** A 2xx answer's body. */
  record Reply(int status, String body) {}

  private final RayConfig config;
  private final String base;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final Executor requests;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final AtomicBoolean healthy = new AtomicBoolean(true);

  /**
   * Requests are sent with the blocking {@code send} on {@code requests}, a small fixed pool that
   * also caps the requests in flight to the dashboard. ({@code sendAsync} hands every answer to
   * {@code CompletableFuture}'s async pool, which on machines with two cores or fewer starts a
   * thread per answer.)
   */
  DashboardClient(RayConfig config, ScheduledExecutorService scheduler, Executor requests) {
    this.config = config;
    String address = config.address().toString();
    this.base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    this.scheduler = scheduler;
    this.requests = requests;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.requestTimeout())
        .build();
    RayConfig.DashboardResilience r = config.dashboard();
    this.retry = Retry.of("ray-dashboard", RetryConfig.custom()
        .maxAttempts(r.retryAttempts())
        .intervalFunction(IntervalFunction.ofExponentialBackoff(r.retryWait(), 2.0))
        .retryOnException(e -> isTransient(e) && !(unwrap(e) instanceof CallNotPermittedException))
        .build());
    this.breaker = CircuitBreaker.of("ray-dashboard", CircuitBreakerConfig.custom()
        .failureRateThreshold(50)
        .slidingWindowSize(20)
        .minimumNumberOfCalls(10)
        .permittedNumberOfCallsInHalfOpenState(3)
        .waitDurationInOpenState(r.breakerOpenFor())
        .recordException(DashboardClient::isTransient)
        .build());
  }

  /** {@code method path} with a JSON body (or none), retried and guarded; completes with a 2xx reply. */
  CompletableFuture<Reply> call(String method, String path, String jsonBody) {
    CompletableFuture<Reply> reply = Retry.decorateCompletionStage(retry, scheduler,
            CircuitBreaker.decorateCompletionStage(breaker, () -> once(method, path, jsonBody)))
        .get()
        .toCompletableFuture();
    reply.whenComplete((r, error) -> noteHealth(error));
    return reply;
  }

  /** Logs once when the dashboard stops answering and once when it is back. */
  private void noteHealth(Throwable error) {
    if (error == null || !isTransient(error)) {
      if (healthy.compareAndSet(false, true)) {
        log.info("Ray dashboard {} answers again", config.address());
      }
    } else if (healthy.compareAndSet(true, false)) {
      log.warn("Ray dashboard {} unavailable ({}); calls are retried, jobs in flight wait up to {}", config.address(),
          unwrap(error).toString(), config.dashboard().unavailableTimeout());
    }
  }

  /** One attempt, no retry, no breaker. */
  CompletableFuture<Reply> once(String method, String path, String jsonBody) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(config.requestTimeout())
        .header("Accept", "application/json");
    config.headers().forEach(request::header);
    if (jsonBody == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    HttpRequest built = request.build();
    return CompletableFuture.supplyAsync(() -> {
      HttpResponse<String> response;
      try {
        response = http.send(built, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new CompletionException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(new InterruptedIOException("interrupted: " + method + " " + path));
      }
      int status = response.statusCode();
      if (status / 100 != 2) {
        throw new RayDashboardException(
            "Ray dashboard " + config.address() + " answered " + status + " to " + method + " " + path + ": "
                + gist(response.body()), status, response.body());
      }
      return new Reply(status, response.body());
    }, requests);
  }

  /** Why {@code what} could not be done: Ray's refusal as it came, or the dashboard being away. */
  RayDashboardException refusal(String what, Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof RayDashboardException d) {
      return new RayDashboardException("could not " + what + ": " + d.getMessage(), d.status().orElse(-1), d.body());
    }
    return new RayDashboardException("could not " + what + ": Ray dashboard " + config.address()
        + " unreachable for " + config.dashboard().unavailableTimeout() + " (" + e + ")", e);
  }

  /** A connection error, a timeout, a 5xx that is not Ray's duplicate-id answer, or an open breaker. */
  static boolean isTransient(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof IOException || e instanceof CallNotPermittedException) {
      return true;
    }
    return e instanceof RayDashboardException d
        && d.status().orElse(0) >= 500
        && !isDuplicateSubmission(d);
  }

  /** Ray's 500 when a submission id exists ("... Please use a different submission_id."). */
  static boolean isDuplicateSubmission(Throwable t) {
    return unwrap(t) instanceof RayDashboardException d
        && d.status().orElse(0) == 500
        && d.body().contains(DUPLICATE_ID);
  }

  /** The HTTP status of a refusal, or -1. */
  static int status(Throwable t) {
    return unwrap(t) instanceof RayDashboardException d ? d.status().orElse(-1) : -1;
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The last line that says something, for messages: Ray's bodies are tracebacks ending in the error. */
  static String gist(String body) {
    if (body == null || body.isBlank()) {
      return "(no body)";
    }
    String[] lines = body.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    if (last.equals(".") && lines.length > 1) {
      last = lines[lines.length - 2].strip();
    }
    return last.length() > 500 ? last.substring(0, 500) + "…" : last;
  }
}
