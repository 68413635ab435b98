package dev.sluice.core.internal.engine;

import com.google.common.collect.MapMaker;
import dev.sluice.core.engine.RateLimit;
import dev.sluice.core.engine.RateLimitKey;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.TaskExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One engine's admission state: the concurrency limiters of tasks (by name) and executors, the
 * rate gates (by key, made when first used), and each task spec's {@link AdmissionGates} (by
 * identity, weakly: specs built per request do not pile up).
 */
final class Admissions {
  private final Map<String, Limiter> limiters = new ConcurrentHashMap<>();
  private final Map<TaskExecutor, Limiter> executorSlots = new ConcurrentHashMap<>();
  private final Map<RateLimitKey, RateLimit> rateLimits;
  private final Map<RateLimitKey, RateGate> rateGates = new ConcurrentHashMap<>();
  private final Map<TaskSpec, AdmissionGates> byTask = new MapMaker().weakKeys().makeMap();
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  Admissions(Map<RateLimitKey, RateLimit> rateLimits, Clock clock, ScheduledExecutorService scheduler) {
    this.rateLimits = Map.copyOf(rateLimits);
    this.clock = clock;
    this.scheduler = scheduler;
  }

  /**
   * Whether {@code task} on {@code executor} passes no gate at all: no concurrency limit, no
   * executor slots, and no rate limit configured on this engine.
   */
  boolean unlimited(TaskSpec task, TaskExecutor executor) {
    return rateLimits.isEmpty() && task.maxConcurrency() == 0 && executor.maxInFlight() <= 0;
  }

  /** The gates of {@code task}, which runs on {@code executor} (registered as {@code executorName}). */
  AdmissionGates gatesFor(TaskSpec task, TaskExecutor executor, String executorName) {
    AdmissionGates gates = byTask.get(task);
    if (gates == null) {
      gates = byTask.computeIfAbsent(task, t -> build(t, executor, executorName));
    }
    return gates;
  }

  private AdmissionGates build(TaskSpec task, TaskExecutor executor, String executorName) {
    int max = task.maxConcurrency();
    Limiter limiter = max == 0 ? null : limiters.computeIfAbsent(task.name(),
        k -> new Limiter(max, "the concurrency limit of task '" + k + "' (" + max + " at once)"));
    int inFlight = executor.maxInFlight();
    Limiter slots = inFlight <= 0 ? null : executorSlots.computeIfAbsent(executor,
        k -> new Limiter(inFlight, "the slots of executor '" + executorName + "' (" + inFlight + " in flight)"));
    List<RateGate> rates = new ArrayList<>();
    addGate(RateLimitKey.task(task.name()), rates);
    addGate(RateLimitKey.executor(executorName), rates);
    for (String resource : task.admission().rateLimits()) {
      addGate(RateLimitKey.resource(resource), rates);
    }
    if (limiter == null && slots == null && rates.isEmpty()) {
      return AdmissionGates.NONE;
    }
    return new AdmissionGates(limiter, slots, rates.toArray(new RateGate[0]));
  }

  private void addGate(RateLimitKey key, List<RateGate> rates) {
    RateLimit limit = rateLimits.get(key);
    if (limit != null) {
      rates.add(rateGates.computeIfAbsent(key,
          k -> new RateGate("a permit of the rate limit of " + k + " (" + limit + ")", limit, clock, scheduler)));
    }
  }

  /** Adds a problem if {@code task} names a resource rate limit this engine does not have. */
  void check(String where, TaskSpec task, List<String> problems) {
    for (String resource : task.admission().rateLimits()) {
      if (!rateLimits.containsKey(RateLimitKey.resource(resource))) {
        TreeSet<String> known = new TreeSet<>();
        rateLimits.keySet().stream().filter(k -> k.scope() == RateLimitKey.Scope.RESOURCE).forEach(k -> known.add(k.name()));
        problems.add(where + ": task '" + task.name() + "' is rate-limited by '" + resource + "' but this engine has"
            + " no such rate limit (it has " + known + "). Fix: register it with Engine.builder().rateLimit("
            + "RateLimitKey.resource(\"" + resource + "\"), RateLimit.of(permits, period))");
      }
    }
  }
}
