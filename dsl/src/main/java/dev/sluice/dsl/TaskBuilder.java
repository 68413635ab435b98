package dev.sluice.dsl;

import dev.sluice.core.model.TaskBody;
import java.util.Objects;

/**
 * Defines a task: set its options, then give its body with {@code of(...)}. This is a builder, and
 * says so: it is mutable, each setter changes it and returns it, and every {@code of(...)} freezes
 * the current options into a new immutable task (later changes do not affect tasks already made).
 *
 * <pre>{@code
 * static final Task2<Dataset, Params, Model> train = Task.named("train")
 *     .retry(RetryPolicy.exponential(3, Duration.ofSeconds(2)))
 *     .resources(r -> r.cpu(4).memory("8Gi"))
 *     .of((d, p) -> Trainer.fit(d, p.lr()));
 * }</pre>
 *
 * <p>The input and output types are read from the lambda or method reference once, here; override
 * them with {@link #inputTypes} and {@link #outputType} when the function's types are erased. A
 * reference to an overloaded method (such as {@code String::startsWith}) can match several arities
 * and not compile; write a lambda, or give the type arguments: {@code .<String, Boolean>of(...)}.
 */
public final class TaskBuilder extends TaskOptions<TaskBuilder> {

  TaskBuilder(TaskSettings settings) {
    super(settings);
  }

  /**
   * Derives the cache version from the task's code: the SHA-256 of the class that defines the
   * function given to {@code of(...)} (the class holding the lambda, or the class of the method
   * reference) is added to it, so a changed body never reuses results of the old one. Turns the
   * cache on (version "1") if no {@code cache(...)} option did. Only that class is hashed: a change
   * in another class the body calls needs a version bump by hand.
   */
  public TaskBuilder cacheVersionFromCode() {
    settings.cacheVersionFromCode = true;
    return this;
  }

  /**
   * Declares the body's identity instead of deriving it from its code ({@link
   * dev.sluice.core.model.BodyId}). Two definitions with one name and one id are one task; the
   * cache key uses the id, so a body refactored without changing what it computes keeps its cache
   * entries — and a body that computes something else must get a new id. Without it the identity
   * is the SHA-256 of the function's bytecode (see docs/caching.md).
   *
   * @param id letters, digits, '-', '_' or '.', e.g. {@code "scale-by-two-v1"}
   */
  public TaskBuilder bodyId(String id) {
    settings.bodyId = Objects.requireNonNull(id, "body id");
    return this;
  }

  /** An environment variable for the task's container (remote executors). */
  public TaskBuilder env(String name, String value) {
    settings.environment.put(
        Objects.requireNonNull(name, "environment variable name"),
        Objects.requireNonNull(value, "value of environment variable " + name));
    return this;
  }

  /**
   * Makes this a command task: a process started with {@code argv} that reads its inputs and writes
   * its output as JSON. The returned builder shares this builder's options.
   */
  public CommandTaskBuilder command(String... argv) {
    return new CommandTaskBuilder(settings, argv);
  }

  /** A task with no input. */
  public <R> Task0<R> of(Fn0<R> fn) {
    requireBody(fn);
    return new Task0<>(
        settings.toSpec(new TaskBody.Jvm((args, ctx) -> fn.apply(), settings.bodyIdOf(fn)), LambdaTypes.infer(fn, Fn0.class, 0), fn));
  }

  /** A task with one input. */
  public <A, R> Task1<A, R> of(Fn1<A, R> fn) {
    requireBody(fn);
    return new Task1<>(
        settings.toSpec(
            new TaskBody.Jvm((args, ctx) -> fn.apply(cast(args[0])), settings.bodyIdOf(fn)),
            LambdaTypes.infer(fn, Fn1.class, 1),
            fn));
  }

  /** A task with two inputs. */
  public <A, B, R> Task2<A, B, R> of(Fn2<A, B, R> fn) {
    requireBody(fn);
    return new Task2<>(
        settings.toSpec(
            new TaskBody.Jvm((args, ctx) -> fn.apply(cast(args[0]), cast(args[1])), settings.bodyIdOf(fn)),
            LambdaTypes.infer(fn, Fn2.class, 2),
            fn));
  }

  /** A task with three inputs. */
  public <A, B, C, R> Task3<A, B, C, R> of(Fn3<A, B, C, R> fn) {
    requireBody(fn);
    return new Task3<>(
        settings.toSpec(
            new TaskBody.Jvm((args, ctx) -> fn.apply(cast(args[0]), cast(args[1]), cast(args[2])), settings.bodyIdOf(fn)),
            LambdaTypes.infer(fn, Fn3.class, 3),
            fn));
  }

  /** A task with four inputs. */
  public <A, B, C, D, R> Task4<A, B, C, D, R> of(Fn4<A, B, C, D, R> fn) {
    requireBody(fn);
    return new Task4<>(
        settings.toSpec(
            new TaskBody.Jvm(
                (args, ctx) -> fn.apply(cast(args[0]), cast(args[1]), cast(args[2]), cast(args[3])),
                settings.bodyIdOf(fn)),
            LambdaTypes.infer(fn, Fn4.class, 4),
            fn));
  }

  private void requireBody(Object fn) {
    if (fn == null) {
      throw new IllegalArgumentException(
          "task '" + settings.name + "': of(null) has no body. Fix: pass a lambda or method reference");
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object value) {
    return (T) value;
  }
}
