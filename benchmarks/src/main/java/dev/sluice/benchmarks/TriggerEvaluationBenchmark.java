package dev.sluice.benchmarks;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.metric.MetricSources;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.MetricSource;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.TriggerCondition;
import dev.sluice.core.trigger.TriggerService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
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
 * What one evaluation of a metric trigger costs the embedding program, source excluded: one
 * operation is one wake-up of a trigger whose source is a function answering at once and whose
 * condition is not met. It reads the source through the guard (time limiter, circuit breaker,
 * retry), evaluates, appends to the history (the open segment of up to 100 JSON lines is rewritten)
 * and stores the state.
 *
 * <ul>
 *   <li>{@code evaluation}: that, with the history and state in {@code store} ({@code memory} or a
 *       {@code filesystem} store in a temporary folder).
 *   <li>{@code floor}: reading the same source and comparing its value with the bound, directly.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TriggerEvaluationBenchmark {

  @Param({"memory", "filesystem"})
  public String store;

  private final MetricSource accuracy = MetricSources.function("accuracy", now -> OptionalDouble.of(0.9));
  private final StepScheduler steps = new StepScheduler();
  private Path folder;
  private Engine engine;
  private TriggerService service;

  @Setup(Level.Trial)
  public void start() throws IOException {
    ArtifactStore artifacts;
    if (store.equals("filesystem")) {
      folder = Files.createTempDirectory("sluice-trigger-bench-");
      artifacts = ArtifactStores.filesystem(folder);
    } else {
      artifacts = ArtifactStores.inMemory();
    }
    engine = Engine.builder().parallelism(1).store(artifacts).build();
    LaunchPlan<Long, Long> plan = LaunchPlan.builder("never", SluiceDags.chain(1)).defaultInput(0L).build();
    service =
        TriggerService.builder(engine).scheduler(steps).sourceExecutor(Runnable::run)
            .trigger(MetricTrigger.builder("bench", plan).when(TriggerCondition.below(accuracy, 0.85))
                .every(Duration.ofSeconds(1)).build())
            .build();
    service.start();
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    service.close();
    engine.close();
    if (folder != null) {
      try (Stream<Path> paths = Files.walk(folder)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Benchmark
  public void evaluation() {
    steps.step();
  }

  @Benchmark
  public boolean floor() throws Exception {
    return accuracy.read(Instant.now()).get(0).value() < 0.85;
  }
}
