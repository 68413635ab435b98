package dev.sluice.core.internal.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.common.base.Suppliers;
import dev.sluice.core.artifact.ArtifactContext;
import dev.sluice.core.artifact.Blobs;
import dev.sluice.core.model.Types;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoreException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Turns values into the JSON Sluice stores and back, with Jackson (records, {@code Optional},
 * {@code java.time}). Artifacts ({@code FileRef}, {@code DirRef}) are uploaded and written as
 * references; a value whose JSON exceeds the large-value threshold is written once as a
 * content-addressed blob and replaced by {@code {"@sluice":"value","sha256":…,"size":…}}.
 *
 * <p>Such a blob holds the value in <a href="https://github.com/FasterXML/smile-format-specification">Smile</a>,
 * Jackson's binary JSON (same data model, numbers in binary, repeated field names written once):
 * a list of records of doubles is less than half the bytes of its JSON and decodes 2.5-3x faster,
 * which is most of what a large cache hit or a large task input costs. Blobs written as JSON text
 * by earlier versions are still read: the two are told apart by Smile's header ({@code ":)\n"}),
 * which JSON text never starts with.
 */
public final class ValueCodec {
  /** The default large-value threshold: 1 MiB. */
  public static final long DEFAULT_LARGE_VALUE_THRESHOLD = 1L << 20;

  private static final String MARKER = "@sluice";
  /** How every Smile document starts: {@code :)} and a newline. */
  private static final byte[] SMILE_HEADER = {':', ')', '\n'};

  /** Made on first use: an engine that never encodes a value (an in-memory run) loads no Jackson. */
  private final Supplier<ObjectMapper> json = Suppliers.memoize(ValueCodec::newMapper);
  /** Made on first use, like {@link #json}: only large values' blobs are Smile. */
  private final Supplier<ObjectMapper> smile = Suppliers.memoize(ValueCodec::newSmileMapper);
  /**
   * The writer of cache keys: artifacts hashed, not uploaded (one shared context), on the {@link
   * #keyMapper}.
   */
  private final Supplier<ObjectWriter> hashingWriter =
      Suppliers.memoize(() -> keyMapper(mapper()).writer()
          .withAttribute(ArtifactContext.class, ArtifactContext.hashingOnly()));
  private final long largeValueThreshold;
  private final Path artifactDirectory;
  private static final int READERS = 1024;
  private volatile BoundReaders readers;

  public ValueCodec(long largeValueThreshold, Path artifactDirectory) {
    if (largeValueThreshold < 0) {
      throw new IllegalArgumentException("largeValueThreshold must be >= 0 bytes, got " + largeValueThreshold);
    }
    this.largeValueThreshold = largeValueThreshold;
    this.artifactDirectory = Objects.requireNonNull(artifactDirectory, "artifactDirectory");
  }

  /**
   * The mapper of cache keys: a copy of {@code base} whose {@code double} getters are read unboxed
   * ({@link DoubleGetters}) and whose plain beans write their properties in canonical order ({@link
   * SortedBeanSerializer}); the canonical text is the same, only keys take these paths.
   */
  static ObjectMapper keyMapper(ObjectMapper base) {
    return base.copy().registerModule(DoubleGetters.module()).registerModule(SortedBeanSerializer.module());
  }

  /** {@link #newMapper()}'s configuration over Smile (large values' blobs). */
  static ObjectMapper newSmileMapper() {
    return configured(SmileMapper.builder());
  }

  /** What every Sluice mapper has, whatever its format: modules, JDK 8 types, java.time as ISO text. */
  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> M configured(B builder) {
    return builder
        .findAndAddModules()
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .build();
  }

  /** The defaults: 1 MiB threshold, artifacts materialized under {@code $TMPDIR/sluice-artifacts}. */
  public static ValueCodec standard() {
    return new ValueCodec(DEFAULT_LARGE_VALUE_THRESHOLD, ArtifactContext.defaultDirectory());
  }

