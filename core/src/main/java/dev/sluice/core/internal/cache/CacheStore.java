package dev.sluice.core.internal.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.artifact.Blobs;
import dev.sluice.core.cache.CacheEntry;
import dev.sluice.core.cache.TaskCache;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.Names;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache entries in a store: {@code cache/<task>/<version>/<key>.json}, a JSON object whose header
 * fields ({@code task}, {@code version}, {@code key}, {@code created}, {@code expires}, {@code run},
 * {@code node}, {@code outputType}, {@code outputBlob}, {@code blobs}) come before the stored
 * {@code output}, so a listing reads only the header and a lookup streams the output straight into
 * the task's type. A {@code parts} field (the body's code and a hash of each input) explains later
 * misses at debug level. An entry is written after everything it refers to is stored.
 */
public final class CacheStore implements TaskCache {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.cache");
  private static final String ROOT = "cache/";

  private final ArtifactStore store;
  private final ValueCodec codec;

  public CacheStore(ArtifactStore store) {
    this(store, ValueCodec.standard());
  }

  public CacheStore(ArtifactStore store, ValueCodec codec) {
    this.store = Objects.requireNonNull(store, "store");
    this.codec = codec;
  }

  /**
   * The entry of this call if it can be used: present, not expired under the task's policy at
   * {@code now}, every blob it refers to still in the store, and its output readable as the task's
   * output type. Anything else is a miss, logged in one line.
   */
  public Optional<CacheHit> lookup(TaskSpec task, String key, Instant now) {
    return lookup(task, key, now, null);
  }

