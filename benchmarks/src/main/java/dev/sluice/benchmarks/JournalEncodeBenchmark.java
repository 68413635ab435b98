package dev.sluice.benchmarks;

import dev.sluice.core.internal.journal.DefaultRunStore;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the journal's encoding costs per batch on one thread: {@code tasks} task calls' records (a
 * RUNNING with its executor and attempt name, a SUCCEEDED with a small output, as a chain of no-op
 * tasks journals them) appended as one batch to {@link DefaultRunStore#encodingOnly}, which frames
 * them exactly as the filesystem store does and drops the frame. Divide the score by {@code tasks}
 * for the cost per task; single-threaded, so steadier on a busy machine than the engine's runs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JournalEncodeBenchmark {

  @Param({"1", "8", "64"})
  public int tasks;

  private RunStore store;
  private List<JournalRecord> batch;

  @Setup
  public void setUp() {
    store = DefaultRunStore.encodingOnly(ArtifactStores.inMemory());
    batch = JournalEncodeCpu.batch(tasks);
  }

  @Benchmark
  public void append() {
    store.append("chain-k3x9ab2c", 1, batch);
  }
}
