package dev.sluice.core.engine;

import dev.sluice.core.model.Names;
import java.util.Objects;

/**
 * What a {@link RateLimit} counts: the starts of one task (by name), of every task on one executor
 * (by the executor's name), or of every task that names a resource with {@code .rateLimited(name)}
 * (e.g. {@code "ray-cluster"}, shared by tasks on several executors).
 *
 * @param scope what the name names
 * @param name the task, executor or resource name
 */
public record RateLimitKey(Scope scope, String name) {
  /** What a key's name names. */
  public enum Scope {
    TASK,
    EXECUTOR,
    RESOURCE
  }

  public RateLimitKey {
    Objects.requireNonNull(scope, "scope");
    if (!Names.isValid(name)) {
      throw new IllegalArgumentException("the " + scope.name().toLowerCase(java.util.Locale.ROOT) + " name '" + name
          + "' of a rate limit is not valid: use 1 to 128 letters, digits, '-', '_' or '.', starting with a letter"
          + " or digit");
    }
  }

  /** Every start of the task named {@code name}. */
  public static RateLimitKey task(String name) {
    return new RateLimitKey(Scope.TASK, name);
  }

  /** Every start on the executor registered as {@code name}. */
  public static RateLimitKey executor(String name) {
    return new RateLimitKey(Scope.EXECUTOR, name);
  }

  /** Every start of a task that names {@code name} in {@code .rateLimited(...)}. */
  public static RateLimitKey resource(String name) {
    return new RateLimitKey(Scope.RESOURCE, name);
  }

  @Override
  public String toString() {
    return scope.name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "'";
  }
}
