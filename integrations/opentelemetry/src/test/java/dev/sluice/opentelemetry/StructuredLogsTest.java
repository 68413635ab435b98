package dev.sluice.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.log.RunMdc;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.executor.ray.RayConfig;
import dev.sluice.executor.ray.RayExecutor;
import dev.sluice.testing.ray.RayJobsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Every line the engine, the executors and task bodies write about a run carries it in the MDC. */
class StructuredLogsTest {
  private static final ConcurrentHashMap<Integer, AtomicInteger> CALLS = new ConcurrentHashMap<>();
  static final Task1<Integer, Integer> flaky = Task.named("flaky-logged")
      .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1)).build())
      .of(x -> {
        int n = CALLS.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
        LoggerFactory.getLogger("user.task").info("attempt {} of flaky-logged", n);
        if (n == 1) {
          throw new IllegalStateException("first attempt fails");
        }
        return x;
      });
  static final Workflow<Integer, Integer> mixed = Workflow.named("logged-flow", Integer.class,
      (wf, x) -> wf.call(TracedTasks.squareOnRay, wf.call(flaky, wf.call(TracedTasks.prep, x))));

  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private Logger root;
  private Logger sluice;
  private Level sluiceLevel;

  @BeforeEach
  void capture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    sluice = context.getLogger("dev.sluice");
    sluiceLevel = sluice.getLevel();
    sluice.setLevel(Level.DEBUG);
    captured.setContext(context);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void release() {
    root.detachAppender(captured);
    sluice.setLevel(sluiceLevel);
  }

  @Test
  void everyLineAboutARunHasItsRunAndTheNodeLinesTheirNodeAndAttempt(@TempDir Path dir) throws Exception {
    Path spans = dir.resolve("spans.txt");
    RunHandle<Integer> run;
    try (RayJobsServer ray = RayJobsServer.start();
        Engine engine = Engine.builder().workDirectory(dir.resolve("work"))
            .store(ArtifactStores.filesystem(dir.resolve("store")))
            .executor("ray", RayExecutor.connect(RayConfig.builder(ray.address())
                .jvmLauncher(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "-Dsluice.test.spans=" + spans,
                    TracedRunnerMain.class.getName())
                .poll(Duration.ofMillis(20)).build()))
            .build()) {
      run = engine.run(mixed, 2);
      assertThat(run.await(Duration.ofSeconds(90))).isEqualTo(9);
    }
    String id = run.runId();
    List<ILoggingEvent> aboutTheRun = captured.list.stream()
        .filter(e -> e.getFormattedMessage().contains(id) || id.equals(e.getMDCPropertyMap().get(RunMdc.RUN_ID)))
        .toList();
    // the run's own lines (started, succeeded), the transitions (debug), the Ray executor's lines, the task's
    assertThat(aboutTheRun).extracting(ILoggingEvent::getLoggerName)
        .contains("dev.sluice.run", "dev.sluice.ray", "user.task");
    assertThat(aboutTheRun).allSatisfy(e -> assertThat(e.getMDCPropertyMap())
        .as("MDC of [%s] %s", e.getLoggerName(), e.getFormattedMessage())
        .containsEntry(RunMdc.RUN_ID, id)
        .containsEntry(RunMdc.WORKFLOW, "logged-flow"));
    assertThat(aboutTheRun).filteredOn(e -> e.getLoggerName().equals("user.task"))
        .extracting(e -> e.getMDCPropertyMap().get(RunMdc.NODE) + "#" + e.getMDCPropertyMap().get(RunMdc.ATTEMPT))
        .containsExactly("flaky-logged#1", "flaky-logged#2");
    assertThat(aboutTheRun).filteredOn(e -> e.getLoggerName().equals("dev.sluice.ray"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry(RunMdc.NODE, "square-ray"));
    // nothing stays bound on the test's thread
    assertThat(org.slf4j.MDC.get(RunMdc.RUN_ID)).isNull();
  }
}
