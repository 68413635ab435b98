package dev.sluice.core.internal.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Funnels;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.sluice.core.internal.io.CanonicalGenerator;
import dev.sluice.core.internal.io.CanonicalJson;
import dev.sluice.core.internal.io.Hex;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.Param;
import dev.sluice.core.model.TaskSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cache key of a call: hex SHA-256 of the canonical JSON {@code
 * {"body":<body code>,"inputs":{<name>:<value>,…},"task":<name>,"version":<key version>}}, ignored
 * inputs left out, artifacts by their content hash (see {@link CanonicalJson}). The body's code
 * ({@link dev.sluice.core.model.BodyId}) keeps two tasks that share a name from sharing entries.
 */
public final class CacheKeys {
  private CacheKeys() {}

  /**
   * What a key is made of, for explaining a miss: the task, the key version, the body's code, and
   * each input (not ignored) as the first 16 hex digits of the SHA-256 of its canonical JSON.
   */
  public record Parts(String task, String version, String body, SortedMap<String, String> inputs) {
    public Parts {
      inputs = Collections.unmodifiableSortedMap(new TreeMap<>(inputs));
    }

    @Override
    public String toString() {
      return "task " + task + ", version " + version + ", body " + body + ", inputs " + inputs;
    }
  }

  /**
   * The key: the canonical text of the object above, written in one pass into the hash (fields in
   * sorted order: body, inputs, task, version), each input serialized straight into a {@link
   * CanonicalGenerator}.
   */
  public static String key(ValueCodec codec, TaskSpec task, Object[] args) {
    CachePolicy policy = task.cache();
    List<Param> params = task.inputs();
    Integer[] order = new Integer[params.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (order.length > 1) {
      Arrays.sort(order, Comparator.comparing(i -> params.get(i).name()));
    }
    Hasher hasher = Hashing.sha256().newHasher();
    try (CanonicalGenerator g = codec.canonicalGenerator(Funnels.asOutputStream(hasher))) {
      g.writeStartSortedObject();
      g.writeStringField("body", task.body().id().code());
      g.writeFieldName("inputs");
      g.writeStartSortedObject();
      for (int i : order) {
        String name = params.get(i).name();
        if (policy.ignoredInputs().contains(name)) {
          continue;
        }
        g.writeFieldName(name);
        try {
          codec.writeCanonical(args[i], g);
          g.checkValueWritten();
        } catch (IOException | RuntimeException e) {
          throw unkeyable(task, name, args[i], e);
        }
      }
      g.writeEndObject();
      g.writeStringField("task", task.name());
      g.writeStringField("version", policy.keyVersion());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a cache key", e);
    }
    return Hex.of(hasher.hash().asBytes());
  }

  private static IllegalArgumentException unkeyable(TaskSpec task, String name, Object arg, Exception e) {
    return new IllegalArgumentException(
        "task '" + task.name() + "': cannot compute its cache key, input '" + name + "' (a "
            + (arg == null ? "null" : arg.getClass().getName()) + ") cannot be written as"
            + " JSON: " + e.getMessage() + ". Fix: pass a record of JSON values, or leave the input"
            + " out of the key with .cache(c -> c.ignore(\"" + name + "\"))",
        e);
  }

  /** The parts of the call's key (a second pass over the inputs: only for misses and writes). */
  public static Parts parts(ValueCodec codec, TaskSpec task, Object[] args) {
    ObjectNode root = root(codec, task, args);
    SortedMap<String, String> inputs = new TreeMap<>();
    root.get("inputs").fields().forEachRemaining(e -> {
      Hasher hasher = Hashing.sha256().newHasher();
      CanonicalJson.write(e.getValue(), Funnels.asOutputStream(hasher));
      inputs.put(e.getKey(), hasher.hash().toString().substring(0, 16));
    });
    return new Parts(task.name(), task.cache().keyVersion(), task.body().id().code(), inputs);
  }

  private static ObjectNode root(ValueCodec codec, TaskSpec task, Object[] args) {
    CachePolicy policy = task.cache();
    ObjectNode root = codec.mapper().createObjectNode();
    root.put("task", task.name());
    root.put("version", policy.keyVersion());
    root.put("body", task.body().id().code());
    ObjectNode inputs = root.putObject("inputs");
    List<Param> params = task.inputs();
    for (int i = 0; i < params.size(); i++) {
      String name = params.get(i).name();
      if (policy.ignoredInputs().contains(name)) {
        continue;
      }
      try {
        inputs.set(name, codec.hashedTree(args[i]));
      } catch (IOException | RuntimeException e) {
        throw unkeyable(task, name, args[i], e);
      }
    }
    return root;
  }
}