  /**
   * {@link #lookup(TaskSpec, String, Instant)}; when there is no entry and debug logging is on,
   * logs the key's {@code parts} and what changed since the task's newest entry ({@link #whyMissed}).
   */
  public Optional<CacheHit> lookup(TaskSpec task, String key, Instant now, Supplier<CacheKeys.Parts> parts) {
    CachePolicy policy = task.cache();
    String entryKey = CacheEntry.storeKey(task.name(), policy.keyVersion(), key);
    InputStream in;
    try {
      in = store.get(entryKey);
    } catch (ObjectNotFoundException e) {
      if (parts != null && log.isDebugEnabled()) {
        CacheKeys.Parts p = parts.get();
        log.debug("task '{}': cache miss, key {} from {}; {}", task.name(), key, p, whyMissed(p));
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      log.warn("task '{}': the cache entry {} cannot be read; running the task: {}", task.name(), store.uri(entryKey), e.toString());
      return Optional.empty();
    }
    try (in;
        JsonParser p = codec.mapper().createParser(in)) {
      EntryHeader.Parsed header = EntryHeader.read(p).parsed();
      if (policy.expireAfter().isPresent() && !now.isBefore(header.created().plus(policy.expireAfter().get()))) {
        log.debug("task '{}': cache entry {} expired (created {}); running the task", task.name(), store.uri(entryKey),
            header.created());
        return Optional.empty();
      }
      for (String blob : header.blobs()) {
        Optional<StoredObject> stat = store.stat(Blobs.key(blob));
        if (stat.isEmpty()) {
          log.info("task '{}': cache entry {} refers to blob {}, which is gone; running the task again",
              task.name(), store.uri(entryKey), blob);
          return Optional.empty();
        }
        if (stat.get().sha256().isPresent() && !stat.get().sha256().get().equals(blob)) {
          dropCorrupt(task, header.entry(store.uri(entryKey)), blob, stat.get().sha256().get());
          return Optional.empty();
        }
      }
      String where = "the cache entry " + entryKey; // its URI is in the warning a failure logs
      p.nextToken();
      Object value =
          header.outputBlob() != null
              ? codec.decodeBlob(store, header.outputBlob(), task.output(), where)
              : codec.decode(store, p, task.output(), where);
      return Optional.of(new CacheHit(() -> header.entry(store.uri(entryKey)), value));
    } catch (ObjectNotFoundException e) {
      log.info("task '{}': cache entry {} refers to an object that is gone; running the task again: {}",
          task.name(), store.uri(entryKey), e.getMessage());
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      log.warn("task '{}': cache entry {} cannot be read back ({}); running the task again",
          task.name(), store.uri(entryKey), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A blob the entry refers to no longer hashes to its address: the entry is dropped and so is the
   * blob (its content is nobody's), so that the task's next output writes both anew.
   */
  private void dropCorrupt(TaskSpec task, CacheEntry entry, String blob, String actual) {
    log.warn("task '{}': cache entry {} refers to blob {}, whose content is corrupt (it hashes to {}); dropping the"
        + " entry and the blob, running the task again", task.name(), entry.uri(), blob, actual);
    try {
      store.delete(Blobs.key(blob));
      store.delete(entry.storeKey());
    } catch (RuntimeException e) {
      log.warn("task '{}': could not drop the corrupt cache entry {}: {}", task.name(), entry.uri(), e.toString());
    }
  }

  /** Stores {@code value} (artifacts, a large value as a blob), then the entry that refers to it. */
  public CacheEntry write(TaskSpec task, String key, Object value, String runId, String nodePath, Instant now) {
    return write(task, key, null, value, runId, nodePath, now);
  }

  /** {@link #write}, recording the key's {@code parts} (if not null) to explain later misses. */
  public CacheEntry write(
      TaskSpec task, String key, CacheKeys.Parts parts, Object value, String runId, String nodePath, Instant now) {
    CachePolicy policy = task.cache();
    ValueCodec.Encoded output = codec.encode(store, value, true);
    String entryKey = CacheEntry.storeKey(task.name(), policy.keyVersion(), key);
    CacheEntry entry =
        new CacheEntry(
            task.name(),
            policy.keyVersion(),
            key,
            store.uri(entryKey),
            now,
            policy.expireAfter().map(now::plus),
            runId,
            nodePath,
            List.copyOf(new TreeSet<>(output.blobs())));
    ByteArrayOutputStream out = new ByteArrayOutputStream(output.json().length + 512);
    try (JsonGenerator g = codec.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("task", entry.task());
      g.writeStringField("version", entry.version());
      g.writeStringField("key", key);
      g.writeStringField("created", now.toString());
      g.writeStringField("expires", entry.expires().map(Instant::toString).orElse(null));
      g.writeStringField("run", runId);
      g.writeStringField("node", nodePath);
      g.writeStringField("outputType", task.output().getTypeName());
      g.writeStringField("outputBlob", output.valueBlob());
      g.writeArrayFieldStart("blobs");
      for (String blob : entry.blobs()) {
        g.writeString(blob);
      }
      g.writeEndArray();
      if (parts != null) {
        g.writeObjectFieldStart("parts");
        g.writeStringField("body", parts.body());
        g.writeObjectFieldStart("inputs");
        for (Map.Entry<String, String> e : parts.inputs().entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeFieldName("output");
      g.writeRawValue(new String(output.json(), StandardCharsets.UTF_8));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a cache entry in memory", e);
    }
    store.put(entryKey, out.toByteArray());
    return entry;
  }

  /**
   * Why a call with these key parts found no entry: the task has none, none of this version, or,
   * compared with its newest entry of this version, which parts changed (the body, an input).
   * Lists and reads the task's entry headers: for debug logging only.
   */
  String whyMissed(CacheKeys.Parts parts) {
    String task = parts.task();
    List<String> all = entryKeys(ROOT + task + "/");
    if (all.isEmpty()) {
      return "the store has no entry of task '" + task + "'";
    }
    String prefix = ROOT + task + "/" + parts.version() + "/";
    JsonNode newest = null;
    int same = 0;
    for (String k : all) {
      if (!k.startsWith(prefix)) {
        continue;
      }
      same++;
      JsonNode h = rawHeader(k);
      if (h != null && h.has("parts") && (newest == null || h.path("created").asText().compareTo(newest.path("created").asText()) > 0)) {
        newest = h;
      }
    }
    if (same == 0) {
      return "no entry of cache version " + parts.version() + "; the task has entries of versions " + segments(ROOT + task + "/", 2);
    }
    if (newest == null) {
      return same + " entries of version " + parts.version() + " were written without their key's parts: which part changed cannot be said";
    }
    List<String> changed = new ArrayList<>();
    JsonNode was = newest.get("parts");
    if (!was.path("body").asText().equals(parts.body())) {
      changed.add("the body changed (" + was.path("body").asText() + " -> " + parts.body() + ")");
    }
    TreeSet<String> names = new TreeSet<>(parts.inputs().keySet());
    was.path("inputs").fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      String before = was.path("inputs").path(name).asText(null);
      String now = parts.inputs().get(name);
      if (before == null) {
        changed.add("input '" + name + "' is new in the key");
      } else if (now == null) {
        changed.add("input '" + name + "' left the key");
      } else if (!before.equals(now)) {
        changed.add("input '" + name + "' changed (" + before + " -> " + now + ")");
      }
    }
    String against = "against the newest entry (run " + newest.path("run").asText() + ", node "
        + newest.path("node").asText() + ", created " + newest.path("created").asText() + ")";
    return changed.isEmpty()
        ? "an entry with these parts existed " + against + " but not under this key (deleted?)"
        : String.join(", ", changed) + ", " + against;
  }

  private JsonNode rawHeader(String entryKey) {
    try (InputStream in = store.get(entryKey);
        JsonParser p = codec.mapper().createParser(in)) {
      return readHeader(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads the entry's fields up to its output into a tree (for {@link #whyMissed}, which reads the
   * {@code parts}); the parser is left on the {@code output} name.
   */
  private static ObjectNode readHeader(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("a cache entry must be a JSON object");
    }
    ObjectNode header = JsonNodeFactory.instance.objectNode();
    while (p.nextToken() == JsonToken.FIELD_NAME && !p.currentName().equals("output")) {
      String name = p.currentName();
      p.nextToken();
      header.set(name, p.readValueAsTree());
    }
    if (p.currentToken() != JsonToken.FIELD_NAME) {
      throw new IOException("the cache entry has no output");
    }
    return header;
  }

  /** The entry's header, for listings; empty if it is gone or unreadable (logged). */
  private Optional<CacheEntry> header(String entryKey) {
    try (InputStream in = store.get(entryKey);
        JsonParser p = codec.mapper().createParser(in)) {
      return Optional.of(EntryHeader.read(p).entry(store.uri(entryKey)));
    } catch (ObjectNotFoundException e) {
      return Optional.empty(); // deleted while we listed
    } catch (IOException | RuntimeException e) {
      log.warn("skipping cache entry {}: it cannot be read: {}", store.uri(entryKey), e.getMessage());
      return Optional.empty();
    }
  }

  // ---- TaskCache ------------------------------------------------------------------------------

  @Override
  public List<String> tasks() {
    return segments(ROOT, 1);
  }

  @Override
  public List<String> versions(String task) {
    return segments(ROOT + check(task, "task name") + "/", 2);
  }

  @Override
  public List<CacheEntry> entries(String task) {
    return entriesUnder(ROOT + check(task, "task name") + "/");
  }

  @Override
  public List<CacheEntry> entries(String task, String version) {
    return entriesUnder(ROOT + check(task, "task name") + "/" + check(version, "cache version") + "/");
  }

  @Override
  public int invalidate(String task) {
    return deleteUnder(ROOT + check(task, "task name") + "/");
  }

  @Override
  public int invalidate(String task, String version) {
    return deleteUnder(ROOT + check(task, "task name") + "/" + check(version, "cache version") + "/");
  }

  @Override
  public boolean invalidate(CacheEntry entry) {
    return store.delete(entry.storeKey());
  }

  private List<CacheEntry> entriesUnder(String prefix) {
    List<CacheEntry> out = new ArrayList<>();
    for (String key : entryKeys(prefix)) {
      header(key).ifPresent(out::add);
    }
    return out;
  }

  private int deleteUnder(String prefix) {
    int n = 0;
    for (String key : entryKeys(prefix)) {
      if (store.delete(key)) {
        n++;
      }
    }
    log.info("invalidated {} cache entries under {}", n, store.uri(prefix.substring(0, prefix.length() - 1)));
    return n;
  }

  private List<String> entryKeys(String prefix) {
    try (Stream<StoredObject> objects = store.listAll(prefix)) {
      return objects.map(StoredObject::key).filter(k -> k.endsWith(".json")).sorted().toList();
    }
  }

  /** The distinct path segment number {@code index} of the entries under {@code prefix}, sorted. */
  private List<String> segments(String prefix, int index) {
    TreeSet<String> names = new TreeSet<>();
    for (String key : entryKeys(prefix)) {
      String[] parts = key.split("/");
      if (parts.length == 4) {
        names.add(parts[index]);
      }
    }
    return List.copyOf(names);
  }

  private static String check(String name, String what) {
    if (!Names.isValid(name)) {
      throw new IllegalArgumentException(
          what + " '" + name + "' is not valid: use 1 to 128 letters, digits, '-', '_' or '.'");
    }
    return name;
  }
}
