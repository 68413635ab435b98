package dev.sluice.core.internal.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Runs attempts in this JVM: a JVM task on the engine's task pool (cancellation interrupts its
 * thread), a command task as a subprocess whose output and error streams go to log files in the
 * attempt's directory.
 */
public final class LocalExecutor implements TaskExecutor {
  private final Executor pool;
  private final CommandLauncher commands;

  public LocalExecutor(Executor pool, ScheduledExecutorService timer, ObjectMapper json) {
    this(pool, timer, () -> json);
  }

  /** With the mapper asked for only when a command task first runs (JVM tasks need none). */
  public LocalExecutor(Executor pool, ScheduledExecutorService timer, Supplier<ObjectMapper> json) {
    this.pool = pool;
    this.commands = new CommandLauncher(pool, timer, json);
  }

  @Override
  public CompletableFuture<Object> start(Attempt attempt) {
    TaskBody body = attempt.task().body();
    if (body instanceof TaskBody.Jvm jvm) {
      LocalAttempt running = new LocalAttempt(jvm.invoker(), attempt, pool);
      if (!Trampoline.offer(running, pool)) {
        pool.execute(running);
      }
      return running;
    }
    return commands.start(attempt, (TaskBody.Command) body);
  }

  /**
   * Registers {@code callback} for the outcome of {@code attempt} if it is this executor's JVM
   * attempt that has not completed yet (no {@code whenComplete} stage per attempt); false
   * otherwise, and the caller uses {@code whenComplete}.
   */
  public static boolean onComplete(CompletableFuture<Object> attempt, BiConsumer<Object, Throwable> callback) {
    return attempt instanceof LocalAttempt local && local.onComplete(callback);
  }

  /**
   * Runs {@code action}, the end of an attempt handed to {@code pool}, as this executor handles the
   * end of its own attempts: the first attempt it starts runs next on this thread, the others go
   * to the pool together ({@link Trampoline}). Call it on a thread of {@code pool}.
   */
  public static void runAsCompletion(Executor pool, Runnable action) {
    Trampoline.completing(pool, action);
  }

  /**
   * Runs {@code action} so that attempts it starts go to their pool, never onto this thread's
   * trampoline (used to complete a run, whose completion stage users may block in).
   */
  public static void outsideTrampoline(Runnable action) {
    Trampoline.suspended(action);
  }

  @Override
  public String toString() {
    return "LocalExecutor";
  }
}
