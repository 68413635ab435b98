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
import java.io.IOException;
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
}
