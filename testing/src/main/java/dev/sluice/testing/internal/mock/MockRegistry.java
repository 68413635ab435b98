package dev.sluice.testing.internal.mock;

import dev.sluice.core.model.BodyId;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.model.Invoker;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskInterceptor;
import dev.sluice.dsl.Task0;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Task3;
import dev.sluice.dsl.Task4;
import dev.sluice.testing.internal.junit.LaunchLog;
import dev.sluice.testing.internal.junit.RecordingEngine;
import dev.sluice.testing.mock.Mock0;
import dev.sluice.testing.mock.Mock1;
import dev.sluice.testing.mock.Mock2;
import dev.sluice.testing.mock.Mock3;
import dev.sluice.testing.mock.Mock4;
import dev.sluice.testing.mock.NamedMock;
import dev.sluice.testing.mock.TaskMocks;
import dev.sluice.testing.mock.UnmockedTaskError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The mocks of one test and the interceptor that applies them: a mocked task's attempt gets the
 * mock's answer as its body; in strict mode an attempt of a task neither mocked nor allowed fails.
 * Remembers every violation so the test can fail even if it swallowed the run's failure.
 */
public final class MockRegistry implements TaskMocks, TaskInterceptor {
  private final boolean strict;
  private final Map<String, AbstractMock<?>> mocks = new ConcurrentHashMap<>();
  private final Set<String> allowed = ConcurrentHashMap.newKeySet();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  /** The body each mock or allowance made from a task handle stands for; by-name ones have none. */
  private final Map<String, BodyId> bodies = new ConcurrentHashMap<>();
  private volatile LaunchLog launched = new LaunchLog();
  private volatile Consumer<Engine> built = engine -> {};

  public MockRegistry(boolean strict) {
    this.strict = strict;
  }

  /**
   * Engines {@link #engine(Engine.Builder)} builds from now on add their runs to {@code launched}
   * and are handed to {@code built} (the test environment closes them after the test).
   */
  public void attach(LaunchLog launched, Consumer<Engine> built) {
    this.launched = Objects.requireNonNull(launched, "launched");
    this.built = Objects.requireNonNull(built, "built");
  }

  /** The log the runs of engines built with these mocks go to. */
  public LaunchLog launched() {
    return launched;
  }

  @Override
  public Engine engine(Engine.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    Engine engine = new RecordingEngine(builder.interceptor(this).build(), this, launched);
    built.accept(engine);
    return engine;
  }

  private <M extends AbstractMock<?>> M register(String taskName, Function<String, M> make) {
    Objects.requireNonNull(taskName, "task to mock");
    M mock = make.apply(taskName);
    mocks.put(taskName, mock);
    bodies.remove(taskName);
    return mock;
  }

  /** A mock of the task {@code spec} defines: it answers calls of that body only. */
  private <M extends AbstractMock<?>> M register(TaskSpec spec, Function<String, M> make) {
    M mock = register(spec.name(), make);
    bodies.put(spec.name(), spec.body().id());
    return mock;
  }

  /**
   * The problem if the attempt's task has the name of a mock or allowance made from a task handle,
   * but another body: the test meant another task.
   */
  private String otherBody(Attempt attempt, String what, String fix) {
    BodyId meant = bodies.get(attempt.task().name());
    BodyId called = attempt.task().body().id();
    if (meant == null || meant.sameCode(called)) {
      return null;
    }
    return "task '" + attempt.task().name() + "' (node '" + attempt.nodePath() + "') is " + called.describe()
        + ", but the " + what + " was made for another task of that name: " + meant.describe() + ". Fix: "
        + fix + " the task the workflow calls, or give the two tasks their own names (Task.named(...))";
  }

  @Override
  public <R> Mock0<R> mock(Task0<R> task) {
    return register(Objects.requireNonNull(task, "task to mock").spec(), TypedMocks.M0::new);
  }

  @Override
  public <A, R> Mock1<A, R> mock(Task1<A, R> task) {
    return register(Objects.requireNonNull(task, "task to mock").spec(), TypedMocks.M1::new);
  }

  @Override
  public <A, B, R> Mock2<A, B, R> mock(Task2<A, B, R> task) {
    return register(Objects.requireNonNull(task, "task to mock").spec(), TypedMocks.M2::new);
  }

