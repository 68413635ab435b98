package dev.sluice.testing.internal.junit;

import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.testing.internal.mock.MockRegistry;
import dev.sluice.testing.mock.UnmockedTaskError;
import java.util.concurrent.CompletableFuture;

/**
 * The test engine's fallback for tasks naming an executor it does not have ({@code .executor("k8s")}):
 * a mocked call never gets here (mocks run locally); any other call fails, naming the fix.
 */
final class MissingExecutor implements TaskExecutor {
  /** The name it is registered under; not a name a task would choose. */
  static final String NAME = "sluice-test-missing-executor";

  private final MockRegistry mocks;

  MissingExecutor(MockRegistry mocks) {
    this.mocks = mocks;
  }

  @Override
  public CompletableFuture<Object> start(Attempt attempt) {
    String task = attempt.task().name();
    String executor = attempt.task().placement().executor();
    return mocks.refuse(
        new UnmockedTaskError(
            "task '" + task + "' (node '" + attempt.nodePath() + "') asks for executor '" + executor
                + "', which a test engine does not have. Fix: mock it (mocks.mock(task).returns(...)),"
                + " or register a stand-in with SluiceExtension.builder().executor(\"" + executor
                + "\", ...)"));
  }

  @Override
  public String toString() {
    return "MissingExecutor";
  }
}
