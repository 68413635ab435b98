package dev.sluice.testing.internal.mock;

import dev.sluice.core.spi.Attempt;
import dev.sluice.dsl.Fn0;
import dev.sluice.dsl.Fn1;
import dev.sluice.dsl.Fn2;
import dev.sluice.dsl.Fn3;
import dev.sluice.dsl.Fn4;
import dev.sluice.testing.mock.Mock0;
import dev.sluice.testing.mock.Mock1;
import dev.sluice.testing.mock.Mock2;
import dev.sluice.testing.mock.Mock3;
import dev.sluice.testing.mock.Mock4;
import dev.sluice.testing.mock.NamedMock;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The mocks of each arity: typed front ends over {@link AbstractMock}. */
final class TypedMocks {
  private TypedMocks() {}

  static <F> F required(F answer, String taskName) {
    return Objects.requireNonNull(answer, "answer of the mock of task '" + taskName + "'");
  }

  static final class M0<R> extends AbstractMock<Mock0.Call> implements Mock0<R> {
    M0(String taskName) {
      super(taskName);
    }

    @Override
    public Mock0<R> returns(R value) {
      addValue(value);
      return this;
    }

    @Override
    public Mock0<R> thenThrow(Throwable failure) {
      addFailure(failure);
      return this;
    }

    @Override
    public Mock0<R> answers(Fn0<? extends R> answer) {
      Fn0<? extends R> fn = required(answer, taskName);
      add((in, ctx) -> fn.apply());
      return this;
    }

    @Override
    public Mock0<R> hangs() {
      addHang();
      return this;
    }

    @Override
    Mock0.Call toCall(Attempt attempt, Object[] in) {
      return new Mock0.Call(attempt.nodePath(), attempt.attempt());
    }
  }

  static final class M1<A, R> extends AbstractMock<Mock1.Call<A>> implements Mock1<A, R> {
    M1(String taskName) {
      super(taskName);
    }

    @Override
    public Mock1<A, R> returns(R value) {
      addValue(value);
      return this;
    }

    @Override
    public Mock1<A, R> thenThrow(Throwable failure) {
      addFailure(failure);
      return this;
    }

    @Override
    public Mock1<A, R> answers(Fn1<? super A, ? extends R> answer) {
      Fn1<? super A, ? extends R> fn = required(answer, taskName);
      add((in, ctx) -> fn.apply(cast(in[0])));
      return this;
    }

    @Override
    public Mock1<A, R> hangs() {
      addHang();
      return this;
    }

    @Override
    Mock1.Call<A> toCall(Attempt attempt, Object[] in) {
      return new Mock1.Call<>(attempt.nodePath(), attempt.attempt(), cast(in[0]));
    }
  }

  static final class M2<A, B, R> extends AbstractMock<Mock2.Call<A, B>> implements Mock2<A, B, R> {
    M2(String taskName) {
      super(taskName);
    }

    @Override
    public Mock2<A, B, R> returns(R value) {
      addValue(value);
      return this;
    }

    @Override
    public Mock2<A, B, R> thenThrow(Throwable failure) {
      addFailure(failure);
      return this;
    }

    @Override
    public Mock2<A, B, R> answers(Fn2<? super A, ? super B, ? extends R> answer) {
      Fn2<? super A, ? super B, ? extends R> fn = required(answer, taskName);
      add((in, ctx) -> fn.apply(cast(in[0]), cast(in[1])));
      return this;
    }

    @Override
    public Mock2<A, B, R> hangs() {
      addHang();
      return this;
    }

    @Override
    Mock2.Call<A, B> toCall(Attempt attempt, Object[] in) {
      return new Mock2.Call<>(attempt.nodePath(), attempt.attempt(), cast(in[0]), cast(in[1]));
    }
  }

  static final class M3<A, B, C, R> extends AbstractMock<Mock3.Call<A, B, C>>
      implements Mock3<A, B, C, R> {
    M3(String taskName) {
      super(taskName);
    }

    @Override
    public Mock3<A, B, C, R> returns(R value) {
      addValue(value);
      return this;
    }

    @Override
    public Mock3<A, B, C, R> thenThrow(Throwable failure) {
      addFailure(failure);
      return this;
    }

    @Override
    public Mock3<A, B, C, R> answers(Fn3<? super A, ? super B, ? super C, ? extends R> answer) {
      Fn3<? super A, ? super B, ? super C, ? extends R> fn = required(answer, taskName);
      add((in, ctx) -> fn.apply(cast(in[0]), cast(in[1]), cast(in[2])));
      return this;
    }

    @Override
    public Mock3<A, B, C, R> hangs() {
      addHang();
      return this;
    }

    @Override
    Mock3.Call<A, B, C> toCall(Attempt attempt, Object[] in) {
      return new Mock3.Call<>(attempt.nodePath(), attempt.attempt(), cast(in[0]), cast(in[1]), cast(in[2]));
    }
  }

  static final class M4<A, B, C, D, R> extends AbstractMock<Mock4.Call<A, B, C, D>>
      implements Mock4<A, B, C, D, R> {
    M4(String taskName) {
      super(taskName);
    }

    @Override
    public Mock4<A, B, C, D, R> returns(R value) {
      addValue(value);
      return this;
    }

    @Override
    public Mock4<A, B, C, D, R> thenThrow(Throwable failure) {
      addFailure(failure);
      return this;
    }

    @Override
    public Mock4<A, B, C, D, R> answers(
        Fn4<? super A, ? super B, ? super C, ? super D, ? extends R> answer) {
      Fn4<? super A, ? super B, ? super C, ? super D, ? extends R> fn = required(answer, taskName);
      add((in, ctx) -> fn.apply(cast(in[0]), cast(in[1]), cast(in[2]), cast(in[3])));
      return this;
    }

    @Override
    public Mock4<A, B, C, D, R> hangs() {
      addHang();
      return this;
    }

    @Override
    Mock4.Call<A, B, C, D> toCall(Attempt attempt, Object[] in) {
      return new Mock4.Call<>(
          attempt.nodePath(), attempt.attempt(), cast(in[0]), cast(in[1]), cast(in[2]), cast(in[3]));
    }
  }

  static final class Named extends AbstractMock<NamedMock.Call> implements NamedMock {
    Named(String taskName) {
      super(taskName);
    }

    @Override
    public NamedMock returns(Object value) {
      addValue(value);
      return this;
    }

    @Override
    public NamedMock thenThrow(Throwable failure) {
      addFailure(failure);
      return this;
    }

    @Override
    public NamedMock answers(Fn1<List<Object>, ?> answer) {
      Fn1<List<Object>, ?> fn = required(answer, taskName);
      add((in, ctx) -> fn.apply(inputs(in)));
      return this;
    }

    @Override
    public NamedMock hangs() {
      addHang();
      return this;
    }

    @Override
    NamedMock.Call toCall(Attempt attempt, Object[] in) {
      return new NamedMock.Call(attempt.nodePath(), attempt.attempt(), inputs(in));
    }

    /** The inputs as an unmodifiable list that may hold nulls. */
    private static List<Object> inputs(Object[] in) {
      return Collections.unmodifiableList(Arrays.asList(in.clone()));
    }
  }
}
