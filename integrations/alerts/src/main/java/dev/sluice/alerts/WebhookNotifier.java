package dev.sluice.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Posts each alert as JSON to a URL: Sluice's own shape ({@link #json}) or a Slack-compatible
 * {@code {"text": ...}} ({@link #slack}, which Slack's incoming webhooks and Mattermost accept).
 * Each post has a timeout; an answer other than 2xx is a failure (retried by {@link RunAlerts}).
 * The URL is never logged nor put in an exception whole (a Slack webhook URL is a secret): only its
 * host is.
 */
public final class WebhookNotifier implements Notifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final Function<Alert, String> payload;
  private final HttpClient http;

  private WebhookNotifier(Builder b) {
    this.url = b.url;
    this.timeout = b.timeout;
    this.headers = Map.copyOf(b.headers);
    this.payload = b.payload;
    this.http = HttpClient.newBuilder().connectTimeout(b.timeout).build();
  }

  /** A notifier posting Sluice's JSON shape to {@code url}, with a 10 s timeout. */
  public static WebhookNotifier json(URI url) {
    return builder(url).build();
  }

  /** A notifier posting a Slack-compatible {@code {"text": ...}} to {@code url}, with a 10 s timeout. */
  public static WebhookNotifier slack(URI url) {
    return builder(url).payload(WebhookNotifier::slackPayload).build();
  }

  public static Builder builder(URI url) {
    return new Builder(url);
  }

  @Override
  public void send(Alert alert) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(payload.apply(alert), StandardCharsets.UTF_8));
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException("webhook at " + url.getHost() + " could not be reached: " + e, null);
    }
    if (response.statusCode() / 100 != 2) {
      String body = response.body() == null ? "" : response.body();
      throw new IOException("webhook at " + url.getHost() + " answered " + response.statusCode() + ": "
          + body.substring(0, Math.min(200, body.length())));
    }
  }

  /** Sluice's JSON shape of an alert. */
  public static String jsonPayload(Alert alert) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", alert.kind().name());
    node.put("runId", alert.runId());
    node.put("workflow", alert.workflow());
    node.put("at", alert.at().toString());
    node.put("summary", alert.summary());
    alert.errorType().ifPresent(t -> node.put("errorType", t));
    alert.deadline().ifPresent(d -> node.put("deadlineSeconds", d.toSeconds()));
    alert.gate().ifPresent(g -> {
      ObjectNode gate = node.putObject("gate");
      gate.put("path", g.path());
      gate.put("expects", g.expects());
      g.signal().ifPresent(x -> gate.put("signal", x));
      g.until().ifPresent(u -> gate.put("until", u.toString()));
      gate.put("since", g.since().toString());
      gate.put("howToSignal", g.howToSignal());
    });
    return node.toString();
  }

  /** A Slack-compatible message: {@code {"text": "..."}}, with Slack's mrkdwn. */
  public static String slackPayload(Alert alert) {
    String icon = switch (alert.kind()) {
      case FAILED -> ":x:";
      case SUCCEEDED_AFTER_RETRIES -> ":warning:";
      case LATE -> ":hourglass:";
      case WAITING -> ":raised_hand:";
    };
    String text = icon + " *" + alert.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "*: workflow `"
        + alert.workflow() + "`, run `" + alert.runId() + "`\n" + alert.summary()
        + alert.gate().map(g -> "\nTo decide: `" + g.howToSignal() + "`").orElse("");
    return JSON.createObjectNode().put("text", text).toString();
  }

  @Override
  public String toString() {
    return "webhook at " + url.getHost();
  }

  /** Mutable builder of a {@link WebhookNotifier}. */
  public static final class Builder {
    private final URI url;
    private Duration timeout = Duration.ofSeconds(10);
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Function<Alert, String> payload = WebhookNotifier::jsonPayload;

    private Builder(URI url) {
      this.url = Objects.requireNonNull(url, "url");
      String scheme = url.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException("a webhook URL must be http or https, got scheme '" + scheme + "'");
      }
    }

    /** How long one post may take, connecting included (default 10 s). */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("a webhook timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** A header sent with every post, e.g. {@code Authorization} (never logged). */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The body posted for an alert (default: {@link #jsonPayload}). */
    public Builder payload(Function<Alert, String> payload) {
      this.payload = Objects.requireNonNull(payload, "payload");
      return this;
    }

    public WebhookNotifier build() {
      return new WebhookNotifier(this);
    }
  }
}