  @Override
  public <A, B, C, R> Mock3<A, B, C, R> mock(Task3<A, B, C, R> task) {
    return register(Objects.requireNonNull(task, "task to mock").spec(), TypedMocks.M3::new);
  }

  @Override
  public <A, B, C, D, R> Mock4<A, B, C, D, R> mock(Task4<A, B, C, D, R> task) {
    return register(Objects.requireNonNull(task, "task to mock").spec(), TypedMocks.M4::new);
  }

  @Override
  public NamedMock mock(String taskName) {
    return register(taskName, TypedMocks.Named::new);
  }

  @Override
  public TaskMocks allow(Task0<?> task) {
    return allow(Objects.requireNonNull(task, "task to allow").spec());
  }

  @Override
  public TaskMocks allow(Task1<?, ?> task) {
    return allow(Objects.requireNonNull(task, "task to allow").spec());
  }

  @Override
  public TaskMocks allow(Task2<?, ?, ?> task) {
    return allow(Objects.requireNonNull(task, "task to allow").spec());
  }

  @Override
  public TaskMocks allow(Task3<?, ?, ?, ?> task) {
    return allow(Objects.requireNonNull(task, "task to allow").spec());
  }

  @Override
  public TaskMocks allow(Task4<?, ?, ?, ?, ?> task) {
    return allow(Objects.requireNonNull(task, "task to allow").spec());
  }

  private TaskMocks allow(TaskSpec spec) {
    allow(spec.name());
    bodies.putIfAbsent(spec.name(), spec.body().id());
    return this;
  }

  @Override
  public TaskMocks allow(String... taskNames) {
    for (String name : taskNames) {
      allowed.add(Objects.requireNonNull(name, "task name to allow"));
    }
    return this;
  }

  @Override
  public boolean isStrict() {
    return strict;
  }

  @Override
  public TaskInterceptor interceptor() {
    return this;
  }

  @Override
  public CompletableFuture<Object> intercept(Attempt attempt, Chain next) {
    String name = attempt.task().name();
    AbstractMock<?> mock = mocks.get(name);
    String other = mock != null ? otherBody(attempt, "mock", "mock") : otherBody(attempt, "allowance", "allow");
    if (other != null && (mock != null || allowed.contains(name))) {
      return refuse(new UnmockedTaskError(other));
    }
    if (mock != null) {
      Invoker answer = mock.start(attempt);
      return answer != null
          ? next.proceed(new MockedAttempt(attempt, answer))
          : refuse(mock.noAnswer(attempt));
    }
    if (!strict || allowed.contains(name)) {
      return next.proceed(attempt);
    }
    return refuse(
        new UnmockedTaskError(
            "strict mode: task '" + name + "' (node '" + attempt.nodePath() + "') is neither mocked"
                + " nor allowed. Fix: mock it (mocks.mock(task).returns(...)) or let it run"
                + " (mocks.allow(task), or @SluiceTest(allow = \"" + name + "\"))"));
  }

  /**
   * Strict mode, before a run starts: every task the spec may call is mocked or allowed, or one
   * error listing all that are not, with the allow list ready to paste.
   */
  public void checkBeforeRun(WorkflowSpec spec) {
    if (!strict) {
      return;
    }
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> e : SpecTasks.of(spec).entrySet()) {
      if (!mocks.containsKey(e.getKey()) && !allowed.contains(e.getKey())) {
        missing.add(e.getKey());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    UnmockedTaskError error =
        new UnmockedTaskError(
            "strict mode: workflow '" + spec.name() + "' calls tasks that are neither mocked nor"
                + " allowed: " + String.join(", ", missing) + ". Fix: mock each (mocks.mock(task)"
                + ".returns(...)) or let it run (mocks.allow(task), or @SluiceTest(allow = {"
                + missing.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")) + "}))");
    violations.add(error.getMessage());
    throw error;
  }

  /** Records {@code error} as a violation and fails the attempt with it. */
  public CompletableFuture<Object> refuse(UnmockedTaskError error) {
    violations.add(error.getMessage());
    return CompletableFuture.failedFuture(error);
  }

  /** What this test's runs did that they should not have, in order. */
  public List<String> violations() {
    return List.copyOf(violations);
  }
}
