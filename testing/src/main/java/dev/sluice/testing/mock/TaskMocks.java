package dev.sluice.testing.mock;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.spi.TaskInterceptor;
import dev.sluice.dsl.Task0;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Task3;
import dev.sluice.dsl.Task4;
import dev.sluice.testing.internal.mock.MockRegistry;

/**
 * The task mocks of one test. A {@code @SluiceTest} injects one wired into its engine; {@link
 * #create()} makes one for an engine you build with {@link #engine(Engine.Builder)}.
 *
 * <pre>{@code
 * Mock1<TrainJob, Model> train = mocks.mock(QoePrediction.train)
 *     .thenThrow(new IOException("worker lost"))
 *     .answers(job -> Model.constant(job.hyperParams()));
 * }</pre>
 *
 * <p>Tasks are matched by name: a mock replaces the body of every call of a task with that name,
 * map elements and branch arms included. Mocking a task again replaces its earlier mock. A mock or
 * allowance made from a task object stands for that task's body: a call of another body under the
 * same name fails with an {@link UnmockedTaskError} naming both.
 *
 * <p>In strict mode, a task that is neither mocked nor {@linkplain #allow(Task1) allowed} fails
 * with an {@link UnmockedTaskError} naming it and the fix, so a test never runs real work (or
 * reaches a real cluster) by accident.
 */
public interface TaskMocks {

  /** Mocks for an engine you build yourself; unmocked tasks run for real. */
  static TaskMocks create() {
    return new MockRegistry(false);
  }

  /** Mocks for an engine you build yourself, in strict mode. */
  static TaskMocks strict() {
    return new MockRegistry(true);
  }

  /** Replaces {@code task}'s body for this test; configure the answers on the result. */
  <R> Mock0<R> mock(Task0<R> task);

  /** Replaces {@code task}'s body for this test; configure the answers on the result. */
  <A, R> Mock1<A, R> mock(Task1<A, R> task);

  /** Replaces {@code task}'s body for this test; configure the answers on the result. */
  <A, B, R> Mock2<A, B, R> mock(Task2<A, B, R> task);

  /** Replaces {@code task}'s body for this test; configure the answers on the result. */
  <A, B, C, R> Mock3<A, B, C, R> mock(Task3<A, B, C, R> task);

  /** Replaces {@code task}'s body for this test; configure the answers on the result. */
  <A, B, C, D, R> Mock4<A, B, C, D, R> mock(Task4<A, B, C, D, R> task);

  /** Replaces the body of the task named {@code taskName}, untyped (see {@link NamedMock}). */
  NamedMock mock(String taskName);

  /** In strict mode, lets {@code task} run for real. */
  TaskMocks allow(Task0<?> task);

  /** In strict mode, lets {@code task} run for real. */
  TaskMocks allow(Task1<?, ?> task);

  /** In strict mode, lets {@code task} run for real. */
  TaskMocks allow(Task2<?, ?, ?> task);

  /** In strict mode, lets {@code task} run for real. */
  TaskMocks allow(Task3<?, ?, ?, ?> task);

  /** In strict mode, lets {@code task} run for real. */
  TaskMocks allow(Task4<?, ?, ?, ?, ?> task);

  /** In strict mode, lets the tasks with these names run for real. */
  TaskMocks allow(String... taskNames);

  /** Whether unmocked, unallowed tasks fail. */
  boolean isStrict();

  /**
   * The interceptor that applies these mocks, attempt by attempt. Prefer {@link
   * #engine(Engine.Builder)}: an engine given only the interceptor refuses an unmocked task when it is
   * called, not before the run starts.
   */
  TaskInterceptor interceptor();

  /**
   * Builds {@code builder}'s engine with these mocks: registers the {@linkplain #interceptor()
   * interceptor}, records every run's events (for {@code assertThat(run).events()}) and, in strict
   * mode, checks each workflow before its run starts, throwing one {@link UnmockedTaskError} that
   * lists every task neither mocked nor allowed. With the mocks a {@code @SluiceTest} injects, the
   * engine's runs also join the test's {@link dev.sluice.testing.LaunchedRuns} and the extension
   * closes the engine after the test.
   *
   * <pre>{@code
   * Engine durable = mocks.engine(Engine.builder().runStore(RunStores.inMemory()));
   * }</pre>
   */
  Engine engine(Engine.Builder builder);
}
