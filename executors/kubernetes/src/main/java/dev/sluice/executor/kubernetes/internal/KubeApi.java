package dev.sluice.executor.kubernetes.internal;

import dev.sluice.executor.kubernetes.KubernetesApiException;
import dev.sluice.executor.kubernetes.KubernetesConfig;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.URLUtils;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's Kubernetes API calls, each off the caller's thread, retried with backoff on 5xx,
 * 429 and connection errors and guarded by one circuit breaker; a 403 fails at once, naming the
 * namespace, verb and resource. Every failure comes out as a {@link KubernetesApiException}.
 */
final class KubeApi {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.kubernetes");

  private final KubernetesClient client;
  private final String namespace;
  private final Executor pool;
  private final ScheduledExecutorService scheduler;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final int attempts;

  KubeApi(KubernetesClient client, String namespace, KubernetesConfig config, Executor pool,
      ScheduledExecutorService scheduler) {
    this.client = client;
    this.namespace = namespace;
    this.pool = pool;
    this.scheduler = scheduler;
    this.attempts = config.apiAttempts();
    this.retry = Retry.of("kubernetes-api", RetryConfig.custom()
        .maxAttempts(config.apiAttempts())
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(config.apiBackoff(), 2.0, 0.3, Duration.ofSeconds(10)))
        .retryOnException(KubeApi::isTransient)
        .failAfterMaxAttempts(false)
        .build());
    this.breaker = CircuitBreaker.of("kubernetes-api", CircuitBreakerConfig.custom()
        .slidingWindowSize(20)
        .minimumNumberOfCalls(10)
        .failureRateThreshold(50)
        .waitDurationInOpenState(config.circuitOpenFor())
        .recordException(KubeApi::isTransient)
        .build());
    retry.getEventPublisher().onRetry(e -> log.warn("Kubernetes API call failed, retry {} in {} ms: {}",
        e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis(), describe(e.getLastThrowable())));
    breaker.getEventPublisher().onStateTransition(e -> log.warn("Kubernetes API circuit breaker: {}",
        e.getStateTransition()));
  }

  CompletableFuture<Job> create(Job job) {
    return call("create", "jobs", () -> client.batch().v1().jobs().inNamespace(namespace).resource(job).create());
  }

  CompletableFuture<Optional<Job>> get(String name) {
    return call("get", "jobs",
        () -> Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace).withName(name).get()));
  }

  /** Deletes the Job and, in the background, its pods; a Job already gone is not an error. */
  CompletableFuture<Void> delete(String name) {
    return call("delete", "jobs", () -> {
      client.batch().v1().jobs().inNamespace(namespace).withName(name)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      return null;
    });
  }

  /**
   * The last {@code lines} lines of the task container's log in {@code pod}: one GET (fabric8's
   * {@code getLog()} would first list the pod to wait for it; the watch already says it ended).
   */
  CompletableFuture<String> logTail(String pod, int lines) {
    String url = URLUtils.join(client.getMasterUrl().toString(), "api", "v1", "namespaces", namespace, "pods", pod,
        "log?container=" + Manifests.CONTAINER + "&tailLines=" + lines);
    return call("get", "pods/log", () -> {
      String log = client.raw(url);
      return log == null ? "" : log;
    });
  }

  private <T> CompletableFuture<T> call(String verb, String resource, Supplier<T> call) {
    Supplier<java.util.concurrent.CompletionStage<T>> guarded =
        CircuitBreaker.decorateCompletionStage(breaker, () -> CompletableFuture.supplyAsync(call, pool));
    CompletableFuture<T> result = new CompletableFuture<>();
    Retry.decorateCompletionStage(retry, scheduler, guarded).get().whenComplete((value, error) -> {
      if (error == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(translate(unwrap(error), verb, resource));
      }
    });
    return result;
  }

  private KubernetesApiException translate(Throwable error, String verb, String resource) {
    String where = verb + " " + resource + " in namespace '" + namespace + "'";
    if (error instanceof CallNotPermittedException) {
      return new KubernetesApiException("Kubernetes API calls are suspended after repeated failures (circuit"
          + " breaker open); could not " + where + ". Check the API server; calls resume by themselves.",
          namespace, verb, resource, 0, error);
    }
    int code = error instanceof KubernetesClientException k ? k.getCode() : 0;
    if (code == 403) {
      return new KubernetesApiException("Kubernetes refused to " + where + " (403 Forbidden): the service account"
          + " lacks '" + verb + "' on '" + resource + "'. Fix: grant it in a Role bound to the account (see the"
          + " RBAC section of docs/kubernetes.md). Server said: " + statusMessage(error), namespace, verb, resource, 403, error);
    }
    if (isTransient(error)) {
      return new KubernetesApiException("could not " + where + " after " + attempts + " attempts: "
          + describe(error), namespace, verb, resource, code, error);
    }
    return new KubernetesApiException("Kubernetes rejected " + where + " (" + code + "): " + statusMessage(error),
        namespace, verb, resource, code, error);
  }

  /** 5xx, 429, and errors reaching the server are worth another try. */
  static boolean isTransient(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof KubernetesClientException k) {
      int code = k.getCode();
      if (code >= 500 || code == 429) {
        return true;
      }
      if (code != 0) {
        return false;
      }
      return hasCause(k, IOException.class) || hasCause(k, TimeoutException.class);
    }
    return e instanceof IOException;
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String statusMessage(Throwable e) {
    if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
      return k.getStatus().getMessage();
    }
    return String.valueOf(e.getMessage());
  }

  private static String describe(Throwable e) {
    Throwable u = unwrap(e);
    int code = u instanceof KubernetesClientException k ? k.getCode() : 0;
    return (code > 0 ? "HTTP " + code + ": " : "") + statusMessage(u);
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
