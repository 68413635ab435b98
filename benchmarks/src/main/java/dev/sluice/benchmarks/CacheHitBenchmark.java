package dev.sluice.benchmarks;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.core.cache.TaskCache;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.google.common.hash.Hashing;
import dev.sluice.core.internal.cache.CacheKeys;
import dev.sluice.core.internal.cache.CacheStore;
import dev.sluice.core.internal.io.CanonicalJson;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.model.TaskSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cache-hit latency: one whole run of a one-task workflow whose task is served from the task cache
 * ({@code servedFromCache}), next to the same workflow with the cache off, so the task runs
 * ({@code runUncached}), and to two floors measured in the same run: the raw store read of the
 * cache entry's bytes ({@code rawStoreGet}), and that read plus a plain Jackson decode of the same
 * value with the same Jackson features ({@code rawGetAndDecode}). The payload is a {@code Long} or a record of 1,000 doubles
 * (about 20 KB of JSON).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CacheHitBenchmark {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A model's weights: what a training task might return. */
  public record Weights(double[] values) {}

  private static final Weights WEIGHTS = weights();

  @Param({"memory", "filesystem"})
  public String store;

  @Param({"long", "weights"})
  public String payload;

  private Path dir;
  private ArtifactStore artifacts;
  private Engine engine;
  private Workflow<Long, ?> cached;
  private Workflow<Long, ?> uncached;
  private String entryKey;
  /** The floor's decoder: plain Jackson with the same fast double parser the codec enables. */
  private final ObjectMapper plain = JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
  private Class<?> outputType;

  private static Weights weights() {
    double[] v = new double[1000];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.sin(i) * 1e-3;
    }
    return new Weights(v);
  }

  private static Workflow<Long, ?> workflow(String name, Task1<Long, ?> task) {
    return Workflow.named(name, Long.class, (wf, x) -> wf.call(task, x));
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException, TimeoutException {
    dir = Files.createTempDirectory("sluice-cache-bench");
    artifacts = store.equals("memory") ? ArtifactStores.inMemory() : ArtifactStores.filesystem(dir.resolve("store"));
    engine = Engine.builder().parallelism(2).workDirectory(dir).store(artifacts).build();
    Task1<Long, ?> cachedTask =
        payload.equals("long")
            ? Task.named("bench-cached").cache("1").of(x -> x + 1)
            : Task.named("bench-cached").cache("1").of(x -> WEIGHTS);
    Task1<Long, ?> plainTask =
        payload.equals("long") ? Task.named("bench-plain").of(x -> x + 1) : Task.named("bench-plain").of(x -> WEIGHTS);
    cached = workflow("cache-hit", cachedTask);
    uncached = workflow("no-cache", plainTask);
    engine.run(cached, 7L).await(WAIT); // writes the entry
    RunHandle<?> hit = engine.run(cached, 7L);
    hit.await(WAIT);
    if (hit.status().node("bench-cached").orElseThrow().state() != NodeState.CACHED) {
      throw new IllegalStateException("the second run was not served from the cache: " + hit.status().toTable());
    }
    entryKey = TaskCache.on(artifacts).entries("bench-cached").get(0).storeKey();
    outputType = payload.equals("long") ? Long.class : Weights.class;
    artifacts.put("bench/output.json", plain.writeValueAsBytes(payload.equals("long") ? 8L : WEIGHTS));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    engine.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public Object servedFromCache() throws TimeoutException {
    return engine.run(cached, 7L).await(WAIT);
  }

  @Benchmark
  public Object runUncached() throws TimeoutException {
    return engine.run(uncached, 7L).await(WAIT);
  }

  @Benchmark
  public Object rawGetAndDecode() throws IOException {
    try (InputStream in = artifacts.get("bench/output.json")) {
      return plain.readValue(in, outputType);
    }
  }

  @Benchmark
  public int rawStoreGet() throws IOException {
    try (InputStream in = artifacts.get(entryKey)) {
      return in.readAllBytes().length;
    }
  }

  /**
   * What a hit costs against its floor, for values of 1 KB, 1 MB and 10 MB of JSON (a list of
   * 5-double rows, like the QoE example's sessions; the 10 MB value is over the 1 MiB large-value
   * threshold, so its entry refers to a blob), on an in-memory store so that the disk is not
   * measured: {@code hit} keys the input (the same value) with {@link CacheKeys#key}, reads the
   * entry and decodes the output ({@link CacheStore#lookup}), what the engine does for a cached
   * call; {@code floor} hashes the input's canonical bytes (precomputed) with SHA-256 and decodes
   * the output's JSON (in memory) with plain Jackson. {@code key} and {@code lookup} are the hit's
   * two halves; {@code floorSmile} decodes the same value from Smile, the binary encoding
   * considered for large values.
   */
  @State(Scope.Benchmark)
  @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public static class Sizes {
    /** One row: five doubles. */
    public record Row(double bitrate, double rebuffer, double startup, double loss, double mos) {}

    @Param({"1KB", "1MB", "10MB"})
    public String size;

    private final ValueCodec codec = ValueCodec.standard();
    private final ObjectMapper plain = JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private final ObjectMapper smile = new ObjectMapper(new SmileFactory());
    private ArtifactStore artifacts;
    private CacheStore cache;
    private TaskSpec task;
    private Object[] args;
    private String key;
    private byte[] canonical;
    private byte[] outputJson;
    private byte[] outputSmile;
    private com.fasterxml.jackson.databind.JavaType type;
    private final Instant now = Instant.parse("2025-01-01T00:00:00Z");

    static List<Row> same(List<Row> rows) {
      return rows;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      long bytes = switch (size) {
        case "1KB" -> 1_000;
        case "1MB" -> 1_000_000;
        default -> 10_000_000;
      };
      List<Row> rows = new java.util.ArrayList<>();
      java.util.Random random = new java.util.Random(42);
      while (plainSize(rows) < bytes) {
        for (int i = 0; i < Math.max(1, rows.size() / 4 + 1); i++) {
          rows.add(new Row(random.nextDouble() * 8, random.nextDouble() * 0.2, random.nextDouble() * 3,
              random.nextDouble(), 1 + random.nextDouble() * 4));
        }
      }
      artifacts = ArtifactStores.inMemory();
      cache = new CacheStore(artifacts, codec);
      Task1<List<Row>, List<Row>> t = Task.named("sized").cache("1").of(Sizes::same);
      task = t.spec();
      args = new Object[] {rows};
      key = CacheKeys.key(codec, task, args);
      cache.write(task, key, rows, "run-1", "sized", now);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CanonicalJson.write(codec.hashedTree(rows), out); // what the key hashes (its input part)
      canonical = out.toByteArray();
      outputJson = plain.writeValueAsBytes(rows);
      outputSmile = smile.writeValueAsBytes(rows);
      type = plain.getTypeFactory().constructCollectionType(List.class, Row.class);
      System.out.printf("%n%s: %d rows, %d bytes of JSON, %d of Smile, %d canonical%n", size, rows.size(),
          outputJson.length, outputSmile.length, canonical.length);
    }

    private long plainSize(List<Row> rows) {
      return rows.size() * 141L; // bytes of JSON per row, about; the real size is printed
    }

    @Benchmark
    public Object hit() {
      String k = CacheKeys.key(codec, task, args);
      return cache.lookup(task, k, now).orElseThrow().value();
    }

    @Benchmark
    public String key() {
      return CacheKeys.key(codec, task, args);
    }

    @Benchmark
    public Object lookup() {
      return cache.lookup(task, key, now).orElseThrow().value();
    }

    @Benchmark
    public Object floor() throws IOException {
      String hash = Hashing.sha256().hashBytes(canonical).toString();
      List<?> value = plain.readValue(outputJson, type);
      return hash.length() + value.size();
    }

    @Benchmark
    public Object floorSmile() throws IOException {
      String hash = Hashing.sha256().hashBytes(canonical).toString();
      List<?> value = smile.readValue(outputSmile, type);
      return hash.length() + value.size();
    }
  }
}
