package dev.sluice.testing.internal.mock;

import dev.sluice.core.model.Invoker;
import dev.sluice.core.spi.Attempt;
import dev.sluice.testing.mock.UnmockedTaskError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * What every mock shares: the answers in order (the last repeats) and the calls received.
 *
 * @param <C> the call record type of the mock's arity
 */
abstract class AbstractMock<C> {
  /** A call that never answers: blocks its task thread until the engine interrupts it. */
  private static final Invoker HANG =
      (in, ctx) -> {
        new CountDownLatch(1).await();
        throw new IllegalStateException("unreachable: a latch nobody counts down returned");
      };

  final String taskName;
  private final List<Invoker> answers = new ArrayList<>();
  private int used;
  private final List<C> calls = new CopyOnWriteArrayList<>();

  AbstractMock(String taskName) {
    this.taskName = taskName;
  }

  /** Adds an answer computed from the inputs. */
  final void add(Invoker answer) {
    synchronized (answers) {
      answers.add(answer);
    }
  }

  final void addValue(Object value) {
    add((in, ctx) -> value);
  }

  final void addFailure(Throwable failure) {
    Objects.requireNonNull(failure, "failure of the mock of task '" + taskName + "'");
    if (!(failure instanceof Exception) && !(failure instanceof Error)) {
      throw new IllegalArgumentException(
          "mock of task '" + taskName + "': thenThrow needs an Exception or an Error, got a "
              + failure.getClass().getName());
    }
    add(
        (in, ctx) -> {
          if (failure instanceof Error e) {
            throw e;
          }
          throw (Exception) failure;
        });
  }

  final void addHang() {
    add(HANG);
  }

  /** Records the call {@code attempt} makes and returns the answer it gets. */
  final Invoker start(Attempt attempt) {
    calls.add(toCall(attempt, attempt.inputs()));
    synchronized (answers) {
      if (answers.isEmpty()) {
        return null;
      }
      Invoker answer = answers.get(Math.min(used, answers.size() - 1));
      used++;
      return answer;
    }
  }

  /** The error of a call to a mock that was given no answer. */
  final UnmockedTaskError noAnswer(Attempt attempt) {
    return new UnmockedTaskError(
        "the mock of task '" + taskName + "' (node '" + attempt.nodePath() + "') has no answer."
            + " Fix: give it one: returns(value), thenThrow(error), answers(inputs -> ...) or hangs()");
  }

  /** The typed record of one call. */
  abstract C toCall(Attempt attempt, Object[] inputs);

  public final List<C> calls() {
    return List.copyOf(calls);
  }

  @SuppressWarnings("unchecked")
  static <T> T cast(Object value) {
    return (T) value;
  }

  @Override
  public String toString() {
    return "mock of task '" + taskName + "' (" + calls.size() + " calls)";
  }
}
