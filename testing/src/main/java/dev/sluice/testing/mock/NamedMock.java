package dev.sluice.testing.mock;

import dev.sluice.dsl.Fn1;
import java.util.List;

/**
 * The stand-in for a task found by name ({@link TaskMocks#mock(String)}), for tasks a test cannot
 * reference (another module's, a command task defined elsewhere). Untyped: prefer mocking the
 * task object, whose mock checks types at compile time. Answers work as in {@link Mock1}.
 */
public interface NamedMock {

  /** The next call returns {@code value}. */
  NamedMock returns(Object value);

  /** The next call fails with {@code failure} (an {@link Exception} or an {@link Error}). */
  NamedMock thenThrow(Throwable failure);

  /** The next call computes its output from its inputs (in declaration order) with {@code answer}. */
  NamedMock answers(Fn1<List<Object>, ?> answer);

  /** The next call never answers: it runs until the engine cancels it (a timeout, a cancel). */
  NamedMock hangs();

  /** Every call so far, in the order they started, with the inputs each received. */
  List<Call> calls();

  /** One call of the task: where it ran, which attempt it was, and its inputs in declaration order. */
  record Call(String nodePath, int attempt, List<Object> inputs) {}
}
