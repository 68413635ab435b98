package dev.sluice.console.ops.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.console.ops.ForkAction;
import dev.sluice.console.ops.OperationException;
import dev.sluice.console.ops.OperationException.Kind;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.ForkOptions;
import dev.sluice.core.journal.RunHistory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Forking a run from a node through the engine: the journaled input, with the fields the operator
 * changed, read back into the workflow's input type (named by the journaled spec).
 */
final class ForkOps {
  private final Engine engine;
  private final ObjectMapper json;

  ForkOps(Engine engine, ObjectMapper json) {
    this.engine = engine;
    this.json = json;
  }

  /** Starts the fork; returns the new run's id. */
  String fork(ForkAction action, RunHistory h) {
    Checks.path("node", action.fromNode());
    if (!h.state().isTerminal()) {
      throw new OperationException(Kind.CONFLICT, "run '" + h.runId() + "' has not ended (" + h.state()
          + "); fork starts from a run that succeeded, failed or was cancelled: wait for it or cancel it first");
    }
    ForkOptions.Builder options = ForkOptions.from(action.fromNode());
    if (!action.input().isEmpty()) {
      options.input(input(h, action.input()));
    }
    try {
      return engine.fork(h.runId(), options.build()).runId();
    } catch (IllegalStateException e) {
      throw new OperationException(Kind.CONFLICT, "cannot fork run '" + h.runId() + "': " + e.getMessage());
    } catch (IllegalArgumentException e) {
      Kind kind = e.getMessage() != null && e.getMessage().contains("no such top-level node") ? Kind.NOT_FOUND
          : Kind.UNPROCESSABLE;
      throw new OperationException(kind, "cannot fork run '" + h.runId() + "': " + e.getMessage());
    }
  }

  private Object input(RunHistory h, Map<String, String> changes) {
    JsonNode journaled;
    JavaType type;
    try {
      journaled = json.readTree(h.start().inputJson());
      String typeName = json.readTree(h.start().specJson()).path("inputType").asText(Object.class.getName());
      type = json.getTypeFactory().constructFromCanonical(typeName);
    } catch (IOException | IllegalArgumentException e) {
      throw new OperationException(Kind.CONFLICT, "the journaled input of run '" + h.runId()
          + "' cannot be read here (" + e.getMessage() + "); fork it from the program that has its workflow");
    }
    if (!(journaled instanceof ObjectNode fields)) {
      throw new OperationException(Kind.UNPROCESSABLE, "the input of run '" + h.runId() + "' is " + journaled
          + " (a " + type.getRawClass().getSimpleName() + "), not an object with fields; fork without input changes");
    }
    ObjectNode changed = fields.deepCopy();
    for (Map.Entry<String, String> c : changes.entrySet()) {
      JsonNode old = fields.get(c.getKey());
      if (old == null) {
        List<String> names = new ArrayList<>();
        fields.fieldNames().forEachRemaining(names::add);
        throw new OperationException(Kind.UNPROCESSABLE, "the input of run '" + h.runId() + "' has no field '"
            + Checks.printable(c.getKey()) + "'; its fields: " + names);
      }
      changed.set(c.getKey(), old.isTextual() ? TextNode.valueOf(c.getValue()) : value(c.getValue()));
    }
    try {
      return json.treeToValue(changed, type);
    } catch (IOException | IllegalArgumentException e) {
      String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
      throw new OperationException(Kind.UNPROCESSABLE, "the changed input does not fit " + type.getRawClass().getName()
          + Checks.fields(type.getRawClass()) + ": " + why);
    }
  }

  /** {@code 0.9}, {@code true}, {@code [1,2]} as JSON; anything else as text. */
  private JsonNode value(String v) {
    try {
      JsonNode n = json.readTree(v);
      return n == null || n.isMissingNode() ? TextNode.valueOf(v) : n;
    } catch (IOException e) {
      return TextNode.valueOf(v);
    }
  }
}
