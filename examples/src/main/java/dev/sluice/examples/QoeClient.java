package dev.sluice.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.examples.QoePrediction.Session;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A client of a QoE model served in KServe's V1 protocol: {@code POST <endpoint>} with {@code
 * {"instances": [...]}}, one JSON object per session with its four measurements (not its score).
 */
final class QoeClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The server's answer ({@code predictions}, {@code model_name}, {@code model_version}). */
  JsonNode predict(URI endpoint, List<Session> sessions) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    var instances = body.putArray("instances");
    for (Session s : sessions) {
      instances.addObject().put("bitrateMbps", s.bitrateMbps()).put("rebufferRatio", s.rebufferRatio())
          .put("startupDelaySec", s.startupDelaySec()).put("packetLossPct", s.packetLossPct());
    }
    HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("POST " + endpoint + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The root-mean-square error of the served predictions against the viewers' scores. */
  double rmse(URI endpoint, List<Session> sessions) throws IOException, InterruptedException {
    JsonNode predictions = predict(endpoint, sessions).get("predictions");
    double sum = 0;
    for (int i = 0; i < sessions.size(); i++) {
      double err = predictions.get(i).asDouble() - sessions.get(i).mos();
      sum += err * err;
    }
    return Math.sqrt(sum / sessions.size());
  }
}
