package dev.sluice.core.internal.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.Param;
import dev.sluice.core.model.SpecError;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskCatalog;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.model.WorkflowValidationException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the JSON that {@link WorkflowSpec#toJson()} writes back into a validated spec, finding
 * each task's code by name in a {@link TaskCatalog}. Branch and dynamic nodes hold Java code (their
 * conditions and builders) and cannot be read back. Gates are read back, payload types by class
 * name; a signal's validator is Java code too, so a gate read from JSON has none.
 *
 * <p>The reader takes only what it understands: a field it does not know, a value of the wrong
 * JSON type, a number out of range, an unknown enum constant or a binding that is missing or
 * malformed is an error naming its JSON path ({@code $.nodes[2].inputs.features}), never a
 * default. Every error is collected and thrown at once. Inside a task object only the name,
 * version and cache policy are read (the rest comes from the catalog); other task fields are not
 * checked.
 */
public final class SpecJsonReader {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.spec");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> WORKFLOW_FIELDS =
      Set.of("workflow", "version", "inputType", "outputType", "failurePolicy", "nodes", "output", "onFailure");
  private static final Set<String> NODE_FIELDS = Set.of("id", "kind", "outputType", "upstream", "task", "inputs",
      "items", "concurrency", "minSuccessRatio", "input", "workflow", "cases", "otherwise", "gate", "after");
  private static final Set<String> GATE_FIELDS = Set.of("kind", "duration", "until", "signal", "payloadType",
      "validated", "timeout", "onTimeout", "default", "failOnReject");
  private static final String BINDINGS = "{\"node\": id}, {\"literal\": value, \"type\": type} or {\"workflowInput\": true}";

  private final TaskCatalog catalog;
  private final List<SpecError> errors = new ArrayList<>();

  private SpecJsonReader(TaskCatalog catalog) {
    this.catalog = catalog;
  }

