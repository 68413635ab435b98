package dev.sluice.testing.mock;

/**
 * A test ran a task it should not have: in strict mode a task neither mocked nor allowed, or a task
 * naming an executor the test engine does not have. The message names the task and the fix. An
 * {@link AssertionError}, so retry policies (which retry exceptions) do not retry it.
 */
public final class UnmockedTaskError extends AssertionError {
  private static final long serialVersionUID = 1L;

  public UnmockedTaskError(String message) {
    super(message);
  }
}
