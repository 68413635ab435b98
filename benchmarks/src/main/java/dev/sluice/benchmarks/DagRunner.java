package dev.sluice.benchmarks;

import dev.sluice.benchmarks.floors.CompletableFutureDag;
import dev.sluice.benchmarks.floors.CounterScheduler;
import dev.sluice.benchmarks.peers.FlytekitLocalDag;
import java.util.concurrent.ExecutorService;
import java.util.function.LongUnaryOperator;

/** One implementation of one shape, prepared once ("compiled") and run many times. */
public interface DagRunner extends AutoCloseable {

  /** Runs the DAG once on the shared pool and returns its output. */
  long run(long input);

  /** Tasks one run executes. */
  int taskCount();

  @Override
  default void close() {}

  /** A runner with nothing to close. */
  static DagRunner of(LongUnaryOperator run, int taskCount) {
    return of(run, taskCount, () -> {});
  }

  /** A runner that calls {@code onClose} when closed. */
  static DagRunner of(LongUnaryOperator run, int taskCount, Runnable onClose) {
    return new DagRunner() {
      @Override
      public long run(long input) {
        return run.applyAsLong(input);
      }

      @Override
      public int taskCount() {
        return taskCount;
      }

      @Override
      public void close() {
        onClose.run();
      }
    };
  }

  /** Sluice on a pool of one thread of its own, shut down with the runner. */
  private static DagRunner oneThread(String shape) {
    ExecutorService single = java.util.concurrent.Executors.newSingleThreadExecutor();
    DagRunner sluice = SluiceDags.runner(shape, single);
    return of(sluice::run, sluice.taskCount(), () -> {
      sluice.close();
      single.shutdownNow();
    });
  }

  /**
   * {@code impl}: {@code sluice}, {@code sluiceCompiling} (the workflow defined and compiled again on
   * every run, like flytekit-java's public {@code compileAndExecute}), {@code sluiceOneThread} (Sluice on a pool of one thread, ignoring
   * the shared pool: one task at a time, as flytekit-java's local engine runs them), {@code completableFuture}, {@code counterScheduler} (the floors) or
   * {@code flytekit} (the peer: flytekit-java's local engine, sequential, ignores the pool; nodes
   * compiled once) or {@code flytekitCompiling} (the same through its public {@code
   * compileAndExecute}, which compiles on every run); the runner
   * is checked once against {@link Dag#expected} before it is returned.
   */
  static DagRunner create(String impl, String shape, ExecutorService pool) {
    Dag dag = Dag.of(shape);
    DagRunner runner;
    switch (impl) {
      case "sluice":
        runner = SluiceDags.runner(shape, pool);
        break;
      case "sluiceCompiling":
        // like-for-like with flytekitCompiling: the workflow defined and compiled again every run
        runner = SluiceDags.runner(shape, pool, java.util.function.UnaryOperator.identity(), true);
        break;
      case "sluiceOneThread":
        // flytekit's local engine's model: one task at a time (the engine refuses a direct executor)
        runner = oneThread(shape);
        break;
      case "completableFuture":
        CompletableFutureDag cf = CompletableFutureDag.of(shape, pool);
        runner = of(cf::run, cf.taskCount());
        break;
      case "counterScheduler":
        runner = of(new CounterScheduler(dag, pool)::run, dag.size);
        break;
      case "flytekit":
      case "flytekitCompiling":
        if (!FlytekitLocalDag.expresses(shape)) {
          throw new UnsupportedOperationException(
              "flytekit-java's local engine cannot express the '" + shape + "' shape (it has no map task);"
                  + " leave this cell out: -p impl=sluice,completableFuture,counterScheduler");
        }
        FlytekitLocalDag flyte = new FlytekitLocalDag(dag, impl.equals("flytekitCompiling"));
        runner = of(flyte::run, flyte.taskCount());
        break;
      default:
        throw new IllegalArgumentException("unknown impl '" + impl + "'");
    }
    if (runner.taskCount() != dag.size) {
      runner.close();
      throw new IllegalStateException(
          impl + " " + shape + " runs " + runner.taskCount() + " tasks, the shape has " + dag.size);
    }
    for (long input : new long[] {0, 7}) {
      long got = runner.run(input);
      long want = dag.expected(input);
      if (got != want) {
        runner.close();
        throw new IllegalStateException(
            impl + " " + shape + "(" + input + ") returned " + got + ", expected " + want);
      }
    }
    return runner;
  }
}
