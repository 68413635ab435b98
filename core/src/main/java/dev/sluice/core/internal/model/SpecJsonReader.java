package dev.sluice.core.internal.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.FailurePolicy;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads the JSON that {@link WorkflowSpec#toJson()} writes back into a validated spec, finding
 * each task's code by name in a {@link TaskCatalog}. Branch and dynamic nodes hold Java code (their
 * conditions and builders) and cannot be read back.
 */
public final class SpecJsonReader {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    SpecJsonReader reader = new SpecJsonReader(catalog);
    WorkflowSpec spec = reader.workflow(root);
    if (!reader.errors.isEmpty()) {
      throw new WorkflowValidationException(reader.errors);
    }
    return spec;
  }

  /** The spec, or null when problems were found (they are in {@link #errors}, for all nesting levels). */
  private WorkflowSpec workflow(JsonNode root) {
    int errorsBefore = errors.size();
    String name = text(root, "workflow", "?");
    WorkflowSpec.Builder builder =
        WorkflowSpec.builder(name, type(name, null, text(root, "inputType", "java.lang.Object")))
            .version(text(root, "version", "1"))
            .failurePolicy(FailurePolicy.valueOf(text(root, "failurePolicy", "FAIL_FAST")));
    for (JsonNode n : root.path("nodes")) {
      NodeSpec node = node(name, n);
      if (node != null) {
        builder.node(node);
      }
    }
    if (root.hasNonNull("onFailure")) {
      task(name, "on-failure", root.get("onFailure")).ifPresent(builder::onFailure);
    }
    Type output = type(name, null, text(root, "outputType", "java.lang.Object"));
    builder.output(binding(name, null, root.path("output")), output);
    if (errors.size() > errorsBefore) {
      return null;
    }
    try {
      return builder.build();
    } catch (WorkflowValidationException e) {
      errors.addAll(e.errors());
      return null;
    }
  }

  private NodeSpec node(String wf, JsonNode n) {
    String id = text(n, "id", "?");
    String kind = text(n, "kind", "?");
    switch (kind) {
      case "task" -> {
        Optional<TaskSpec> task = task(wf, id, n.path("task"));
        if (task.isEmpty()) {
          return null;
        }
        List<Binding> inputs = new ArrayList<>();
        for (Param p : task.get().inputs()) {
          JsonNode b = n.path("inputs").get(p.name());
          if (b == null) {
            errors.add(new SpecError(wf, id, p.name(), "the JSON binds no value to this input", "add it under \"inputs\""));
            return null;
          }
          inputs.add(binding(wf, id, b));
        }
        return new TaskNode(id, task.get(), inputs);
      }
      case "map" -> {
        Optional<TaskSpec> task = task(wf, id, n.path("task"));
        return task.map(
                t -> new MapNode(id, t, binding(wf, id, n.path("items")), n.path("concurrency").asInt(0),
                    n.path("minSuccessRatio").asDouble(1)))
            .orElse(null);
      }
      case "workflow" -> {
        WorkflowSpec sub = workflow(n.path("workflow"));
        return sub == null ? null : new SubWorkflowNode(id, sub, binding(wf, id, n.path("input")));
      }
      default -> {
        errors.add(
            new SpecError(
                wf,
                id,
                null,
                "a " + kind + " node holds Java code (its " + (kind.equals("branch") ? "conditions" : "builder")
                    + "), which JSON does not carry",
                "define this workflow in Java with the DSL"));
        return null;
      }
    }
  }

  private Optional<TaskSpec> task(String wf, String node, JsonNode t) {
    String name = text(t, "name", "?");
    Optional<TaskSpec> found = catalog.find(name);
    if (found.isEmpty()) {
      errors.add(
          new SpecError(wf, node, null, "task '" + name + "' is not in the task catalog (it has "
              + new TreeSet<>(catalog.names()) + ")", "add the task to the catalog"));
      return Optional.empty();
    }
    String version = text(t, "version", found.get().version());
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

  private Binding binding(String wf, String node, JsonNode b) {
    if (b.hasNonNull("node")) {
      return Binding.output(b.get("node").asText());
    }
    if (b.has("literal")) {
      Type type = type(wf, node, text(b, "type", "java.lang.Object"));
      try {
        JavaType javaType = JSON.getTypeFactory().constructType(type);
        return Binding.literal(JSON.treeToValue(b.get("literal"), javaType), type);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        errors.add(new SpecError(wf, node, null, "literal " + b.get("literal") + " is not a " + Types.describe(type),
            "write the literal as JSON of its type"));
        return Binding.literal(null, type);
      }
    }
    return Binding.INPUT;
  }

  private Type type(String wf, String node, String name) {
    try {
      return toType(JSON.getTypeFactory().constructFromCanonical(name));
    } catch (IllegalArgumentException e) {
      errors.add(new SpecError(wf, node, null, "type " + name + " is not on the class path", "add the jar that defines it"));
      return Object.class;
    }
  }

  private static Type toType(JavaType t) {
    if (t.isCollectionLikeType() && List.class.isAssignableFrom(t.getRawClass())) {
      return Types.listOf(toType(t.getContentType()));
    }
    return t.getRawClass();
  }

  private static String text(JsonNode n, String field, String fallback) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? fallback : v.asText();
  }
}