  public static WorkflowSpec read(String json, TaskCatalog catalog) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a workflow spec: the text is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a workflow spec: the JSON is not an object");
    }
    SpecJsonReader reader = new SpecJsonReader(catalog);
    WorkflowSpec spec = reader.workflow(root, "$");
    if (!reader.errors.isEmpty()) {
      throw new WorkflowValidationException(reader.errors);
    }
    return spec;
  }

  private void error(String wf, String node, String input, String path, String problem, String fix) {
    errors.add(new SpecError(wf, node, input, "at " + path + ": " + problem, fix));
  }

  /** The spec, or null when problems were found (they are in {@link #errors}, for all nesting levels). */
  private WorkflowSpec workflow(JsonNode root, String path) {
    int errorsBefore = errors.size();
    String name = or(text(root, "workflow", null, "?", path, null), "?");
    unknownFields(root, WORKFLOW_FIELDS, name, null, path);
    Type input = type(name, null, or(text(root, "inputType", "java.lang.Object", name, path, null), "java.lang.Object"),
        path + ".inputType");
    WorkflowSpec.Builder builder =
        WorkflowSpec.builder(name, input)
            .version(or(text(root, "version", "1", name, path, null), "1"))
            .failurePolicy(constant(FailurePolicy.class, root, "failurePolicy", FailurePolicy.FAIL_FAST, name, null, path));
    JsonNode nodes = root.get("nodes");
    if (nodes == null || !nodes.isArray()) {
      error(name, null, null, path + ".nodes", "expected an array of nodes, found " + found(nodes), "write the nodes as a JSON array");
    } else {
      for (int i = 0; i < nodes.size(); i++) {
        NodeSpec node = node(name, nodes.get(i), path + ".nodes[" + i + "]");
        if (node != null) {
          builder.node(node);
        }
      }
    }
    if (root.hasNonNull("onFailure")) {
      task(name, "on-failure", root.get("onFailure"), path + ".onFailure").ifPresent(builder::onFailure);
    }
    Type output = type(name, null, or(text(root, "outputType", "java.lang.Object", name, path, null), "java.lang.Object"),
        path + ".outputType");
    Binding out = binding(name, null, null, root.get("output"), path + ".output");
    if (errors.size() > errorsBefore) {
      return null;
    }
    builder.output(out, output);
    try {
      return builder.build();
    } catch (WorkflowValidationException e) {
      errors.addAll(e.errors());
      return null;
    }
  }

  private NodeSpec node(String wf, JsonNode n, String path) {
    if (!n.isObject()) {
      error(wf, null, null, path, "expected a node object, found " + found(n), "write the node as a JSON object");
      return null;
    }
    String id = text(n, "id", null, wf, path, null);
    String kind = text(n, "kind", null, wf, path, id);
    unknownFields(n, NODE_FIELDS, wf, id, path);
    if (id == null || kind == null) {
      return null;
    }
    switch (kind) {
      case "task" -> {
        Optional<TaskSpec> task = task(wf, id, n.path("task"), path + ".task");
        JsonNode bound = n.get("inputs");
        if (bound == null || !bound.isObject()) {
          error(wf, id, null, path + ".inputs", "expected an object of bindings by input name, found " + found(bound),
              "bind every input of the task under \"inputs\"");
          return null;
        }
        if (task.isEmpty()) {
          return null;
        }
        List<String> params = task.get().inputs().stream().map(Param::name).toList();
        for (Iterator<String> it = bound.fieldNames(); it.hasNext(); ) {
          String given = it.next();
          if (!params.contains(given)) {
            error(wf, id, given, path + ".inputs." + given, "task '" + task.get().name() + "' has no input '" + given
                + "' (it has " + params + ")", "bind only the task's inputs");
          }
        }
        List<Binding> inputs = new ArrayList<>();
        for (String p : params) {
          inputs.add(binding(wf, id, p, bound.get(p), path + ".inputs." + p));
        }
        return inputs.contains(null) ? null : new TaskNode(id, task.get(), inputs);
      }
      case "map" -> {
        Binding items = binding(wf, id, null, n.get("items"), path + ".items");
        int concurrency = nonNegativeInt(n, "concurrency", wf, id, path);
        double ratio = ratio(n, "minSuccessRatio", wf, id, path);
        if (n.has("gate")) {
          GateSpec gate = gate(wf, id, n.get("gate"), path + ".gate");
          return gate == null || items == null || concurrency < 0 || Double.isNaN(ratio)
              ? null : MapNode.ofGate(id, gate, items, concurrency, ratio);
        }
        Optional<TaskSpec> task = task(wf, id, n.path("task"), path + ".task");
        return task.isEmpty() || items == null || concurrency < 0 || Double.isNaN(ratio)
            ? null : new MapNode(id, task.get(), items, concurrency, ratio);
      }
      case "workflow" -> {
        JsonNode inner = n.get("workflow");
        if (inner == null || !inner.isObject()) {
          error(wf, id, null, path + ".workflow", "expected the sub-workflow as an object, found " + found(inner),
              "write the sub-workflow's spec under \"workflow\"");
          return null;
        }
        WorkflowSpec sub = workflow(inner, path + ".workflow");
        Binding input = binding(wf, id, null, n.get("input"), path + ".input");
        return sub == null || input == null ? null : new SubWorkflowNode(id, sub, input);
      }
      case "branch", "dynamic" -> {
        error(wf, id, null, path, "a " + kind + " node holds Java code (its "
                + (kind.equals("branch") ? "conditions" : "builder") + "), which JSON does not carry",
            "define this workflow in Java with the DSL");
        return null;
      }
      case "gate" -> {
        GateSpec gate = gate(wf, id, n.get("gate"), path + ".gate");
        JsonNode after = n.get("after");
        List<Binding> bindings = new ArrayList<>();
        if (after != null && !after.isArray()) {
          error(wf, id, null, path + ".after", "expected an array of bindings, found " + found(after),
              "write the values the gate waits after as a JSON array");
          return null;
        }
        for (int k = 0; after != null && k < after.size(); k++) {
          bindings.add(binding(wf, id, null, after.get(k), path + ".after[" + k + "]"));
        }
        return gate == null || bindings.contains(null) ? null : new GateNode(id, gate, bindings);
      }
      default -> {
        error(wf, id, null, path + ".kind", "unknown node kind '" + kind + "'",
            "use one of task, map, workflow, gate (branch and dynamic nodes cannot be read from JSON)");
        return null;
      }
    }
  }

  /**
   * A gate. A signal's validator is Java code JSON does not carry: a gate written with one is read
   * without it (logged), so signals to it are not validated; its payload type and timeout default
   * are read by class name, as task outputs are.
   */
  private GateSpec gate(String wf, String node, JsonNode g, String path) {
    if (g == null || !g.isObject()) {
      error(wf, node, null, path, "expected a gate object, found " + found(g), "write the gate as {\"kind\": …}");
      return null;
    }
    int before = errors.size();
    unknownFields(g, GATE_FIELDS, wf, node, path);
    String kind = text(g, "kind", null, wf, path, node);
    if (kind == null) {
      return null;
    }
    try {
      if (kind.equals("sleep")) {
        Optional<Duration> duration = Optional.ofNullable(text(g, "duration", "", wf, path, node))
            .filter(d -> !d.isEmpty()).map(Duration::parse);
        Optional<Instant> until = Optional.ofNullable(text(g, "until", "", wf, path, node))
            .filter(u -> !u.isEmpty()).map(Instant::parse);
        return errors.size() > before ? null : new GateSpec.Sleep(duration, until);
      }
      if (!kind.equals("signal") && !kind.equals("approval")) {
        error(wf, node, null, path + ".kind", "unknown gate kind '" + kind + "'", "use sleep, signal or approval");
        return null;
      }
      String name = text(g, "signal", null, wf, path, node);
      String typeName = text(g, "payloadType", null, wf, path, node);
      if (name == null || typeName == null) {
        return null;
      }
      Type payload = type(wf, node, typeName, path + ".payloadType");
      JsonNode t = g.get("timeout");
      Optional<Duration> timeout = t == null || t.isNull() ? Optional.empty() : Optional.of(Duration.parse(t.asText()));
      GateSpec.OnTimeout onTimeout = GateSpec.OnTimeout.FAIL;
      if ("default".equals(text(g, "onTimeout", "fail", wf, path, node))) {
        JavaType javaType = SpecJson.VALUES.getTypeFactory().constructType(payload);
        onTimeout = GateSpec.OnTimeout.use(SpecJson.VALUES.treeToValue(g.path("default"), javaType));
      }
      if (g.path("validated").asBoolean(false)) {
        log.warn("workflow '{}', gate '{}': its signal '{}' had a validator, which JSON does not carry; read back from"
            + " JSON it takes any {} unchecked. Fix: resume with the workflow defined in Java", wf, node, name, typeName);
      }
      return errors.size() > before ? null : new GateSpec.Signal(name, payload, Optional.empty(), timeout, onTimeout,
          g.path("failOnReject").asBoolean(false));
    } catch (JsonProcessingException | RuntimeException e) {
      error(wf, node, null, path, "the gate cannot be read: " + e.getMessage(),
          "write it as WorkflowSpec.toJson() does");
      return null;
    }
  }

  private Optional<TaskSpec> task(String wf, String node, JsonNode t, String path) {
    if (!t.isObject()) {
      error(wf, node, null, path, "expected a task object, found " + found(t), "write the task as {\"name\": …}");
      return Optional.empty();
    }
    String name = text(t, "name", null, wf, path, node);
    if (name == null) {
      return Optional.empty();
    }
    Optional<TaskSpec> found = catalog.find(name);
    if (found.isEmpty()) {
      errors.add(
          new SpecError(wf, node, null, "task '" + name + "' is not in the task catalog (it has "
              + new TreeSet<>(catalog.names()) + ")", "add the task to the catalog"));
      return Optional.empty();
    }
    String version = text(t, "version", found.get().version(), wf, path, node);
    if (version == null) {
      return Optional.empty();
    }
    if (!version.equals(found.get().version())) {
      errors.add(
          new SpecError(wf, node, null, "the spec was written with task '" + name + "' version " + version
              + " but the catalog has version " + found.get().version(), "rebuild the spec or deploy the matching task"));
      return Optional.empty();
    }
    JsonNode cache = t.get("cache");
    if (cache != null && !SpecJson.cache(found.get().cache()).equals(cache)) {
      errors.add(
          new SpecError(wf, node, null, "the spec was written with task '" + name + "' cache policy " + cache
              + " but the catalog's task has " + SpecJson.cache(found.get().cache()),
              "rebuild the spec or deploy the matching task"));
      return Optional.empty();
    }
    return found;
  }

  /** A binding: exactly one of a node's output, a literal with its type, or the workflow input; null if malformed. */
  private Binding binding(String wf, String node, String input, JsonNode b, String path) {
    if (b == null || !b.isObject()) {
      error(wf, node, input, path, (b == null ? "the binding is missing" : "expected a binding, found " + found(b)),
          "write it as " + BINDINGS);
      return null;
    }
    List<String> fields = new ArrayList<>();
    b.fieldNames().forEachRemaining(fields::add);
    if (fields.equals(List.of("node")) && b.get("node").isTextual()) {
      return Binding.output(b.get("node").asText());
    }
    if (fields.equals(List.of("workflowInput")) && b.get("workflowInput").isBoolean() && b.get("workflowInput").asBoolean()) {
      return Binding.INPUT;
    }
    if (fields.size() == 2 && fields.containsAll(List.of("literal", "type")) && b.get("type").isTextual()) {
      Type type = type(wf, node, b.get("type").asText(), path + ".type");
      try {
        JavaType javaType = JSON.getTypeFactory().constructType(type);
        return Binding.literal(JSON.treeToValue(b.get("literal"), javaType), type);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        error(wf, node, input, path + ".literal", "literal " + b.get("literal") + " is not a " + Types.describe(type),
            "write the literal as JSON of its type");
        return null;
      }
    }
    error(wf, node, input, path, "not a binding: " + b, "write it as " + BINDINGS);
    return null;
  }

  private Type type(String wf, String node, String name, String path) {
    try {
      return toType(JSON.getTypeFactory().constructFromCanonical(name));
    } catch (IllegalArgumentException e) {
      error(wf, node, null, path, "type " + name + " is not on the class path", "add the jar that defines it");
      return Object.class;
    }
  }

  private static Type toType(JavaType t) {
    if (t.isCollectionLikeType() && List.class.isAssignableFrom(t.getRawClass())) {
      return Types.listOf(toType(t.getContentType()));
    }
    return t.getRawClass();
  }

  private void unknownFields(JsonNode n, Set<String> known, String wf, String node, String path) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        error(wf, node, null, path + "." + field, "unknown field '" + field + "'",
            "remove it, or use one of " + new TreeSet<>(known));
      }
    }
  }

  /** A text field; {@code fallback} if absent (an error if the fallback is null), null if of another JSON type. */
  private String text(JsonNode n, String field, String fallback, String wf, String path, String node) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        error(wf == null ? "?" : wf, node, null, path + "." + field, "the field is missing", "add \"" + field + "\"");
      }
      return fallback;
    }
    if (!v.isTextual()) {
      error(wf == null ? "?" : wf, node, null, path + "." + field, "expected a string, found " + found(v),
          "write it as a JSON string");
      return null;
    }
    return v.asText();
  }

  private <E extends Enum<E>> E constant(Class<E> type, JsonNode n, String field, E fallback, String wf, String node, String path) {
    String name = text(n, field, fallback.name(), wf, path, node);
    if (name == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      error(wf, node, null, path + "." + field, "unknown " + field + " '" + name + "'",
          "use one of " + Arrays.toString(type.getEnumConstants()));
      return fallback;
    }
  }

  /** A whole number from 0 to Integer.MAX_VALUE; 0 if absent, -1 (with an error) if anything else. */
  private int nonNegativeInt(JsonNode n, String field, String wf, String node, String path) {
    JsonNode v = n.get(field);
    if (v == null) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
      error(wf, node, null, path + "." + field, "expected a whole number from 0 to " + Integer.MAX_VALUE
          + ", found " + found(v), "write it as a JSON number, 0 for no limit");
      return -1;
    }
    return v.asInt();
  }

  /** A number from 0 to 1; 1 if absent, NaN (with an error) if anything else. */
  private double ratio(JsonNode n, String field, String wf, String node, String path) {
    JsonNode v = n.get(field);
    if (v == null) {
      return 1;
    }
    if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
      error(wf, node, null, path + "." + field, "expected a number from 0 to 1, found " + found(v),
          "write it as a JSON number");
      return Double.NaN;
    }
    return v.asDouble();
  }

  private static String or(String value, String fallback) {
    return value != null ? value : fallback;
  }

  private static String found(JsonNode v) {
    if (v == null) {
      return "nothing";
    }
    String text = v.toString();
    return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
  }
}
