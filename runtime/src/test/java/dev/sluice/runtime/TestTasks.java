package dev.sluice.runtime;

import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskCatalog;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.TaskCatalogProvider;
import java.io.UncheckedIOException;
import java.util.List;

/** The tasks the runner tests run, found through META-INF/services like a user's. */
public final class TestTasks implements TaskCatalogProvider {
  /** A record input and output, to show values survive JSON both ways. */
  public record Scores(List<Double> values, String model) {}

  static final TaskSpec MEAN =
      TaskSpec.builder("mean")
          .input("scores", Scores.class)
          .input("scale", Double.class)
          .output(Double.class)
          .jvm((args, ctx) -> {
            Scores s = (Scores) args[0];
            double sum = 0;
            for (double v : s.values()) {
              sum += v;
            }
            return sum / s.values().size() * (Double) args[1];
          })
          .build();

  static final TaskSpec WHO_AM_I =
      TaskSpec.builder("who-am-i")
          .output(String.class)
          .jvm((args, ctx) -> ctx.workflowName() + "/" + ctx.nodePath() + "#" + ctx.attempt())
          .build();

  static final TaskSpec FLAKY =
      TaskSpec.builder("flaky")
          .input("x", Long.class)
          .output(Long.class)
          .retry(RetryPolicy.builder().maxAttempts(3).retryOn(UncheckedIOException.class).build())
          .jvm((args, ctx) -> {
            throw new UncheckedIOException(new java.io.IOException("connection reset by the feature store"));
          })
          .build();

  static final TaskSpec BROKEN =
      TaskSpec.builder("broken")
          .input("x", Long.class)
          .output(Long.class)
          .retry(RetryPolicy.builder().maxAttempts(3).retryOn(UncheckedIOException.class).build())
          .jvm((args, ctx) -> {
            throw new IllegalArgumentException("x must be positive, got " + args[0]);
          })
          .build();

  @Override
  public TaskCatalog catalog() {
    return TaskCatalog.of(MEAN, WHO_AM_I, FLAKY, BROKEN);
  }
}
