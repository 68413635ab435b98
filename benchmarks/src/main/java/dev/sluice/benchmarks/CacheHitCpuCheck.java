package dev.sluice.benchmarks;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.google.common.hash.Hashing;
import dev.sluice.benchmarks.CacheHitBenchmark.Sizes.Row;
import dev.sluice.core.internal.cache.CacheKeys;
import dev.sluice.core.internal.cache.CacheStore;
import dev.sluice.core.internal.io.CanonicalJson;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.dsl.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * {@link CacheHitBenchmark.Sizes}'s hit and floor, timed by the thread's CPU time rather than the
 * clock, alternating in one process: on a shared machine a benchmark's wall time follows the load,
 * while a ratio of CPU times taken side by side hardly does. Also Smile against JSON for the decode
 * alone. Prints the median of 40 rounds after 20 warm-up rounds. Run with {@code java -cp
 * benchmarks/target/benchmarks.jar dev.sluice.benchmarks.CacheHitCpuCheck [rows…]} (by default the
 * rows of 1 KB, 1 MB and 10 MB and two sizes between).
 */
public final class CacheHitCpuCheck {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private CacheHitCpuCheck() {}

  /** One measured operation. */
  private interface Op {
    void run() throws IOException;
  }

  public static void main(String[] args) throws IOException {
    ObjectMapper plain = JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    ObjectMapper smile = new ObjectMapper(new SmileFactory());
    int[] sizes = args.length == 0
        ? new int[] {10, 100, 1_000, 8_718, 87_103} // the sizes' rows, and two between
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int n : sizes) {
      List<Row> rows = rows(n);
      ValueCodec codec = ValueCodec.standard();
      ArtifactStore store = ArtifactStores.inMemory();
      CacheStore cache = new CacheStore(store, codec);
      TaskSpec task = Task.named("sized").cache("1").of(CacheHitBenchmark.Sizes::same).spec();
      Object[] inputs = {rows};
      String key = CacheKeys.key(codec, task, inputs);
      cache.write(task, key, rows, "run-1", "sized", NOW);
      ByteArrayOutputStream canonical = new ByteArrayOutputStream();
      CanonicalJson.write(codec.hashedTree(rows), canonical);
      byte[] canonicalBytes = canonical.toByteArray();
      byte[] json = plain.writeValueAsBytes(rows);
      byte[] smileBytes = smile.writeValueAsBytes(rows);
      JavaType type = plain.getTypeFactory().constructCollectionType(List.class, Row.class);
      JavaType smileType = smile.getTypeFactory().constructCollectionType(List.class, Row.class);
      int reps = Math.max(1, 3_000_000 / json.length);
      double[] medians = medians(reps,
          () -> {
            Hashing.sha256().hashBytes(canonicalBytes).toString();
            plain.readValue(json, type);
          },
          () -> cache.lookup(task, CacheKeys.key(codec, task, inputs), NOW).orElseThrow(),
          () -> CacheKeys.key(codec, task, inputs),
          () -> cache.lookup(task, key, NOW).orElseThrow(),
          () -> plain.readValue(json, type),
          () -> smile.readValue(smileBytes, smileType));
      System.out.printf("%6d rows, %,11d B of JSON: CPU µs per op: floor %,10.1f  hit %,10.1f (key %,10.1f, lookup %,10.1f)"
              + "  hit/floor %.2f | decode JSON %,10.1f  Smile %,10.1f  Smile/JSON %.2f%n",
          n, json.length, medians[0], medians[1], medians[2], medians[3], medians[1] / medians[0], medians[4],
          medians[5], medians[5] / medians[4]);
    }
  }

  /** The median CPU time per op of each op, in µs, the ops taking turns round after round. */
  private static double[] medians(int reps, Op... ops) throws IOException {
    long[][] times = new long[ops.length][40];
    for (int round = 0; round < 60; round++) {
      for (int o = 0; o < ops.length; o++) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int k = 0; k < reps; k++) {
          ops[o].run();
        }
        if (round >= 20) {
          times[o][round - 20] = (THREADS.getCurrentThreadCpuTime() - start) / reps;
        }
      }
    }
    double[] medians = new double[ops.length];
    for (int o = 0; o < ops.length; o++) {
      Arrays.sort(times[o]);
      medians[o] = times[o][20] / 1e3;
    }
    return medians;
  }

  private static List<Row> rows(int n) {
    Random random = new Random(42);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Row(random.nextDouble() * 8, random.nextDouble() * 0.2, random.nextDouble() * 3,
          random.nextDouble(), 1 + random.nextDouble() * 4));
    }
    return rows;
  }
}
