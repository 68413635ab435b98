package dev.sluice.testing.internal.junit;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.testing.LaunchedRuns;
import dev.sluice.testing.TestClock;
import dev.sluice.testing.internal.mock.MockRegistry;
import dev.sluice.testing.mock.TaskMocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one test gets: a work directory, an in-memory store, mocks, maybe a test clock, an
 * engine on pools this class owns, so that {@link #close()} can prove every thread ended, and the
 * log of every run the test's engines started.
 */
public final class TestEnvironment implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestEnvironment.class);
  private static final AtomicInteger ENVIRONMENTS = new AtomicInteger();

  private final TestOptions options;
  private final Path workDirectory;
  private final ArtifactStore store = ArtifactStores.inMemory();
  private final MockRegistry mocks;
  private final TestClock clock;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final ExecutorService pool;
  private final ScheduledExecutorService scheduler;
  private final Engine engine;
  private final LaunchLog launched = new LaunchLog();
  /** Engines the test built with {@code mocks.engine(...)}: closed before the test's own. */
  private final List<Engine> builtByTest = new CopyOnWriteArrayList<>();

  private TestEnvironment(TestOptions options, Path workDirectory) {
    this.options = options;
    this.workDirectory = workDirectory;
    this.mocks = new MockRegistry(options.strict());
    mocks.allow(options.allow().toArray(String[]::new));
    mocks.attach(launched, builtByTest::add);
    int id = ENVIRONMENTS.incrementAndGet();
    this.pool = newPool(options.parallelism(), "sluice-test-" + id + "-worker-");
    this.clock = options.virtualTime() ? TestClock.create() : null;
    this.scheduler = clock != null ? clock.scheduler() : newTimer("sluice-test-" + id + "-timer");
    Engine.Builder builder =
        Engine.builder()
            .parallelism(options.parallelism())
            .taskPool(pool)
            .scheduler(scheduler)
            .workDirectory(workDirectory)
            .store(store)
            .interceptor(mocks)
            .executor(MissingExecutor.NAME, new MissingExecutor(mocks))
            .fallbackExecutor(MissingExecutor.NAME);
    if (clock != null) {
      builder.clock(clock);
    }
    try {
      for (Map.Entry<String, Supplier<? extends TaskExecutor>> e : options.executors().entrySet()) {
        builder.executor(e.getKey(), e.getValue().get());
      }
      this.engine = new RecordingEngine(builder.build(), mocks, launched);
    } catch (RuntimeException e) {
      pool.shutdownNow();
      scheduler.shutdownNow();
      throw e;
    }
  }

  /**
   * Builds the environment of one test. Its work directory is a fresh path under the temporary
   * folder, created when something needs it (a command task, a test asking for it), which keeps
   * tests that never touch it off the file system.
   */
  public static TestEnvironment start(TestOptions options) {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "sluice-test-" + UUID.randomUUID());
    return new TestEnvironment(options, dir);
  }

  private ExecutorService newPool(int parallelism, String prefix) {
    AtomicInteger n = new AtomicInteger();
    return new ForkJoinPool(
        parallelism,
        p -> {
          ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
          t.setName(prefix + n.incrementAndGet());
          t.setDaemon(true);
          threads.add(t);
          return t;
        },
        null,
        true);
  }

  private ScheduledExecutorService newTimer(String name) {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              threads.add(t);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  public Engine engine() {
    return engine;
  }

  public TaskMocks mocks() {
    return mocks;
  }

  public Optional<TestClock> clock() {
    return Optional.ofNullable(clock);
  }

  public ArtifactStore store() {
    return store;
  }

  /** Every run the test's engines started. */
  public LaunchedRuns launched() {
    return launched;
  }

  /** The work directory, created if it does not exist yet. */
  public Path workDirectory() {
    try {
      return Files.createDirectories(workDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the test's work directory " + workDirectory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Closes the engine, stops the pools, waits for every thread they made to end, drops the store
   * and the work directory.
   *
   * @throws AssertionError naming what is wrong: threads still alive, strict-mode violations
   */
  @Override
  public void close() {
    List<String> problems = new ArrayList<>();
    for (Engine e : builtByTest) {
      e.close();
    }
    engine.close();
    pool.shutdownNow();
    scheduler.shutdownNow();
    List<Thread> alive = joinAll(System.nanoTime() + options.closeTimeout().toNanos());
    if (!alive.isEmpty()) {
      StringBuilder sb =
          new StringBuilder(alive.size() + " engine thread(s) still alive " + options.closeTimeout()
              + " after the test ended; a task that ignores interruption keeps running (check"
              + " Thread.interrupted() in long loops):");
      for (Thread t : alive) {
        StackTraceElement[] stack = t.getStackTrace();
        sb.append("\n  ").append(t.getName()).append(" (").append(t.getState()).append(")")
            .append(stack.length > 0 ? " at " + stack[0] : "");
      }
      problems.add(sb.toString());
    }
    for (String v : mocks.violations()) {
      problems.add(v);
    }
    store.close();
    deleteQuietly(workDirectory);
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
  }

  private List<Thread> joinAll(long deadline) {
    List<Thread> alive = new ArrayList<>();
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        alive.add(t);
      }
    }
    return alive;
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("could not delete the test work directory {}: {}", dir, e.toString());
    }
  }
}
