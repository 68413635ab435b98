package dev.sluice.core.model;

/** The thread binding behind {@link TaskContext#current()}. */
final class CurrentTaskContext {
  static final ThreadLocal<TaskContext> BOUND = new ThreadLocal<>();

  private CurrentTaskContext() {}
}