  /**
   * The mapper every Sluice encoding uses: modules on the class path, JDK 8 types, java.time as ISO
   * text, and Jackson's fast double parser and writer (exact round trips, about 3x faster on arrays
   * of doubles, which ML values are full of).
   */
  public static ObjectMapper newMapper() {
    return configured(JsonMapper.builder()
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER));
  }

  public long largeValueThreshold() {
    return largeValueThreshold;
  }

  private ObjectMapper smile() {
    return smile.get();
  }

  public ObjectMapper mapper() {
    return json.get();
  }

  /**
   * A value as stored: its JSON (possibly a large-value reference), every blob it refers to, and
   * the blob holding the value itself when it was offloaded (else null).
   */
  public record Encoded(byte[] json, Set<String> blobs, String valueBlob) {}

  /**
   * Encodes {@code value} for {@code store}: uploads its artifacts and, if {@code offload} and its
   * JSON is over the threshold, writes that JSON as a blob and returns a reference to it.
   */
  public Encoded encode(ArtifactStore store, Object value, boolean offload) {
    ArtifactContext ctx = ArtifactContext.of(store, artifactDirectory);
    byte[] bytes;
    try {
      bytes = writer(ctx).writeValueAsBytes(value);
    } catch (IOException e) {
      throw storeFailureOr(e, new IllegalArgumentException(
          "cannot encode a " + value.getClass().getName() + " as JSON: " + e.getMessage(), e));
    } catch (RuntimeException e) {
      throw storeFailureOr(e, e);
    }
    Set<String> blobs = new TreeSet<>(ctx.blobs());
    if (!offload || bytes.length <= largeValueThreshold) {
      return new Encoded(bytes, Set.copyOf(blobs), null);
    }
    byte[] stored = toSmile(value, ctx);
    String hash = Blobs.put(store, stored);
    blobs.add(hash);
    byte[] reference = ("{\"" + MARKER + "\":\"value\",\"sha256\":\"" + hash + "\",\"size\":" + stored.length + "}")
        .getBytes(StandardCharsets.UTF_8);
    return new Encoded(reference, Set.copyOf(blobs), hash);
  }

  /**
   * The value in Smile, serialized again (not copied from its JSON, whose parser would turn a
   * {@code BigDecimal} into a double): every number keeps its Java type and exact value.
   */
  private byte[] toSmile(Object value, ArtifactContext ctx) {
    try {
      return smile().writer().withAttribute(ArtifactContext.class, ctx).writeValueAsBytes(value);
    } catch (IOException e) {
      throw storeFailureOr(e, new IllegalArgumentException(
          "cannot encode a " + value.getClass().getName() + " as Smile: " + e.getMessage(), e));
    }
  }

  /** Uploads the artifacts inside {@code value} to {@code store}; returns their blobs. */
  public Set<String> uploadArtifacts(ArtifactStore store, Object value) throws IOException {
    ArtifactContext ctx = ArtifactContext.of(store, artifactDirectory);
    try {
      writer(ctx).writeValue(OutputStream.nullOutputStream(), value);
    } catch (IOException | RuntimeException e) {
      RuntimeException storeFailure = storeFailureOr(e, null);
      if (storeFailure != null) {
        throw storeFailure;
      }
      throw e;
    }
    return ctx.blobs();
  }

  /**
   * The store's failure when {@code e} is one (Jackson wraps what an artifact's upload throws), so
   * that a store fault is reported as one and never as a value that cannot be written; else {@code
   * otherwise}.
   */
  private static RuntimeException storeFailureOr(Throwable e, RuntimeException otherwise) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof StoreException s) {
        return s;
      }
    }
    return otherwise;
  }

  /**
   * {@code value} as a JSON tree with its artifacts hashed, not uploaded, and numbers kept as
   * numbers: the input of a canonical encoding.
   */
  public JsonNode hashedTree(Object value) throws IOException {
    try (TokenBuffer buffer = new TokenBuffer(mapper(), false)) {
      hashingWriter.get().writeValue(buffer, value);
      return mapper().readTree(buffer.asParser(mapper()));
    }
  }

  /**
   * Writes the canonical text of {@code value} (that of {@link CanonicalJson} over {@link
   * #hashedTree}) to {@code g}, serialized straight into it: no token buffer, no tree.
   */
  public void writeCanonical(Object value, CanonicalGenerator g) throws IOException {
    hashingWriter.get().writeValue(g, value);
  }

  /** A generator of canonical text into {@code out}, whose POJOs and trees this codec serializes. */
  public CanonicalGenerator canonicalGenerator(OutputStream out) {
    return new CanonicalGenerator(out, mapper());
  }

  /**
   * Decodes a stored value as {@code type}: follows a large-value reference into its blob, binds
   * artifact handles to {@code store}. {@code where} names the value in errors.
   */
  public Object decode(ArtifactStore store, JsonNode node, Type type, String where) {
    if (isLargeValueReference(node)) {
      return decodeBlob(store, node.get("sha256").asText(), type, where);
    }
    return read(type, where, () -> reader(store, type).readValue(node));
  }

  /** Decodes the value at the parser's current token (inline, never a large-value reference). */
  public Object decode(ArtifactStore store, JsonParser parser, Type type, String where) {
    return read(type, where, () -> reader(store, type).readValue(parser));
  }

  /**
   * Decodes a value offloaded to the blob {@code sha256}. The blob is read to its end, where its
   * content is checked against its address; Jackson must not close the stream when it has the value
   * (its default), since an S3 response body cannot be read after close.
   */
  public Object decodeBlob(ArtifactStore store, String sha256, Type type, String where) {
    return read(type, where, () -> {
      String key = Blobs.key(sha256);
      try (InputStream in = new BufferedInputStream(Blobs.verified(store.get(key), sha256, store.uri(key)), 1 << 16)) {
        in.mark(SMILE_HEADER.length);
        boolean isSmile = Arrays.equals(in.readNBytes(SMILE_HEADER.length), SMILE_HEADER);
        in.reset();
        Object value = isSmile ? reader(true, store, type).readValue(in) : reader(store, type).readValue(in);
        in.transferTo(OutputStream.nullOutputStream()); // to its end, where the content is checked
        return value;
      }
    });
  }

  private ObjectReader reader(ArtifactStore store, Type type) {
    return reader(false, store, type);
  }

  /**
   * A reader of {@code type} bound to {@code store}, made once per type for the store last used
   * (an engine's codec reads from one store): resolving a generic type and building a reader cost
   * more than decoding a small value. Decoding only reads the context's store and folder, so one
   * context serves every read. At most {@value #READERS} types are kept (then the cache starts
   * again), in case types come from a source that makes new, unequal instances.
   */
  private ObjectReader reader(boolean smileBlob, ArtifactStore store, Type type) {
    BoundReaders bound = readers;
    if (bound == null || bound.store() != store) {
      bound = new BoundReaders(store, ArtifactContext.of(store, artifactDirectory), new ConcurrentHashMap<>(),
          new ConcurrentHashMap<>());
      readers = bound;
    }
    Map<Type, ObjectReader> byType = smileBlob ? bound.smile() : bound.json();
    ObjectReader reader = byType.get(type);
    if (reader == null) {
      ObjectMapper mapper = smileBlob ? smile() : mapper();
      reader = mapper.readerFor(mapper.getTypeFactory().constructType(type))
          .without(JsonParser.Feature.AUTO_CLOSE_SOURCE)
          .withAttribute(ArtifactContext.class, bound.context());
      if (byType.size() >= READERS) {
        byType.clear();
      }
      byType.put(type, reader);
    }
    return reader;
  }

  /** Readers bound to one store, by encoding (Smile or JSON) and type. */
  private record BoundReaders(
      ArtifactStore store, ArtifactContext context, Map<Type, ObjectReader> json, Map<Type, ObjectReader> smile) {}

  /** How one value is read. */
  private interface Read {
    Object value() throws IOException;
  }

  private static Object read(Type type, String where, Read read) {
    try {
      return read.value();
    } catch (ObjectNotFoundException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          where + " does not hold a " + Types.describe(type) + ": " + e.getMessage(), e);
    }
  }

  private static boolean isLargeValueReference(JsonNode node) {
    return node.isObject()
        && node.size() == 3
        && "value".equals(node.path(MARKER).asText())
        && Blobs.isHash(node.path("sha256").asText());
  }

  private ObjectWriter writer(ArtifactContext ctx) {
    return mapper().writer().withAttribute(ArtifactContext.class, ctx);
  }

  /** Reads a JSON object from {@code key}. */
  public JsonNode read(ArtifactStore store, String key) {
    try (InputStream in = store.get(key)) {
      return mapper().readTree(in);
    } catch (ObjectNotFoundException e) {
      throw e;
    } catch (IOException e) {
      throw new StoreException(store.uri(key) + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Writes a JSON object whose fields are already-encoded values, in the given order. */
  public byte[] object(String[] names, byte[][] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = mapper().getFactory().createGenerator(out)) {
      g.writeStartObject();
      for (int i = 0; i < names.length; i++) {
        g.writeFieldName(names[i]);
        g.writeRawValue(new String(values[i], StandardCharsets.UTF_8));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON in memory", e);
    }
    return out.toByteArray();
  }
}
