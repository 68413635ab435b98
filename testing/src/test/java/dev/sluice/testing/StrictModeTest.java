package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.testing.mock.TaskMocks;
import org.junit.jupiter.api.Test;

/** Strict mode when the test did its part (the failures are in {@link ExtensionFailuresTest}). */
@SluiceTest(strict = true, allow = "describe")
class StrictModeTest {

  @Test
  void aMockedTaskAndATaskAllowedByTheAnnotationRun(Engine engine, TaskMocks mocks) {
    mocks.mock(Fixtures.twice).returns(5);

    assertThat(engine.run(Fixtures.CHAIN, 1)).succeeded().hasOutput("n=5");
  }

  @Test
  void aTaskAllowedByReferenceRunsForReal(Engine engine, TaskMocks mocks) {
    mocks.allow(Fixtures.twice);

    assertThat(engine.run(Fixtures.CHAIN, 1)).succeeded().hasOutput("n=2");
  }

  @Test
  void branchArmsAndMapTasksMustBeCoveredToo(Engine engine, TaskMocks mocks) {
    mocks.allow(Fixtures.twice).allow("big");
    mocks.mock(Fixtures.small).answers(x -> "tiny " + x);

    assertThat(engine.run(Fixtures.SIZE, 1)).succeeded().hasOutput("tiny 2").tookBranch("decide", "small");
  }

  @Test
  void aMockedTaskOfADynamicNodeRuns(Engine engine, TaskMocks mocks) {
    mocks.mock(Fixtures.twice).answers(x -> x + 1);

    assertThat(engine.run(ExtensionFailuresTest.DYNAMIC, 1)).succeeded().hasOutput(2);
  }
}
