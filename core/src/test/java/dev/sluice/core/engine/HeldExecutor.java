package dev.sluice.core.engine;

import dev.sluice.core.model.Resources;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An executor for admission tests: records each attempt it starts ({@code <workflow>/<node>}, in
 * order, with the resources it asked for) and holds it until the test {@linkplain #finish finishes}
 * it, or answers at once with {@code answer} (null: hold).
 */
final class HeldExecutor implements TaskExecutor {
  private final int maxInFlight;
  private final Function<Attempt, Object> answer;
  final List<String> started = new ArrayList<>();
  final List<Resources> resources = new ArrayList<>();
  private final Map<String, CompletableFuture<Object>> held = new ConcurrentHashMap<>();

  HeldExecutor(int maxInFlight, Function<Attempt, Object> answer) {
    this.maxInFlight = maxInFlight;
    this.answer = answer;
  }

  /** Holds every attempt. */
  HeldExecutor(int maxInFlight) {
    this(maxInFlight, null);
  }

  @Override
  public synchronized CompletableFuture<Object> start(Attempt attempt) {
    String name = attempt.workflowName() + "/" + attempt.nodePath();
    started.add(name);
    resources.add(attempt.task().resources());
    if (answer != null) {
      try {
        return CompletableFuture.completedFuture(answer.apply(attempt));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    CompletableFuture<Object> f = new CompletableFuture<>();
    held.put(name, f);
    return f;
  }

  /** Completes the held attempt {@code <workflow>/<node>} with {@code value}. */
  void finish(String name, Object value) {
    CompletableFuture<Object> f = held.remove(name);
    if (f == null) {
      throw new AssertionError(name + " is not running; started: " + started);
    }
    f.complete(value);
  }

  synchronized List<String> started() {
    return List.copyOf(started);
  }

  @Override
  public int maxInFlight() {
    return maxInFlight;
  }
}
