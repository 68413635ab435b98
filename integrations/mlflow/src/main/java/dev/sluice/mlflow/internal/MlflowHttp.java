package dev.sluice.mlflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.mlflow.MlflowConfig;
import dev.sluice.mlflow.MlflowException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to MLflow's REST API ({@code <uri>/api/2.0/mlflow/...}) over the JDK's {@link HttpClient},
 * each through a Resilience4j retry on transient failures: no connection, or 429/502/503/504 (what
 * a proxy or a restarting server answers; MLflow itself maps {@code TEMPORARILY_UNAVAILABLE} to 503
 * and {@code REQUEST_LIMIT_EXCEEDED} to 429, mlflow/exceptions.py {@code ERROR_CODE_TO_HTTP_STATUS}).
 * A 500 is not retried: {@code model-versions/create} is not idempotent. Any other non-2xx answer
 * becomes an {@link MlflowException} with MLflow's {@code error_code} and {@code message}. The
 * {@code Authorization} header is never logged nor put in a message.
 */
public final class MlflowHttp {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.mlflow");
  private static final Set<Integer> TRANSIENT = Set.of(429, 502, 503, 504);
  private static final String API = "/api/2.0/mlflow/";

  private final MlflowConfig config;
  private final String base;
  private final HttpClient http;
  private final Retry retry;
  private final ObjectMapper json = new ObjectMapper();

  /** A client for the server {@code config} names. */
  public MlflowHttp(MlflowConfig config) {
    this.config = config;
    String address = config.uri().toString();
    this.base = (address.endsWith("/") ? address.substring(0, address.length() - 1) : address) + API;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.requestTimeout()).build();
    this.retry = Retry.of("mlflow", RetryConfig.custom()
        .maxAttempts(config.retryAttempts())
        .intervalFunction(IntervalFunction.ofExponentialBackoff(config.retryWait(), 2.0))
        .retryOnException(MlflowHttp::isTransient)
        .build());
    retry.getEventPublisher().onRetry(e -> log.warn("MLflow {} call failed ({}), try {} of {} in {}", config.uri(),
        e.getLastThrowable().getMessage(), e.getNumberOfRetryAttempts() + 1, config.retryAttempts(), e.getWaitInterval()));
  }

  /** A fresh JSON object for a request body. */
  public ObjectNode object() {
    return json.createObjectNode();
  }

  /** {@code GET <api>/<path>?<query>}. */
  public JsonNode get(String path, Map<String, String> query) {
    StringJoiner q = new StringJoiner("&", "?", "");
    query.forEach((k, v) -> q.add(enc(k) + "=" + enc(v)));
    return call("GET", path + (query.isEmpty() ? "" : q.toString()), null);
  }

  /** {@code POST <api>/<path>} with a JSON body. */
  public JsonNode post(String path, JsonNode body) {
    return call("POST", path, body);
  }

  /** {@code DELETE <api>/<path>} with a JSON body (MLflow reads every non-GET request's parameters from its body). */
  public JsonNode delete(String path, JsonNode body) {
    return call("DELETE", path, body);
  }

  private JsonNode call(String method, String path, JsonNode body) {
    try {
      return Retry.decorateCheckedSupplier(retry, () -> once(method, path, body)).get();
    } catch (MlflowException e) {
      throw e;
    } catch (IOException e) {
      throw new MlflowException("MLflow " + config.uri() + " unreachable for " + method + " " + path + " after "
          + config.retryAttempts() + " tries: " + e, e);
    } catch (Throwable e) {
      if (e instanceof Error error) {
        throw error;
      }
      throw new MlflowException("MLflow call " + method + " " + path + " failed: " + e, e);
    }
  }

  private JsonNode once(String method, String path, JsonNode body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(config.requestTimeout()).header("Accept", "application/json");
    config.authorization().ifPresent(a -> request.header("Authorization", a));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted: " + method + " " + path);
    }
    log.debug("MLflow {} {} -> {}", method, path, response.statusCode());
    int status = response.statusCode();
    if (status / 100 == 2) {
      String text = response.body();
      return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
    }
    String code = null;
    String message = gist(response.body());
    try {
      JsonNode error = json.readTree(response.body());
      if (error != null && error.hasNonNull("error_code")) {
        code = error.get("error_code").asText();
        message = error.path("message").asText("");
      }
    } catch (IOException notJson) {
      // a proxy's HTML page, say: keep its gist as the message
    }
    throw new MlflowException("MLflow " + config.uri() + " answered " + status + (code == null ? "" : " " + code)
        + " to " + method + " " + path + ": " + message, status, code);
  }

  private static boolean isTransient(Throwable e) {
    if (e instanceof MlflowException m) {
      return m.status().map(TRANSIENT::contains).orElse(false);
    }
    return e instanceof IOException && !(e instanceof InterruptedIOException);
  }

  private static String gist(String body) {
    if (body == null) {
      return "";
    }
    String b = body.strip();
    return b.length() > 300 ? b.substring(0, 300) + "…" : b;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
