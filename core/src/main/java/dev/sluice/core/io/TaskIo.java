package dev.sluice.core.io;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.model.Param;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.RemoteTaskException;
import dev.sluice.core.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes a task's {@code inputs.json} (an object: parameter name → value),
 * {@code outputs.json} (the output value) and {@code error.json} ({@code type}, {@code message},
 * {@code stack}, {@code retryable}) in a store, with Jackson. The engine and the task runner use the
 * same instance shape, so what one writes the other reads.
 */
public final class TaskIo {
  private final ObjectMapper json;

  private TaskIo(ObjectMapper json) {
    this.json = json;
  }

  /** The format Sluice uses everywhere. */
  public static TaskIo standard() {
    return new TaskIo(new ObjectMapper().findAndRegisterModules());
  }

  /** Writes the inputs of one call of {@code task}, in its parameter order, to {@code key}. */
  public void writeInputs(ArtifactStore store, String key, TaskSpec task, Object[] inputs) {
    List<Param> params = task.inputs();
    if (inputs.length != params.size()) {
      throw new IllegalArgumentException(
          "task '" + task.name() + "' takes " + params.size() + " inputs, got " + inputs.length);
    }
    ObjectNode node = json.createObjectNode();
    for (int i = 0; i < params.size(); i++) {
      node.set(params.get(i).name(), json.valueToTree(inputs[i]));
    }
    store.put(key, bytes(node, key));
  }

  /** Reads the inputs written by {@link #writeInputs}, each decoded to its parameter's type. */
  public Object[] readInputs(ArtifactStore store, String key, TaskSpec task) {
    JsonNode node = read(store, key);
    List<Param> params = task.inputs();
    Object[] values = new Object[params.size()];
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      JsonNode value = node.get(p.name());
      if (value == null) {
        throw new IllegalArgumentException(
            store.uri(key) + " has no input '" + p.name() + "' for task '" + task.name()
                + "'; it has " + node.properties().stream().map(e -> e.getKey()).toList());
      }
      values[i] = convert(value, p.type(), store, key);
    }
    return values;
  }

  /** Writes the output value of {@code task} to {@code key}. */
  public void writeOutput(ArtifactStore store, String key, TaskSpec task, Object value) {
    Objects.requireNonNull(task, "task");
    store.put(key, bytes(json.valueToTree(value), key));
  }

  /** Reads an output written by {@link #writeOutput} (or by a command task), as the task's type. */
  public Object readOutput(ArtifactStore store, String key, TaskSpec task) {
    return convert(read(store, key), task.output(), store, key);
  }

  /** Writes a structured error for a failed call. */
  public void writeError(ArtifactStore store, String key, Throwable error, boolean retryable) {
    StringWriter stack = new StringWriter();
    error.printStackTrace(new PrintWriter(stack));
    ObjectNode node = json.createObjectNode();
    node.put("type", error.getClass().getName());
    node.put("message", String.valueOf(error.getMessage()));
    node.put("stack", stack.toString());
    node.put("retryable", retryable);
    store.put(key, bytes(node, key));
  }

  /** Reads an error written by {@link #writeError} as the exception the engine reports. */
  public RemoteTaskException readError(ArtifactStore store, String key) {
    JsonNode node = read(store, key);
    return new RemoteTaskException(
        node.path("type").asText("unknown"),
        node.path("message").asText(""),
        node.path("stack").asText(""),
        node.path("retryable").asBoolean(false));
  }

  private JsonNode read(ArtifactStore store, String key) {
    try (InputStream in = store.get(key)) {
      return json.readTree(in);
    } catch (ObjectNotFoundException e) {
      throw e;
    } catch (IOException e) {
      throw new StoreException(store.uri(key) + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private Object convert(JsonNode value, java.lang.reflect.Type type, ArtifactStore store, String key) {
    JavaType javaType = json.getTypeFactory().constructType(type);
    try {
      return json.treeToValue(value, javaType);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          store.uri(key) + " does not hold a " + Types.describe(type) + ": " + e.getMessage(), e);
    }
  }

  private byte[] bytes(JsonNode node, String key) {
    try {
      return json.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + key + " as JSON: " + e.getMessage(), e);
    }
  }
}
