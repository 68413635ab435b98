package dev.sluice.deploy.rayserve.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.models.deploy.DeploymentFailedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The two calls of Ray Serve's REST API the deployer needs, over the JDK's HTTP client: {@code GET
 * /api/serve/applications/} (a {@code ServeInstanceDetails}) and {@code PUT /api/serve/applications/}
 * (a {@code ServeDeploySchema}; 200 with an empty body, 400 with pydantic's error as text). The
 * trailing slash is part of Ray's route.
 */
public final class ServeRest {
  private static final String APPLICATIONS = "/api/serve/applications/";

  private final HttpClient http;
  private final URI dashboard;
  private final Optional<String> authToken;
  private final ObjectMapper json;
  private final Duration requestTimeout;

  /** A client of the dashboard at {@code dashboard}, sending {@code Bearer authToken} when present. */
  public ServeRest(URI dashboard, Optional<String> authToken, ObjectMapper json, Duration requestTimeout) {
    this.dashboard = dashboard;
    this.authToken = authToken;
    this.json = json;
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(requestTimeout).build();
  }

  /** The dashboard's address. */
  public URI dashboard() {
    return dashboard;
  }

  /** Serve's instance details: every application, its status and the config it was deployed with. */
  public JsonNode details() {
    HttpResponse<String> r = send(request().GET(), "GET");
    if (r.statusCode() != 200) {
      throw new DeploymentFailedException("GET " + APPLICATIONS + " on the Ray dashboard " + dashboard + " answered "
          + r.statusCode() + ": " + r.body());
    }
    try {
      return json.readTree(r.body());
    } catch (IOException e) {
      throw new DeploymentFailedException("GET " + APPLICATIONS + " on " + dashboard + " answered no JSON: " + r.body(), e);
    }
  }

  /** Puts the whole Serve config; Ray removes every application it does not list. */
  public void put(JsonNode config) {
    HttpResponse<String> r = send(request().header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(config.toString())), "PUT");
    if (r.statusCode() != 200) {
      throw new DeploymentFailedException("Ray refused the Serve config (PUT " + APPLICATIONS + " on " + dashboard
          + " answered " + r.statusCode() + "): " + r.body());
    }
  }

  private HttpRequest.Builder request() {
    HttpRequest.Builder b = HttpRequest.newBuilder(dashboard.resolve(APPLICATIONS)).timeout(requestTimeout)
        .header("Accept", "application/json");
    authToken.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String method) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DeploymentFailedException(method + " " + APPLICATIONS + " could not reach the Ray dashboard at "
          + dashboard + ": " + e + " (is the address right and the dashboard up?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeploymentFailedException("interrupted during " + method + " " + APPLICATIONS + " on " + dashboard, e);
    }
  }
}
