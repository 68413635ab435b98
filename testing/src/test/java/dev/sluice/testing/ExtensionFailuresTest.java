package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.as;
import static dev.sluice.testing.SluiceAssertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sluice.core.engine.Engine;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.mock.TaskMocks;
import dev.sluice.testing.mock.UnmockedTaskError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * What the extension does around a test, seen from outside: fixture classes run through the JUnit
 * test kit, and these tests check how each ended and what it said.
 */
class ExtensionFailuresTest {

  // ---- clean shutdown ---------------------------------------------------------------------------

  @ExtendWith(TestKit.FixtureOnly.class)
  @SluiceTest
  static class RunsTasks {
    static final List<Thread> taskThreads = new CopyOnWriteArrayList<>();
    static Engine engine;
    static Path workDirectory;

    @Test
    void run(Engine engine, TaskMocks mocks, @WorkDirectory Path dir) {
      RunsTasks.engine = engine;
      workDirectory = dir;
      mocks.mock(Fixtures.square).answers(x -> {
        taskThreads.add(Thread.currentThread());
        return x;
      });
      assertThat(engine.run(Fixtures.SQUARES, 8)).succeeded();
    }
  }

  @Test
  void afterATestTheEngineIsClosedItsThreadsHaveEndedAndItsWorkDirectoryIsGone() {
    TestKit.run(RunsTasks.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(RunsTasks.taskThreads).hasSize(8).noneMatch(Thread::isAlive);
    assertThat(RunsTasks.workDirectory).doesNotExist();
    assertThatThrownBy(() -> RunsTasks.engine.run(Fixtures.CHAIN, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("this engine is closed");
  }

  @ExtendWith(TestKit.FixtureOnly.class)
  static class IgnoresInterruption {
    @RegisterExtension
    static final SluiceExtension sluice = SluiceExtension.builder().closeTimeout(Duration.ofMillis(200)).build();

    static final AtomicBoolean release = new AtomicBoolean();
    static final CountDownLatch started = new CountDownLatch(1);
    static volatile Thread spinner;

    @Test
    void leavesATaskSpinning(Engine engine, TaskMocks mocks) throws InterruptedException {
      mocks.mock(Fixtures.twice).answers(x -> {
        spinner = Thread.currentThread();
        started.countDown();
        while (!release.get()) {
          Thread.onSpinWait(); // never looks at its interrupt flag
        }
        return x;
      });
      engine.run(Fixtures.CHAIN, 1);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aTaskThatIgnoresInterruptionFailsTheTestNamingItsThread() throws InterruptedException {
    try {
      Throwable failure = TestKit.onlyFailure(IgnoresInterruption.class);

      assertThat(failure)
          .isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("1 engine thread(s) still alive PT0.2S after the test ended; a task that"
              + " ignores interruption keeps running")
          .hasMessageContaining(IgnoresInterruption.spinner.getName() + " (RUNNABLE) at ");
    } finally {
      IgnoresInterruption.release.set(true);
      if (IgnoresInterruption.spinner != null) {
        IgnoresInterruption.spinner.join(10_000);
      }
    }
  }

  // ---- strict mode and missing executors ------------------------------------------------------

  @ExtendWith(TestKit.FixtureOnly.class)
  @SluiceTest(strict = true)
  static class SwallowsAStrictModeFailure {
    @Test
    void run(Engine engine) {
      try {
        engine.run(Fixtures.CHAIN, 1);
      } catch (UnmockedTaskError ignored) {
        // a test that catches too much
      }
    }
  }

  @Test
  void strictModeRefusesTheRunListingEveryUnmockedTaskAndFailsTheTestEvenIfItCaughtThat() {
    Throwable failure = TestKit.onlyFailure(SwallowsAStrictModeFailure.class);

    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessage("strict mode: workflow 'chain' calls tasks that are neither mocked nor allowed: twice,"
            + " describe. Fix: mock each (mocks.mock(task).returns(...)) or let it run (mocks.allow(task),"
            + " or @SluiceTest(allow = {\"twice\", \"describe\"}))");
  }

  /** A workflow whose only task is called by a dynamic node, so no check before the run sees it. */
  static final Workflow<Integer, Integer> DYNAMIC =
      Workflow.named(
          "dynamic", Integer.class, (wf, n) -> wf.dynamic("dyn", Integer.class, n, (sub, x) -> sub.call(Fixtures.twice, sub.literal(x))));

  /** Tasks no check before the run can catch: one in a dynamic node, one allowed on a missing executor. */
  @ExtendWith(TestKit.FixtureOnly.class)
  @SluiceTest(strict = true, allow = "on-cluster")
  static class UnmockedAtCallTime {
    @Test
    void dynamicTask(Engine engine) {
      assertThat(engine.run(DYNAMIC, 1)).failed().node("dyn/twice").ranAttempts(1).failedWith(UnmockedTaskError.class);
    }

    @Test
    void clusterTask(Engine engine) {
      assertThat(engine.run(Fixtures.CLUSTER, 1)).failed().node("on-cluster").failedWith(UnmockedTaskError.class);
    }
  }

  @Test
  void anUnmockedDynamicTaskOrATaskForAMissingExecutorFailsWhenCalledNamingTheFix() {
    Map<String, Throwable> failures = TestKit.failuresByTest(TestKit.run(UnmockedAtCallTime.class));

    assertThat(failures.get("dynamicTask(Engine)"))
        .hasMessage("strict mode: task 'twice' (node 'dyn/twice') is neither mocked nor allowed. Fix: mock"
            + " it (mocks.mock(task).returns(...)) or let it run (mocks.allow(task), or"
            + " @SluiceTest(allow = \"twice\"))");
    assertThat(failures.get("clusterTask(Engine)"))
        .hasMessage("task 'on-cluster' (node 'on-cluster') asks for executor 'k8s', which a test engine"
            + " does not have. Fix: mock it (mocks.mock(task).returns(...)), or register a stand-in with"
            + " SluiceExtension.builder().executor(\"k8s\", ...)");
  }

  @ExtendWith(TestKit.FixtureOnly.class)
  @SluiceTest(strict = true)
  static class MethodOptionsWin {
    @Test
    @SluiceTest
    void lenient(Engine engine) {
      assertThat(engine.run(Fixtures.CHAIN, 1)).hasOutput("n=2");
    }

    @Test
    void strict(Engine engine) {
      engine.run(Fixtures.CHAIN, 1);
    }
  }

  @Test
  void anAnnotationOnTheMethodWinsOverTheClasssOne() {
    EngineExecutionResults results = TestKit.run(MethodOptionsWin.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
    assertThat(TestKit.failures(results.testEvents().failed().list()))
        .singleElement(as(THROWABLE))
        .hasMessageStartingWith("strict mode: workflow 'chain'");
  }

  @ExtendWith(TestKit.FixtureOnly.class)
  @SluiceTest
  static class RegisteredTwice {
    @RegisterExtension static final SluiceExtension again = SluiceExtension.builder().build();

    @Test
    void run() {}
  }

  @Test
  void registeringTheExtensionTwiceIsRefusedNamingTheFix() {
    assertThat(TestKit.onlyFailure(RegisteredTwice.class))
        .hasMessage("SluiceExtension is registered twice for run() (@SluiceTest and @RegisterExtension?)."
            + " Fix: use one: @SluiceTest, or a SluiceExtension.builder() field");
  }

  // ---- parameters ---------------------------------------------------------------------------------

  @ExtendWith(TestKit.FixtureOnly.class)
  @SluiceTest
  static class WantsAClock {
    @Test
    void run(TestClock clock) {}
  }

  @Test
  void aTestClockNeedsVirtualTime() {
    assertThat(TestKit.onlyFailure(WantsAClock.class))
        .hasMessage("WantsAClock.run() asks for a TestClock, but this test engine runs on the system clock."
            + " Fix: @SluiceTest(virtualTime = true), or SluiceExtension.builder().virtualTime()");
  }

  @ExtendWith(TestKit.FixtureOnly.class)
  @SluiceTest
  static class WantsAnEngineTooEarly {
    @BeforeAll
    static void setUp(Engine engine) {}

    @Test
    void run() {}
  }

  @Test
  void theEngineExistsOnlyWhileATestRuns() {
    EngineExecutionResults results = TestKit.run(WantsAnEngineTooEarly.class);

    assertThat(TestKit.failures(results.containerEvents().failed().list()))
        .singleElement(as(THROWABLE))
        .hasMessage("a Sluice test engine exists only while a test runs: WantsAnEngineTooEarly.setUp() cannot"
            + " receive the Engine. Fix: take it in the @Test, @BeforeEach or @AfterEach method");
  }

  @Test
  void fixturesRunOnlyThroughTheTestKit() {
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(RunsTasks.class)).execute()
        .containerEvents().assertStatistics(s -> s.skipped(1));
  }
}
