package dev.sluice.mlflow.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.models.registry.Lineage;
import dev.sluice.models.registry.ModelRegistration;
import dev.sluice.models.registry.ModelVersion;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a {@link ModelRegistration} is written as an MLflow model version: the artifact is the
 * version's {@code source}, an MLflow run named by the tag {@value #RUN_ID_TAG} is its {@code
 * run_id}, and everything MLflow has no field for goes into version tags under {@code sluice.}
 * (visible in MLflow's UI): {@code sluice.format}, {@code sluice.metric.<name>}, {@code
 * sluice.param.<name>}, {@code sluice.lineage.{run,workflow,node,code}}, {@code
 * sluice.lineage.input.<name>}, and {@code sluice.registered-tags} (the registration's own tags as
 * JSON, so they read back apart from tags set later). The registration's tags are also set as plain
 * version tags.
 */
public final class VersionTags {
  /** A registration tag naming the MLflow run that produced the model; sent as the version's {@code run_id}. */
  public static final String RUN_ID_TAG = "mlflow.run_id";

  static final String PREFIX = "sluice.";
  private static final String FORMAT = "sluice.format";
  private static final String METRIC = "sluice.metric.";
  private static final String PARAM = "sluice.param.";
  private static final String RUN = "sluice.lineage.run";
  private static final String WORKFLOW = "sluice.lineage.workflow";
  private static final String NODE = "sluice.lineage.node";
  private static final String CODE = "sluice.lineage.code";
  private static final String INPUT = "sluice.lineage.input.";
  private static final String REGISTERED = "sluice.registered-tags";
  private static final ObjectMapper JSON = new ObjectMapper();

  private VersionTags() {}

  /** The body of {@code model-versions/create} for {@code r}. */
  public static JsonNode createBody(ModelRegistration r) {
    var body = JSON.createObjectNode().put("name", r.model()).put("source", r.artifact());
    String runId = r.tags().get(RUN_ID_TAG);
    if (runId != null) {
      body.put("run_id", runId);
    }
    ArrayNode tags = body.putArray("tags");
    toTags(r).forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    return body;
  }

  static Map<String, String> toTags(ModelRegistration r) {
    Map<String, String> t = new LinkedHashMap<>();
    r.tags().forEach((k, v) -> {
      if (k.startsWith(PREFIX)) {
        throw new IllegalArgumentException("tag '" + k + "' of model " + r.model() + " starts with '" + PREFIX
            + "', which sluice-mlflow keeps for its own tags; rename it");
      }
      if (!k.equals(RUN_ID_TAG)) {
        t.put(k, v);
      }
    });
    t.put(FORMAT, r.format());
    r.metrics().forEach((k, v) -> t.put(METRIC + k, Double.toString(v)));
    r.params().forEach((k, v) -> t.put(PARAM + k, v));
    Lineage l = r.lineage();
    putIfSet(t, RUN, l.runId());
    putIfSet(t, WORKFLOW, l.workflow());
    putIfSet(t, NODE, l.node());
    putIfSet(t, CODE, l.codeVersion());
    l.inputHashes().forEach((k, v) -> t.put(INPUT + k, v));
    try {
      t.put(REGISTERED, JSON.writeValueAsString(new TreeMap<>(r.tags())));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return t;
  }

  private static void putIfSet(Map<String, String> t, String key, String value) {
    if (!value.isEmpty()) {
      t.put(key, value);
    }
  }

  /**
   * A {@code model_version} object as MLflow answers it, read back. A version registered outside
   * Sluice reads as format {@code unspecified}, no metrics, parameters or lineage.
   */
  public static ModelVersion read(JsonNode mv) {
    String model = mv.path("name").asText();
    int version = Integer.parseInt(mv.path("version").asText());
    Map<String, String> all = new TreeMap<>();
    for (JsonNode tag : mv.path("tags")) {
      all.put(tag.path("key").asText(), tag.path("value").asText(""));
    }
    String runId = mv.path("run_id").asText("");
    Map<String, Double> metrics = new TreeMap<>();
    Map<String, String> params = new TreeMap<>();
    Map<String, String> inputs = new TreeMap<>();
    Map<String, String> visible = new TreeMap<>();
    all.forEach((k, v) -> {
      if (k.startsWith(METRIC)) {
        metrics.put(k.substring(METRIC.length()), Double.parseDouble(v));
      } else if (k.startsWith(PARAM)) {
        params.put(k.substring(PARAM.length()), v);
      } else if (k.startsWith(INPUT)) {
        inputs.put(k.substring(INPUT.length()), v);
      } else if (!k.startsWith(PREFIX)) {
        visible.put(k, v);
      }
    });
    Map<String, String> registered = new TreeMap<>(registeredTags(all.get(REGISTERED), visible));
    if (!runId.isEmpty()) {
      registered.put(RUN_ID_TAG, runId);
      visible.put(RUN_ID_TAG, runId);
    }
    Lineage lineage = new Lineage(all.getOrDefault(RUN, ""), all.getOrDefault(WORKFLOW, ""),
        all.getOrDefault(NODE, ""), inputs, all.getOrDefault(CODE, ""));
    ModelRegistration r = new ModelRegistration(model, mv.path("source").asText(""),
        all.getOrDefault(FORMAT, "unspecified"), metrics, params, lineage, registered);
    return new ModelVersion(model, version, r, Instant.ofEpochMilli(mv.path("creation_timestamp").asLong()), visible);
  }

  private static Map<String, String> registeredTags(String json, Map<String, String> visible) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      return visible; // edited by hand in MLflow: the version's tags are the best we have
    }
  }
}
