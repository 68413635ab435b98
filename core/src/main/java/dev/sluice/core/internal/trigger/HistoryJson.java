package dev.sluice.core.internal.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.Observation;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A history entry as one line of JSON, and back. */
final class HistoryJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private HistoryJson() {}

  static String line(TriggerEvaluation e) {
    ObjectNode node = JSON.createObjectNode();
    node.put("trigger", e.trigger());
    node.put("time", e.time().toString());
    node.put("decision", e.decision().name());
    node.put("reason", e.reason());
    e.runId().ifPresent(id -> node.put("run", id));
    ArrayNode seen = node.putArray("seen");
    for (Observation o : e.seen()) {
      ObjectNode on = seen.addObject();
      on.put("source", o.source());
      o.failure().ifPresent(f -> on.put("failure", f));
      ArrayNode samples = on.putArray("samples");
      for (MetricSample s : o.samples()) {
        ObjectNode sn = samples.addObject();
        sn.put("name", s.name());
        ObjectNode labels = sn.putObject("labels");
        s.labels().forEach(labels::put);
        sn.put("value", s.value());
        sn.put("time", s.time().toString());
      }
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e1) {
      throw new UncheckedIOException(e1);
    }
  }

  static TriggerEvaluation parse(String line) throws IOException {
    JsonNode node = JSON.readTree(line);
    List<Observation> seen = new ArrayList<>();
    for (JsonNode on : node.path("seen")) {
      List<MetricSample> samples = new ArrayList<>();
      for (JsonNode sn : on.path("samples")) {
        samples.add(new MetricSample(sn.path("name").asText(), strings(sn.path("labels")), sn.path("value").asDouble(), Instant.parse(sn.path("time").asText())));
      }
      seen.add(new Observation(on.path("source").asText(), samples, Optional.ofNullable(on.path("failure").textValue())));
    }
    return new TriggerEvaluation(
        node.path("trigger").asText(),
        Instant.parse(node.path("time").asText()),
        Decision.valueOf(node.path("decision").asText()),
        node.path("reason").asText(),
        seen,
        Optional.ofNullable(node.path("run").textValue()));
  }

  static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }
}
