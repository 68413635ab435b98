package dev.sluice.benchmarks;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.model.Approval;
import dev.sluice.dsl.Gate;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a gate costs: a run of {@code train → deploy} ({@code plain}) next to {@code train →
 * approve → deploy} whose approval a listener signals as soon as the gate waits ({@code gated}), on
 * the in-memory engine. {@link #main} measures the other side: the heap and threads that runs
 * waiting at a gate hold.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar Gate -f 1 -wi 2 -i 3 -prof gc
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.GateBenchmark [runs]
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class GateBenchmark {
  static final Task1<Long, Long> train = Task.named("train").of(x -> x + 1);
  static final Task2<Long, Approval, Long> deploy = Task.named("deploy").of((m, a) -> a.approved() ? m : -m);
  static final Task1<Long, Long> deployPlain = Task.named("deploy-plain").of(m -> m);

  static final Workflow<Long, Long> PLAIN =
      Workflow.named("plain", Long.class, (wf, n) -> wf.call(deployPlain, wf.call(train, n)));
  static final Workflow<Long, Long> GATED =
      Workflow.named("gated", Long.class, (wf, n) -> {
        Value<Long> model = wf.call(train, n);
        return wf.call(deploy, model, wf.await(Gate.approval("approve"), model));
      });

  private static final Approval OK = Approval.approve("bench", "");

  private Engine engine;

  @Setup(Level.Trial)
  public void setUp() {
    Engine[] self = new Engine[1];
    engine = Engine.builder().parallelism(2).listener(new RunListener() {
      @Override
      public void gateWaiting(RunEvent.GateWaiting event) {
        self[0].signal(event.runId(), "approve", OK, event.runId());
      }
    }).build();
    self[0] = engine;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  @Benchmark
  public Long plain() {
    return engine.run(PLAIN, 1L).await();
  }

  @Benchmark
  public Long gated() {
    return engine.run(GATED, 1L).await();
  }

  /** Starts {@code runs} (default 10,000) runs that wait at an approval; prints heap and threads per run. */
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (Engine engine = Engine.builder().parallelism(2).build()) {
      // warm up: one waiting run, signalled
      var warm = engine.run(GATED, 1L);
      while (engine.waitingGates(warm.runId()).isEmpty()) {
        Thread.onSpinWait();
      }
      engine.signal(warm.runId(), "approve", OK, "warm");
      warm.await();
      int threadsBefore = Thread.activeCount();
      long before = usedAfterGc(memory);
      List<dev.sluice.core.engine.RunHandle<Long>> waiting = new ArrayList<>(runs);
      for (int i = 0; i < runs; i++) {
        waiting.add(engine.run(GATED, (long) i));
      }
      for (var run : waiting) {
        while (engine.waitingGates(run.runId()).isEmpty()) {
          Thread.onSpinWait();
        }
      }
      long after = usedAfterGc(memory);
      int threadsAfter = Thread.activeCount();
      System.out.printf(Locale.ROOT, "runs waiting at a gate: %,d%n", runs);
      System.out.printf(Locale.ROOT, "heap retained:          %,d B, %,.0f B/run%n", after - before,
          (double) (after - before) / runs);
      System.out.printf(Locale.ROOT, "threads:                %d before, %d while they wait%n", threadsBefore,
          threadsAfter);
      for (var run : waiting) {
        engine.signal(run.runId(), "approve", OK, "go-" + run.runId());
      }
      for (var run : waiting) {
        run.await();
      }
      System.out.println("all " + runs + " runs signalled and ended");
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
