package dev.sluice.benchmarks;

import dev.sluice.console.Console;
import dev.sluice.console.ops.Operations;
import dev.sluice.console.ops.RunFilter;
import dev.sluice.console.ops.internal.DefaultOperations;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The console over a filesystem run store of 100,000 journaled runs (written once through {@code
 * RunStore.append}, kept in {@code sluice.bench.consoleStore} or a temporary folder) plus one real
 * run of a 1,000-node chain: listing the newest 50 runs and opening the 1,000-node run, through the
 * HTTP API (what the page and the CLI pay), through the operations layer alone, and by the run store
 * itself (its index lists newest first, reading only the entries it returns). Setup prints the
 * one-off costs: writing the runs, starting the console (it loads the newest 1,000 runs) and
 * loading every run into its index in the background (waited for before measuring).
 * Nothing is closed: the index and server live until the JVM exits (run with {@code -f 0} to share
 * one load among the benchmarks).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConsoleBenchmark {

  @Param("100000")
  public int runs;

  private Path dir;
  private RunStore runStore;
  private ArtifactStore artifacts;
  private Operations ops;
  private Console console;
  private HttpClient http;
  private URI listUri;
  private URI filteredUri;
  private URI bigRunUri;
  private String bigRun;

  /**
   * The loaded index and server, shared by the benchmarks of one JVM: run with {@code -f 0} to load
   * the index once for all of them (a load reads 100,000 index entries: minutes).
   */
  private static ConsoleBenchmark shared;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (shared != null) {
      copy(shared);
      return;
    }
    load();
    shared = this;
  }

  private void copy(ConsoleBenchmark from) {
    dir = from.dir;
    runStore = from.runStore;
    artifacts = from.artifacts;
    ops = from.ops;
    console = from.console;
    http = from.http;
    listUri = from.listUri;
    filteredUri = from.filteredUri;
    bigRunUri = from.bigRunUri;
    bigRun = from.bigRun;
  }

  private void load() throws Exception {
    String configured = System.getProperty("sluice.bench.consoleStore");
    dir = configured != null ? Path.of(configured) : Files.createTempDirectory("sluice-console-bench");
    Files.createDirectories(dir);
    runStore = RunStores.filesystem(dir);
    artifacts = ArtifactStores.filesystem(dir);
    Path marker = dir.resolve("bench-" + runs + ".done");
    if (!Files.exists(marker)) {
      long t0 = System.nanoTime();
      write(runs);
      bigRun = runBig();
      Files.writeString(marker, bigRun);
      System.out.printf("%nwrote %,d journaled runs and one 1,000-node run in %.1f s%n", runs, (System.nanoTime() - t0) / 1e9);
    } else {
      bigRun = Files.readString(marker).strip();
    }
    if (Boolean.getBoolean("sluice.bench.floor")) {
      long t1 = System.nanoTime();
      List<?> floor = runStore.runs(RunQuery.builder().limit(50).build());
      System.out.printf("RunStore.runs(limit 50), its first call (the store lists newest first): %.1f ms (%d runs)%n",
          (System.nanoTime() - t1) / 1e6, floor.size());
    }
    long t2 = System.nanoTime();
    ops = Operations.builder().runStore(runStore, artifacts).build();
    console = Console.builder().operations(ops).port(0).announce(null).start();
    System.out.printf("console started (newest runs indexed) in %.2f s%n", (System.nanoTime() - t2) / 1e9);
    DefaultOperations loading = (DefaultOperations) ops;
    while (!loading.indexComplete()) {
      Thread.sleep(100); // setup only: waits for the background load before anything is measured
    }
    System.out.printf("every run indexed (background) %.1f s after the start: %,d runs%n", (System.nanoTime() - t2) / 1e9,
        loading.indexed());
    http = HttpClient.newHttpClient();
    listUri = console.uri().resolve("/api/runs?limit=50");
    filteredUri = console.uri().resolve("/api/runs?limit=50&workflow=bench-wf-3&state=FAILED");
    bigRunUri = console.uri().resolve("/api/runs/" + bigRun);
    int nodes = ops.run(bigRun).nodes().size();
    if (nodes != 1000) {
      throw new IllegalStateException("the big run reads back with " + nodes + " nodes, not 1,000");
    }
  }

  /** {@code runs} two-record journals (started, ended), written by 8 threads through the run store. */
  private void write(int count) throws Exception {
    String spec = SluiceDags.chain(3).spec().toJson();
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = thread; i < count; i += 8) {
            String id = String.format("bench-%06d", i);
            Instant at = base.plusSeconds(i);
            runStore.append(id, 0, List.of(
                new JournalRecord.RunStarted(id, "bench-wf-" + (i % 10), "1", spec, "0", Origin.user("bench"),
                    Map.of("shard", String.valueOf(i % 4)), Optional.empty(), "bench-writer", at),
                new JournalRecord.RunUpdate(id, i % 7 == 0 ? RunState.FAILED : RunState.SUCCEEDED, "bench-writer",
                    Optional.of("3"), Optional.empty(), at.plusMillis(1500))));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** One real run of a 1,000-node chain, journaled by an engine into the same store. */
  private String runBig() {
    try (Engine engine = Engine.builder().workDirectory(dir.resolve("engine")).store(artifacts).runStore(runStore).build()) {
      var run = engine.run(SluiceDags.chain(1000), 0L);
      run.await();
      return run.runId();
    }
  }

  private String get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  @Benchmark
  public String httpListNewest50() throws Exception {
    return get(listUri);
  }

  @Benchmark
  public String httpListNewest50FailedOfOneWorkflow() throws Exception {
    return get(filteredUri);
  }

  @Benchmark
  public String httpOpenRunOf1000Nodes() throws Exception {
    return get(bigRunUri);
  }

  @Benchmark
  public Object opsListNewest50() {
    return ops.runs(RunFilter.builder().limit(50).build());
  }

  @Benchmark
  public Object opsListNewest50FailedOfOneWorkflow() {
    return ops.runs(RunFilter.builder().workflow("bench-wf-3").state(RunState.FAILED).limit(50).build());
  }

  @Benchmark
  public Object storeListNewest50() {
    return runStore.runs(RunQuery.builder().limit(50).build());
  }

  @Benchmark
  public Object storeListNewest50FailedOfOneWorkflow() {
    return runStore.runs(RunQuery.builder().workflow("bench-wf-3").states(RunState.FAILED).limit(50).build());
  }

  @Benchmark
  public Object opsOpenRunOf1000Nodes() {
    return ops.run(bigRun);
  }
}
