package dev.sluice.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.artifact.ArtifactContext;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.model.Param;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RemoteTaskException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes a task's {@code inputs.json} (an object: parameter name → value),
 * {@code outputs.json} (the output value) and {@code error.json} ({@code type}, {@code message},
 * {@code stack}, {@code retryable}) in a store, with Jackson. The engine and the task runner use the
 * same format, so what one writes the other reads.
 *
 * <p>Values are plain JSON (records, lists, maps, {@code Optional}, {@code java.time} as ISO text).
 * Artifacts ({@code FileRef}, {@code DirRef}) are uploaded to the store as content-addressed blobs
 * when written and come back as handles reading from it. A value whose JSON is larger than the
 * threshold (1 MiB by default) is written once as a blob under {@code blobs/sha256/} and appears as
 * {@code {"@sluice":"value","sha256":…,"size":…}}; reading follows it. Inputs of command tasks are
 * never offloaded that way, since the process reads its inputs file itself.
 */
public final class TaskIo {
  private final ValueCodec codec;

  private TaskIo(ValueCodec codec) {
    this.codec = codec;
  }

  /** The format Sluice uses everywhere, with the default 1 MiB large-value threshold. */
  public static TaskIo standard() {
    return new TaskIo(ValueCodec.standard());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Values whose JSON is larger than this many bytes are stored as blobs and passed by reference. */
  public long largeValueThreshold() {
    return codec.largeValueThreshold();
  }

  /** Writes the inputs of one call of {@code task}, in its parameter order, to {@code key}. */
  public void writeInputs(ArtifactStore store, String key, TaskSpec task, Object[] inputs) {
    List<Param> params = task.inputs();
    if (inputs.length != params.size()) {
      throw new IllegalArgumentException(
          "task '" + task.name() + "' takes " + params.size() + " inputs, got " + inputs.length);
    }
    String[] names = new String[params.size()];
    byte[][] values = new byte[params.size()][];
    for (int i = 0; i < params.size(); i++) {
      names[i] = params.get(i).name();
      values[i] = codec.encode(store, inputs[i], !task.isCommand()).json();
    }
    store.put(key, codec.object(names, values));
  }

  /** Reads the inputs written by {@link #writeInputs}, each decoded to its parameter's type. */
  public Object[] readInputs(ArtifactStore store, String key, TaskSpec task) {
    JsonNode node = codec.read(store, key);
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
      values[i] = codec.decode(store, value, p.type(), store.uri(key) + " input '" + p.name() + "'");
    }
    return values;
  }

  /** Writes the output value of {@code task} to {@code key}. */
  public void writeOutput(ArtifactStore store, String key, TaskSpec task, Object value) {
    Objects.requireNonNull(task, "task");
    store.put(key, codec.encode(store, value, true).json());
  }

  /** Reads an output written by {@link #writeOutput} (or by a command task), as the task's type. */
  public Object readOutput(ArtifactStore store, String key, TaskSpec task) {
    return codec.decode(store, codec.read(store, key), task.output(), store.uri(key).toString());
  }

  /** Writes a structured error for a failed call. */
  public void writeError(ArtifactStore store, String key, Throwable error, boolean retryable) {
    StringWriter stack = new StringWriter();
    error.printStackTrace(new PrintWriter(stack));
    ObjectNode node = codec.mapper().createObjectNode();
    node.put("type", error.getClass().getName());
    node.put("message", String.valueOf(error.getMessage()));
    node.put("stack", stack.toString());
    node.put("retryable", retryable);
    store.put(key, codec.encode(store, node, false).json());
  }

  /** Reads an error written by {@link #writeError} as the exception the engine reports. */
  public RemoteTaskException readError(ArtifactStore store, String key) {
    JsonNode node = codec.read(store, key);
    return new RemoteTaskException(
        node.path("type").asText("unknown"),
        node.path("message").asText(""),
        node.path("stack").asText(""),
        node.path("retryable").asBoolean(false));
  }

  /** Mutable builder of a {@link TaskIo}. */
  public static final class Builder {
    private long largeValueThreshold = ValueCodec.DEFAULT_LARGE_VALUE_THRESHOLD;
    private Path artifactDirectory = ArtifactContext.defaultDirectory();

    private Builder() {}

    /** Values whose JSON is larger than this many bytes are stored as blobs (default 1 MiB). */
    public Builder largeValueThreshold(long bytes) {
      this.largeValueThreshold = bytes;
      return this;
    }

    /** Where decoded artifact handles copy files when asked for a local path (default {@code $TMPDIR/sluice-artifacts}). */
    public Builder artifactDirectory(Path dir) {
      this.artifactDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    public TaskIo build() {
      return new TaskIo(new ValueCodec(largeValueThreshold, artifactDirectory));
    }
  }
}
