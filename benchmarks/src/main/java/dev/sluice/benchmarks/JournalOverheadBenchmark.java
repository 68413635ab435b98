package dev.sluice.benchmarks;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.internal.journal.DefaultRunStore;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
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
 * What journaling costs on {@link EngineOverheadBenchmark}'s shapes: the same runs of no-op tasks
 * on an engine with a filesystem run store ({@code journal=filesystem}: every transition journaled,
 * every output encoded, appends fsync'd), with the object journal over an in-memory store ({@code
 * journal=memory}: the same work without a disk, but with the object log's store calls: two
 * listings and a put per append), with records encoded into frames and dropped ({@code
 * journal=encode}: the engine's own journaling — records, queue, batches, encoding — without any
 * store cost per append; leases and index entries in memory) and without a run store ({@code
 * journal=off}, the floor), in the same JMH run, all on a filesystem artifact store in a temporary
 * folder; {@code shape=single} is a one-task run, for what a run costs however small (its lease,
 * its first and last records). The journals (files, or objects in memory) are deleted after every
 * iteration, outside the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class JournalOverheadBenchmark {

  @Param({"single", "chain", "fanout", "lattice"})
  public String shape;

  /**
   * {@code off}, {@code encode} (records encoded and dropped: the engine's own cost), {@code memory}
   * (objects in an in-memory store) or {@code filesystem} (fsync'd files).
   */
  @Param({"off", "encode", "memory", "filesystem"})
  public String journal;

  private Path dir;
  private ExecutorService executor;
  private DagRunner runner;
  private long expected;
  private Engine closeSingle;
  /** The in-memory store under {@code encode} and {@code memory}, emptied after each iteration. */
  private ArtifactStore journalObjects;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("sluice-journal-bench");
    executor = Pools.create("fixed");
    journalObjects = ArtifactStores.inMemory();
    UnaryOperator<Engine.Builder> options = b -> {
      b.store(ArtifactStores.filesystem(dir.resolve("store"))).workDirectory(dir.resolve("work"));
      switch (journal) {
        case "off":
          return b;
        case "encode":
          return b.runStore(DefaultRunStore.encodingOnly(journalObjects));
        case "memory":
          return b.runStore(RunStores.over(journalObjects));
        default:
          return b.runStore(RunStores.filesystem(dir.resolve("journal")));
      }
    };
    if (shape.equals("single")) {
      Engine engine = options.apply(Engine.builder().taskPool(executor)).build();
      WorkflowSpec one = SluiceDags.chain(1).spec();
      runner = DagRunner.of(input -> (Long) engine.run(one, input, RunOptions.DEFAULT).await(), 1);
      closeSingle = engine;
      expected = 1;
    } else {
      runner = SluiceDags.runner(shape, executor, options);
      expected = Dag.of(shape).expected(0);
    }
  }

  /** Deletes the runs' journals, leases and index entries (not the stores' own folders). */
  @TearDown(Level.Iteration)
  public void dropJournals() {
    BenchFiles.deleteRecursively(dir.resolve("journal").resolve("runs"));
    BenchFiles.deleteRecursively(dir.resolve("journal").resolve("journal"));
    journalObjects.listAll("").toList().forEach(o -> journalObjects.delete(o.key()));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    runner.close();
    if (closeSingle != null) {
      closeSingle.close();
    }
    Pools.shutdown(executor);
    BenchFiles.deleteRecursively(dir);
  }


  @Benchmark
  public long run() {
    long out = runner.run(0);
    if (out != expected) {
      throw new IllegalStateException(shape + " with journal " + journal + " returned " + out + ", expected " + expected);
    }
    return out;
  }
}
