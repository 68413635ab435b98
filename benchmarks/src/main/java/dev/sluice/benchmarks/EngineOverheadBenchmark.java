package dev.sluice.benchmarks;

import java.util.concurrent.ExecutorService;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-task overhead of running a DAG of no-op tasks: one operation is one whole run of one shape
 * (see {@link Dag}); divide the score by the shape's task count for µs per task ({@link PerTask}
 * prints that table). Sluice and both floors run on the same kind of 2-thread pool, in the same
 * JMH run. The workflow (or the floor's int arrays) is built once per trial; every operation is a
 * run, and every run's output is checked.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
// The engine logs two info lines per run (start, end); the floors log nothing, and slf4j-simple is on this
// module's class path (for the Ray and Kubernetes harnesses), so its engine lines are turned to warn here.
// The heap is touched before the first iteration (-XX:+AlwaysPreTouch, ~3.5 s for 1 GB on the 2-vCPU VM): on a VM
// whose memory is backed on first touch, a fresh heap page costs ~14 us the first time it is used, and every
// implementation ran several times slower until its allocations had gone once through the young generation
// (WarmUp shows it: ~90 page faults per run). Without it the iterations measure the host's memory, not the code.
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-Dorg.slf4j.simpleLogger.log.dev.sluice=warn"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
public class EngineOverheadBenchmark {

  @Param({"chain", "fanout", "lattice", "join", "map"})
  public String shape;

  /** {@code flytekit} cannot run {@code map} (that cell fails in setup, by design): see {@link DagRunner#create}. */
  @Param({"sluice", "sluiceOneThread", "completableFuture", "counterScheduler", "flytekit"})
  public String impl;

  /** {@code fixed} ({@code Executors.newFixedThreadPool(2)}) or {@code forkjoin} ({@code new ForkJoinPool(2)}). */
  @Param({"fixed"})
  public String pool;

  private ExecutorService executor;
  private DagRunner runner;
  private long expected;
  private long input;

  @Setup(Level.Trial)
  public void setUp() {
    executor = Pools.create(pool);
    runner = DagRunner.create(impl, shape, executor);
    expected = Dag.of(shape).expected(0);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    runner.close();
    Pools.shutdown(executor);
  }

  @Benchmark
  public long run() {
    long out = runner.run(input);
    if (out != expected) {
      throw new IllegalStateException(impl + " " + shape + " returned " + out + ", expected " + expected);
    }
    return out;
  }
}
