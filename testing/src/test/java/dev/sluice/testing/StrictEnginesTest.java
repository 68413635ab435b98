package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.testing.mock.Mock1;
import dev.sluice.testing.mock.TaskMocks;
import dev.sluice.testing.mock.UnmockedTaskError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Strict mode's check before a run starts, on engines a test builds itself through the kit. */
class StrictEnginesTest {

  @Test
  void strictModeChecksEveryEngineBuiltThroughTheKitBeforeTheRunStarts() {
    TaskMocks mocks = TaskMocks.strict();
    Mock1<Integer, Integer> twice = mocks.mock(Fixtures.twice).returns(3);

    try (Engine engine = mocks.engine(Engine.builder().parallelism(1))) {
      assertThatThrownBy(() -> engine.run(Fixtures.CHAIN, 1))
          .isInstanceOf(UnmockedTaskError.class)
          .hasMessageStartingWith("strict mode: workflow 'chain' calls tasks that are neither mocked nor"
              + " allowed: describe. Fix:");
      assertThat(twice.calls()).as("nothing ran: the run was refused before it started").isEmpty();

      mocks.allow(Fixtures.describe);
      assertThat(engine.run(Fixtures.CHAIN, 1)).succeeded().hasOutput("n=3");
    }
  }

  @ExtendWith(TestKit.FixtureOnly.class)
  @SluiceTest(strict = true)
  static class SwallowsAFailureOfItsOwnEngine {
    static RunHandle<List<Integer>> hanging;

    @Test
    void run(TaskMocks mocks) {
      Engine built = mocks.engine(Engine.builder().parallelism(1));
      mocks.mock(Fixtures.range).returns(List.of(1));
      mocks.mock(Fixtures.square).hangs();
      hanging = built.run(Fixtures.SQUARES, 1); // runs until its engine is closed
      try {
        built.run(Fixtures.CHAIN, 1);
      } catch (UnmockedTaskError ignored) {
        // a test that catches too much
      }
    }
  }

  @Test
  void aStrictTestFailsWhenAnEngineItBuiltWithTheMocksRefusedARunAndThatEngineIsClosed() {
    Throwable failure = TestKit.onlyFailure(SwallowsAFailureOfItsOwnEngine.class);

    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("strict mode: workflow 'chain' calls tasks that are neither mocked nor allowed:"
            + " twice, describe.");
    assertThat(SwallowsAFailureOfItsOwnEngine.hanging.isDone()).as("its engine was closed after the test").isTrue();
  }
}
