package dev.sluice.testing.mock;

import dev.sluice.dsl.Fn2;
import java.util.List;

/**
 * The stand-in for a task with two inputs, made by {@link TaskMocks#mock(dev.sluice.dsl.Task2)}.
 * Each answer method adds one answer; calls take them in order and the last keeps answering every
 * later call: {@code returns(x)} answers every call with x, {@code thenThrow(e).returns(x)} fails
 * the first call and returns x after. The task keeps its retry policy, timeout and concurrency limit.
 *
 * @param <R> the task's output type
 */
public interface Mock2<A, B, R> {

  /** The next call returns {@code value}. */
  Mock2<A, B, R> returns(R value);

  /** The next call fails with {@code failure} (an {@link Exception} or an {@link Error}). */
  Mock2<A, B, R> thenThrow(Throwable failure);

  /**
   * The next call computes its output from its inputs with {@code answer} (on the engine's task
   * threads, like the real body; it may throw).
   */
  Mock2<A, B, R> answers(Fn2<? super A, ? super B, ? extends R> answer);

  /** The next call never answers: it runs until the engine cancels it (a timeout, a cancel). */
  Mock2<A, B, R> hangs();

  /** Every call so far, in the order they started, with the inputs each received. */
  List<Call<A, B>> calls();

  /** One call of the task: where it ran, which attempt it was, and its inputs in declaration order. */
  record Call<A, B>(String nodePath, int attempt, A a, B b) {}
}
