package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.InfrastructureFailure;
import dev.sluice.core.model.Resources;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskSpec;

/** How a retry policy treats an {@link InfrastructureFailure}: the rules its Javadoc states. */
final class InfrastructureRetries {
  private InfrastructureRetries() {}

  /**
   * Whether {@code f} is worth another attempt under {@code policy}: never when {@code abortOn}
   * matches it; always when the policy changes resources for its kind or names its type (or a
   * supertype within the hierarchy) in {@code retryOn}; otherwise when it is retryable by default
   * and the policy retries it.
   */
  static boolean retries(RetryPolicy policy, InfrastructureFailure f) {
    for (Class<? extends Throwable> type : policy.abortOn()) {
      if (type.isInstance(f)) {
        return false;
      }
    }
    if (policy.resize().containsKey(f.kind())) {
      return true;
    }
    for (Class<? extends Throwable> type : policy.retryOn()) {
      if (InfrastructureFailure.class.isAssignableFrom(type) && type.isInstance(f)) {
        return true;
      }
    }
    return f.retryableByDefault() && policy.retries(f);
  }

  /** {@code task} with the resources its retry policy asks for after {@code f}. */
  static TaskSpec resized(TaskSpec task, InfrastructureFailure f) {
    Resources next = task.retry().resize().get(f.kind()).apply(task.resources());
    if (next == null) {
      throw new IllegalStateException("the retry policy of task '" + task.name() + "' changed its resources to null after "
          + f.kind() + "; return the resources to use");
    }
    return task.toBuilder().resources(next).build();
  }
}
