package dev.sluice.testing.mock;

import dev.sluice.dsl.Fn0;
import java.util.List;

/**
 * The stand-in for a task without input, made by {@link TaskMocks#mock(dev.sluice.dsl.Task0)}.
 * Each answer method adds one answer; calls take them in order and the last keeps answering every
 * later call: {@code returns(x)} answers every call with x, {@code thenThrow(e).returns(x)} fails
 * the first call and returns x after. The task keeps its retry policy, timeout and concurrency limit.
 *
 * @param <R> the task's output type
 */
public interface Mock0<R> {

  /** The next call returns {@code value}. */
  Mock0<R> returns(R value);

  /** The next call fails with {@code failure} (an {@link Exception} or an {@link Error}). */
  Mock0<R> thenThrow(Throwable failure);

  /** The next call runs {@code answer} (on the engine's task threads, like the real body). */
  Mock0<R> answers(Fn0<? extends R> answer);

  /** The next call never answers: it runs until the engine cancels it (a timeout, a cancel). */
  Mock0<R> hangs();

  /** Every call so far, in the order they started. */
  List<Call> calls();

  /** One call of the task: where it ran and which attempt it was. */
  record Call(String nodePath, int attempt) {}
}
