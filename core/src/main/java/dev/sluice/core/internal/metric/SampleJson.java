package dev.sluice.core.internal.metric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.metric.RecordedSample;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One recorded sample as JSON: {@code {"name","labels":{…},"value","time","run","workflow","node",
 * "attempt"}}, time as ISO-8601.
 */
final class SampleJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SampleJson() {}

  static byte[] write(RecordedSample recorded) {
    MetricSample s = recorded.sample();
    ObjectNode node = JSON.createObjectNode();
    node.put("name", s.name());
    ObjectNode labels = node.putObject("labels");
    s.labels().forEach(labels::put);
    node.put("value", s.value());
    node.put("time", s.time().toString());
    node.put("run", recorded.runId());
    node.put("workflow", recorded.workflowName());
    node.put("node", recorded.nodePath());
    node.put("attempt", recorded.attempt());
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RecordedSample read(ArtifactStore store, String key) {
    JsonNode node;
    try (InputStream in = store.get(key)) {
      node = JSON.readTree(in);
    } catch (IOException e) {
      throw new StoreException("cannot read recorded metric " + store.uri(key) + ": " + e.getMessage(), e);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("labels").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      labels.put(e.getKey(), e.getValue().asText());
    }
    MetricSample sample =
        new MetricSample(
            node.path("name").asText(),
            labels,
            node.path("value").asDouble(),
            Instant.parse(node.path("time").asText()));
    return new RecordedSample(
        sample,
        node.path("run").asText(),
        node.path("workflow").asText(),
        node.path("node").asText(),
        node.path("attempt").asInt());
  }
}
