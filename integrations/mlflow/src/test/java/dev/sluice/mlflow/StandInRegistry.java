package dev.sluice.mlflow;

import static dev.sluice.mlflow.MlflowApiError.invalid;
import static dev.sluice.mlflow.MlflowApiError.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model-registry half of {@link MlflowServer}: registered models, versions, tags and aliases,
 * one lock (MLflow's SQL store serialises through its database). Where each behaviour comes from
 * (mlflow/mlflow, read for this stand-in):
 * <ul>
 *   <li>version numbers per model, max + 1 from 1: sqlalchemy_store.py create_model_version {@code next_version};
 *   <li>a new version is READY at once in MLflow's own stores (sqlalchemy_store.py, file_store.py
 *       {@code _await_model_version_creation} "a successful creation will immediately place the model
 *       version in a READY state"); PENDING_REGISTRATION then READY or FAILED_REGISTRATION with a
 *       status_message is what registries with asynchronous copies answer and what MLflow's client
 *       polls for (abstract_store.py {@code _await_model_version_creation_impl}): here on demand;
 *   <li>messages: "Registered Model with name=X not found", "Registered Model (name=X) already
 *       exists.", "Model Version (name=X, version=N) not found", "Registered model alias A not found."
 *       (INVALID_PARAMETER_VALUE, not RESOURCE_DOES_NOT_EXIST): sqlalchemy_store.py;
 *   <li>alias names: {@code ^[\w\-]*$}, not "latest", not {@code ^[vV]\d+$}; tag keys at most 250
 *       characters, values at most 5000: mlflow/utils/validation.py.
 * </ul>
 */
final class StandInRegistry {
  private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]*$");
  private static final Pattern VERSION_ALIAS = Pattern.compile("^[vV]\\d+$");
  private static final Pattern TAG_KEY = Pattern.compile("^[/\\w.\\- :]*$");
  private static final Pattern NAME_FILTER = Pattern.compile("^\\s*name\\s*=\\s*'([^']*)'\\s*$");

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Model> models = new TreeMap<>();
  private int pendingReads;
  private String failMessage;

  private static final class Model {
    final String name;
    final long created;
    long updated;
    final Map<String, String> tags = new TreeMap<>();
    final Map<String, Integer> aliases = new TreeMap<>();
    final Map<Integer, Version> versions = new TreeMap<>();

    Model(String name, long now) {
      this.name = name;
      this.created = now;
      this.updated = now;
    }
  }

  private static final class Version {
    int version;
    long created;
    String source;
    String runId;
    String status;
    String statusMessage;
    int readsUntilSettled;
    boolean willFail;
    final Map<String, String> tags = new TreeMap<>();
  }

  synchronized void pendingReads(int reads) {
    this.pendingReads = reads;
  }

  synchronized void failRegistrations(String statusMessage) {
    this.failMessage = statusMessage;
  }

  synchronized ObjectNode createModel(JsonNode req) {
    String name = required(req, "name");
    if (models.containsKey(name)) {
      throw new MlflowApiError("RESOURCE_ALREADY_EXISTS", "Registered Model (name=" + name + ") already exists.");
    }
    Model m = new Model(name, System.currentTimeMillis());
    for (JsonNode t : req.path("tags")) {
      m.tags.put(checkTag(t.path("key").asText(), t.path("value").asText()), t.path("value").asText());
    }
    models.put(name, m);
    ObjectNode out = json.createObjectNode();
    out.set("registered_model", model(m));
    return out;
  }

  synchronized ObjectNode getModel(JsonNode req) {
    ObjectNode out = json.createObjectNode();
    out.set("registered_model", model(model(required(req, "name"))));
    return out;
  }

  synchronized ObjectNode searchModels(JsonNode req) {
    String filter = req.path("filter").asText("");
    ObjectNode out = json.createObjectNode();
    var list = out.putArray("registered_models");
    for (Model m : models.values()) {
      if (filter.isEmpty() || m.name.equals(nameFilter(filter))) {
        list.add(model(m));
      }
    }
    return out;
  }

  synchronized ObjectNode setModelTag(JsonNode req) {
    Model m = model(required(req, "name"));
    m.tags.put(checkTag(required(req, "key"), req.path("value").asText("")), req.path("value").asText(""));
    return json.createObjectNode();
  }

  synchronized ObjectNode setAlias(JsonNode req) {
    Model m = model(required(req, "name"));
    String alias = checkAlias(required(req, "alias"));
    int v = versionNumber(required(req, "version"));
    version(m, v);
    m.aliases.put(alias, v);
    return json.createObjectNode();
  }

  synchronized ObjectNode deleteAlias(JsonNode req) {
    Model m = model(required(req, "name"));
    m.aliases.remove(checkAlias(required(req, "alias")));
    return json.createObjectNode();
  }

  synchronized ObjectNode getByAlias(JsonNode req) {
    Model m = model(required(req, "name"));
    String alias = required(req, "alias");
    Integer v = m.aliases.get(alias);
    if (v == null) {
      throw invalid("Registered model alias " + alias + " not found.");
    }
    ObjectNode out = json.createObjectNode();
    out.set("model_version", version(m, version(m, v)));
    return out;
  }

  synchronized ObjectNode createVersion(JsonNode req) {
    String name = required(req, "name");
    String source = required(req, "source");
    Model m = model(name);
    Version v = new Version();
    for (JsonNode t : req.path("tags")) {
      v.tags.put(checkTag(t.path("key").asText(), t.path("value").asText()), t.path("value").asText());
    }
    v.version = m.versions.isEmpty() ? 1 : m.versions.keySet().stream().max(Integer::compare).orElseThrow() + 1;
    v.created = System.currentTimeMillis();
    v.source = source;
    v.runId = req.path("run_id").asText("");
    v.willFail = failMessage != null;
    v.readsUntilSettled = pendingReads;
    v.status = pendingReads > 0 ? "PENDING_REGISTRATION" : settledStatus(v);
    v.statusMessage = "PENDING_REGISTRATION".equals(v.status) ? null : settledMessage(v);
    m.versions.put(v.version, v);
    m.updated = v.created;
    ObjectNode out = json.createObjectNode();
    out.set("model_version", version(m, v));
    return out;
  }

  private String settledStatus(Version v) {
    return v.willFail ? "FAILED_REGISTRATION" : "READY";
  }

  private String settledMessage(Version v) {
    return v.willFail ? failMessage : null;
  }

  synchronized ObjectNode getVersion(JsonNode req) {
    Model m = model(required(req, "name"));
    Version v = version(m, versionNumber(required(req, "version")));
    if ("PENDING_REGISTRATION".equals(v.status) && --v.readsUntilSettled <= 0) {
      v.status = settledStatus(v);
      v.statusMessage = settledMessage(v);
    }
    ObjectNode out = json.createObjectNode();
    out.set("model_version", version(m, v));
    return out;
  }

  /** {@code name='x'} filters only; newest first (the client sorts); pages by an offset token. */
  synchronized ObjectNode searchVersions(JsonNode req) {
    String name = nameFilter(req.path("filter").asText(""));
    int max = req.has("max_results") ? Integer.parseInt(req.get("max_results").asText()) : 10_000;
    if (max < 1 || max > 200_000) {
      throw invalid("Invalid value for max_results. It must be at most 200000, but got " + max);
    }
    int offset = req.has("page_token") ? Integer.parseInt(req.get("page_token").asText()) : 0;
    List<ObjectNode> all = new ArrayList<>();
    Model m = models.get(name);
    if (m != null) {
      m.versions.values().stream().sorted(Comparator.comparingInt((Version v) -> v.version).reversed())
          .forEach(v -> all.add(version(m, v)));
    }
    ObjectNode out = json.createObjectNode();
    var list = out.putArray("model_versions");
    all.stream().skip(offset).limit(max).forEach(list::add);
    if (offset + max < all.size()) {
      out.put("next_page_token", Integer.toString(offset + max));
    }
    return out;
  }

  synchronized ObjectNode setVersionTag(JsonNode req) {
    Model m = model(required(req, "name"));
    Version v = version(m, versionNumber(required(req, "version")));
    v.tags.put(checkTag(required(req, "key"), req.path("value").asText("")), req.path("value").asText(""));
    return json.createObjectNode();
  }

  private ObjectNode model(Model m) {
    ObjectNode o = json.createObjectNode().put("name", m.name).put("creation_timestamp", m.created)
        .put("last_updated_timestamp", m.updated);
    if (!m.tags.isEmpty()) {
      var tags = o.putArray("tags");
      m.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    }
    if (!m.aliases.isEmpty()) {
      var aliases = o.putArray("aliases");
      m.aliases.forEach((a, v) -> aliases.addObject().put("alias", a).put("version", Integer.toString(v)));
    }
    return o;
  }

  private ObjectNode version(Model m, Version v) {
    ObjectNode o = json.createObjectNode().put("name", m.name).put("version", Integer.toString(v.version))
        .put("creation_timestamp", v.created).put("last_updated_timestamp", v.created)
        .put("current_stage", "None").put("source", v.source).put("status", v.status);
    if (!v.runId.isEmpty()) {
      o.put("run_id", v.runId);
    }
    if (v.statusMessage != null) {
      o.put("status_message", v.statusMessage);
    }
    if (!v.tags.isEmpty()) {
      var tags = o.putArray("tags");
      v.tags.forEach((k, val) -> tags.addObject().put("key", k).put("value", val));
    }
    List<String> aliases = new ArrayList<>();
    m.aliases.forEach((a, n) -> {
      if (n == v.version) {
        aliases.add(a);
      }
    });
    if (!aliases.isEmpty()) {
      var arr = o.putArray("aliases");
      aliases.forEach(arr::add);
    }
    return o;
  }

  private Model model(String name) {
    Model m = models.get(name);
    if (m == null) {
      throw notFound("Registered Model with name=" + name + " not found");
    }
    return m;
  }

  private static Version version(Model m, int v) {
    Version found = m.versions.get(v);
    if (found == null) {
      throw notFound("Model Version (name=" + m.name + ", version=" + v + ") not found");
    }
    return found;
  }

  private static int versionNumber(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw invalid("Parameter 'version' must be an integer, got '" + text + "'.");
    }
  }

  /** handlers.py {@code _assert_required}: "Missing value for required parameter 'x'." */
  static String required(JsonNode req, String field) {
    String v = req.path(field).asText("");
    if (v.isEmpty()) {
      throw invalid("Missing value for required parameter '" + field + "'. See the API docs for more information "
          + "about request parameters.");
    }
    return v;
  }

  private static String checkAlias(String alias) {
    if (!ALIAS.matcher(alias).matches()) {
      throw invalid("Invalid alias name: '" + alias + "'. Names may only contain alphanumerics, underscores (_), "
          + "and dashes (-).");
    }
    if (alias.equalsIgnoreCase("latest")) {
      throw invalid("'latest' alias name (case insensitive) is reserved.");
    }
    if (VERSION_ALIAS.matcher(alias).matches()) {
      throw invalid("Version alias name '" + alias + "' is reserved.");
    }
    return alias;
  }

  private static String checkTag(String key, String value) {
    if (key.isEmpty() || !TAG_KEY.matcher(key).matches()) {
      throw invalid("Invalid tag name: '" + key + "'. Names may only contain alphanumerics, underscores (_), "
          + "dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).");
    }
    if (key.length() > 250) {
      throw invalid("'key' exceeds the maximum length of 250 characters");
    }
    if (value.length() > 5000) {
      throw invalid("'value' exceeds the maximum length of 5000 characters");
    }
    return key;
  }

  private static String nameFilter(String filter) {
    Matcher m = NAME_FILTER.matcher(filter);
    if (!m.matches()) {
      throw invalid("this stand-in only understands filter name='<model>', not: " + filter);
    }
    return m.group(1);
  }

  /** For tests: a registered model's tags. */
  synchronized Map<String, String> modelTags(String name) {
    return new LinkedHashMap<>(model(name).tags);
  }
}
