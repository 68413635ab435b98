package dev.sluice.core.internal.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Funnels;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.sluice.core.internal.io.CanonicalJson;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.Param;
import dev.sluice.core.model.TaskSpec;
import java.io.IOException;
import java.util.List;

/**
 * The cache key of a call: hex SHA-256 of the canonical JSON {@code
 * {"body":<body code>,"inputs":{<name>:<value>,…},"task":<name>,"version":<key version>}}, ignored
 * inputs left out, artifacts by their content hash (see {@link CanonicalJson}). The body's code
 * ({@link dev.sluice.core.model.BodyId}) keeps two tasks that share a name from sharing entries.
 */
public final class CacheKeys {
  private CacheKeys() {}

  public static String key(ValueCodec codec, TaskSpec task, Object[] args) {
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
        throw new IllegalArgumentException(
            "task '" + task.name() + "': cannot compute its cache key, input '" + name + "' (a "
                + (args[i] == null ? "null" : args[i].getClass().getName()) + ") cannot be written as"
                + " JSON: " + e.getMessage() + ". Fix: pass a record of JSON values, or leave the input"
                + " out of the key with .cache(c -> c.ignore(\"" + name + "\"))",
            e);
      }
    }
    Hasher hasher = Hashing.sha256().newHasher();
    CanonicalJson.write(root, Funnels.asOutputStream(hasher));
    return hasher.hash().toString();
  }
}
