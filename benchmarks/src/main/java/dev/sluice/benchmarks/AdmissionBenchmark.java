package dev.sluice.benchmarks;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RateLimit;
import dev.sluice.core.engine.RateLimitKey;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
 * What admission costs on the engine's hot path when it does not bind: {@code admission=none} (no
 * slot limit, no rate limit, priority 0: the floor) next to {@code admission=configured} (the
 * executor's in-flight slots limited to a million, a rate limit of {@code Integer.MAX_VALUE} starts
 * per second on the executor, the run at priority 10), on {@link EngineOverheadBenchmark}'s shapes
 * (1000 no-op tasks), in the same JMH run. Both arms run the tasks on the same executor, which
 * calls the task's function on the pool (as the local executor does, without its per-attempt
 * context), because only a registered executor can declare in-flight slots. Divide by 1000 for
 * per task.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class AdmissionBenchmark {

  @Param({"chain", "fanout", "lattice"})
  public String shape;

  @Param({"none", "configured"})
  public String admission;

  private ExecutorService pool;
  private Engine engine;
  private WorkflowSpec spec;
  private RunOptions options;
  private long expected;

  /** Calls the task's function on the pool; declares {@code slots} in-flight slots (0: unlimited). */
  static final class PoolExecutor implements TaskExecutor {
    private final ExecutorService pool;
    private final int slots;

    PoolExecutor(ExecutorService pool, int slots) {
      this.pool = pool;
      this.slots = slots;
    }

    @Override
    public CompletableFuture<Object> start(Attempt attempt) {
      TaskBody.Jvm body = (TaskBody.Jvm) attempt.task().body();
      Object[] args = attempt.inputs();
      return CompletableFuture.supplyAsync(() -> {
        try {
          return body.invoker().invoke(args, null);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, pool);
    }

    @Override
    public int maxInFlight() {
      return slots;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    pool = Pools.create("fixed");
    boolean on = admission.equals("configured");
    Engine.Builder b = Engine.builder().taskPool(pool)
        .executor("pool", new PoolExecutor(pool, on ? 1_000_000 : 0)).defaultExecutor("pool");
    if (on) {
      b.rateLimit(RateLimitKey.executor("pool"), RateLimit.of(Integer.MAX_VALUE, Duration.ofSeconds(1)));
    }
    engine = b.build();
    spec = SluiceDags.spec(shape);
    options = on ? RunOptions.builder().priority(10).build() : RunOptions.DEFAULT;
    expected = Dag.of(shape).expected(0);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    engine.close();
    Pools.shutdown(pool);
  }

  @Benchmark
  public long run() throws Exception {
    RunHandle<Object> run = engine.run(spec, 0L, options);
    long out = (Long) run.await(SluiceDags.RUN_TIMEOUT);
    if (out != expected) {
      throw new IllegalStateException(shape + " with admission " + admission + " returned " + out + ", expected " + expected);
    }
    return out;
  }
}
