package dev.sluice.micrometer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every engine meter, by name and tags, each registered once and then taken from a map (a
 * registry lookup builds an id per call; the hot path should not).
 */
final class Meters {
  /** Timers publish a histogram (for {@code histogram_quantile}) between these bounds. */
  private static final Duration MIN = Duration.ofMillis(1);
  private static final Duration MAX = Duration.ofHours(2);

  private final MeterRegistry registry;
  private final Map<Key, Object> meters = new ConcurrentHashMap<>();

  private record Key(String name, String a, String b, String c) {}

  Meters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The meter of {@code key}, registered by {@code register} the first time. */
  private Object get(Key key, java.util.function.Function<Key, Object> register) {
    Object meter = meters.get(key);
    return meter != null ? meter : meters.computeIfAbsent(key, register);
  }

  Counter runsStarted(String workflow) {
    return (Counter) get(new Key("runs.started", workflow, null, null), k ->
        Counter.builder("sluice.runs.started").description("Runs started").tag("workflow", workflow).register(registry));
  }

  Counter runsEnded(String workflow, String state) {
    return (Counter) get(new Key("runs.ended", workflow, state, null), k ->
        Counter.builder("sluice.runs.ended").description("Runs ended, by final state")
            .tag("workflow", workflow).tag("state", state).register(registry));
  }

  Counter runsLate(String workflow) {
    return (Counter) get(new Key("runs.late", workflow, null, null), k ->
        Counter.builder("sluice.runs.late").description("Runs still running at their deadline or SLA")
            .tag("workflow", workflow).register(registry));
  }

  AtomicInteger activeRuns(String workflow) {
    return (AtomicInteger) get(new Key("runs.active", workflow, null, null), k -> {
      AtomicInteger n = new AtomicInteger();
      Gauge.builder("sluice.runs.active", n, AtomicInteger::get).description("Runs in progress")
          .tag("workflow", workflow).strongReference(true).register(registry);
      return n;
    });
  }

  Timer runDuration(String workflow, String state) {
    return (Timer) get(new Key("runs.duration", workflow, state, null), k ->
        histogram(Timer.builder("sluice.runs.duration").description("Run durations, start to end"))
            .tag("workflow", workflow).tag("state", state).register(registry));
  }

  Timer nodeDuration(String task, String executor, String state) {
    return (Timer) get(new Key("node.duration", task, executor, state), k ->
        histogram(Timer.builder("sluice.node.duration")
            .description("Task node durations, first attempt's start to the node's end (retries included)"))
            .tag("task", task).tag("executor", executor).tag("state", state).register(registry));
  }

  Counter nodesEnded(String task, String executor, String state) {
    return (Counter) get(new Key("nodes.ended", task, executor, state), k ->
        Counter.builder("sluice.nodes.ended").description("Task nodes ended, by final state")
            .tag("task", task).tag("executor", executor).tag("state", state).register(registry));
  }

  Counter nodesReplayed(String task) {
    return (Counter) get(new Key("nodes.replayed", task, null, null), k ->
        Counter.builder("sluice.nodes.replayed")
            .description("Task nodes whose outcome a resumed or recovered run took from the journal")
            .tag("task", task).register(registry));
  }

  Timer attemptDuration(String task, String executor, String outcome) {
    return (Timer) get(new Key("attempt.duration", task, executor, outcome), k ->
        histogram(Timer.builder("sluice.attempt.duration").description("Attempt durations on their executor"))
            .tag("task", task).tag("executor", executor).tag("outcome", outcome).register(registry));
  }

  Counter retries(String task, String executor) {
    return (Counter) get(new Key("node.retries", task, executor, null), k ->
        Counter.builder("sluice.node.retries").description("Failed attempts followed by another")
            .tag("task", task).tag("executor", executor).register(registry));
  }

  Timer queueWait(String task, String executor) {
    return (Timer) get(new Key("queue.wait", task, executor, null), k ->
        histogram(Timer.builder("sluice.node.queue.wait")
            .description("Time a ready attempt waited for a concurrency permit or an executor slot"))
            .tag("task", task).tag("executor", executor).register(registry));
  }

  AtomicInteger inFlight(String executor) {
    return gauge("sluice.executor.in.flight", "Attempts running on the executor", executor);
  }

  AtomicInteger waiting(String executor) {
    return gauge("sluice.executor.waiting", "Ready attempts waiting for a permit or a slot of the executor", executor);
  }

  Counter cacheHits(String task) {
    return (Counter) get(new Key("cache.hits", task, null, null), k ->
        Counter.builder("sluice.cache.hits").description("Task calls served from the cache")
            .tag("task", task).register(registry));
  }

  Counter cacheMisses(String task) {
    return (Counter) get(new Key("cache.misses", task, null, null), k ->
        Counter.builder("sluice.cache.misses").description("Calls of a cached task that had to run")
            .tag("task", task).register(registry));
  }

  Counter submissions(String executor, boolean reattached) {
    return (Counter) get(new Key("remote.submissions", executor, String.valueOf(reattached), null),
        k -> Counter.builder("sluice.remote.submissions")
            .description("Attempts handed to a remote backend (reattached=true: found there and followed)")
            .tag("executor", executor).tag("reattached", String.valueOf(reattached)).register(registry));
  }

  AtomicInteger gatesWaiting(String workflow) {
    return (AtomicInteger) get(new Key("gates.waiting", workflow, null, null), k -> {
      AtomicInteger n = new AtomicInteger();
      Gauge.builder("sluice.gates.waiting", n, AtomicInteger::get)
          .description("Gates waiting for a signal or a sleep's end").tag("workflow", workflow)
          .strongReference(true).register(registry);
      return n;
    });
  }

  Counter signalsReceived(String workflow) {
    return (Counter) get(new Key("gates.signals", workflow, null, null), k ->
        Counter.builder("sluice.gates.signals").description("Signals a waiting gate took (approvals included)")
            .tag("workflow", workflow).register(registry));
  }

  Counter gateTimeouts(String workflow, String kind, String outcome) {
    return (Counter) get(new Key("gates.timeouts", workflow, kind, outcome), k ->
        Counter.builder("sluice.gates.timeouts")
            .description("Gate timers that fired: a sleep ended (kind=sleep), or a signal's timeout passed "
                + "(kind=signal; outcome=failed, or continued with the default)")
            .tag("workflow", workflow).tag("kind", kind).tag("outcome", outcome).register(registry));
  }

  private AtomicInteger gauge(String name, String description, String executor) {
    return (AtomicInteger) get(new Key(name, executor, null, null), k -> {
      AtomicInteger n = new AtomicInteger();
      Gauge.builder(name, n, AtomicInteger::get).description(description)
          .tag("executor", executor).strongReference(true).register(registry);
      return n;
    });
  }

  private static Timer.Builder histogram(Timer.Builder timer) {
    return timer.publishPercentileHistogram().minimumExpectedValue(MIN).maximumExpectedValue(MAX);
  }
}
