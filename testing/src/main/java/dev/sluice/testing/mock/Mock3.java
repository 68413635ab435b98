package dev.sluice.testing.mock;

import dev.sluice.dsl.Fn3;
import java.util.List;

/**
 * The stand-in for a task with three inputs, made by {@link TaskMocks#mock(dev.sluice.dsl.Task3)}.
 * Each answer method adds one answer; calls take them in order and the last keeps answering every
 * later call: {@code returns(x)} answers every call with x, {@code thenThrow(e).returns(x)} fails
 * the first call and returns x after. The task keeps its retry policy, timeout and concurrency limit.
 *
 * @param <R> the task's output type
 */
public interface Mock3<A, B, C, R> {

  /** The next call returns {@code value}. */
  Mock3<A, B, C, R> returns(R value);

  /** The next call fails with {@code failure} (an {@link Exception} or an {@link Error}). */
  Mock3<A, B, C, R> thenThrow(Throwable failure);

  /**
   * The next call computes its output from its inputs with {@code answer} (on the engine's task
   * threads, like the real body; it may throw).
   */
  Mock3<A, B, C, R> answers(Fn3<? super A, ? super B, ? super C, ? extends R> answer);

  /** The next call never answers: it runs until the engine cancels it (a timeout, a cancel). */
  Mock3<A, B, C, R> hangs();

  /** Every call so far, in the order they started, with the inputs each received. */
  List<Call<A, B, C>> calls();

  /** One call of the task: where it ran, which attempt it was, and its inputs in declaration order. */
  record Call<A, B, C>(String nodePath, int attempt, A a, B b, C c) {}
}
