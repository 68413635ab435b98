package dev.sluice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.core.model.Approval;
import dev.sluice.dsl.Gate;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The executor gauges and the queue wait, on an executor that runs one attempt at a time. */
class SluiceMetricsTest {
  /** Runs one attempt at a time; each waits until the test completes it. */
  static final class OneAtATime implements TaskExecutor {
    final List<CompletableFuture<Object>> running = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Object> start(Attempt attempt) {
      CompletableFuture<Object> f = new CompletableFuture<>();
      running.add(f);
      return f;
    }

    @Override
    public int maxInFlight() {
      return 1;
    }
  }

  static final Task1<Integer, Integer> slot = Task.named("slot").executor("single").of(x -> x);
  static final Workflow<Integer, Integer> two = Workflow.named("two-slots", Integer.class, (wf, x) -> {
    Value<Integer> a = wf.call(slot, x).named("a");
    wf.call(slot, x).named("b");
    return a;
  });

  @Test
  void theExecutorGaugesCountRunningAndWaitingAttemptsAndGoBackToZero() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SluiceMetrics metrics = SluiceMetrics.of(registry);
    OneAtATime single = new OneAtATime();
    try (Engine engine = metrics.instrument(Engine.builder()).executor("single", single).build()) {
      RunHandle<Integer> run = engine.run(two, 1);
      await(() -> single.running.size() == 1, "one attempt started");
      assertThat(gauge(registry, "sluice.executor.in.flight")).isEqualTo(1);
      assertThat(gauge(registry, "sluice.executor.waiting")).isEqualTo(1);
      assertThat(run.status().nodes()).extracting(n -> n.state()).contains(NodeState.QUEUED, NodeState.RUNNING);
      single.running.get(0).complete(1);
      await(() -> single.running.size() == 2, "the second attempt started");
      assertThat(gauge(registry, "sluice.executor.waiting")).isZero();
      single.running.get(1).complete(1);
      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(1);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
    assertThat(gauge(registry, "sluice.executor.in.flight")).isZero();
    assertThat(gauge(registry, "sluice.executor.waiting")).isZero();
    assertThat(registry.get("sluice.node.queue.wait").tag("executor", "single").timer().count()).isEqualTo(2);
    assertThat(registry.get("sluice.nodes.ended").tag("task", "slot").tag("state", "succeeded").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("sluice.runs.active").tag("workflow", "two-slots").gauge().value()).isZero();
    assertThat(registry.get("sluice.runs.ended").tag("state", "succeeded").counter().count()).isEqualTo(1);
    // no meter carries a run id
    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
        .noneMatch(t -> t.getValue().startsWith("two-slots-")));
  }

  static final Gate<Approval> APPROVE = Gate.approval("approve");
  static final Gate<Approval> QUICK = Gate.approval("quick").timeout(Duration.ofMillis(20), Approval.reject("sluice", "late"));
  static final Workflow<Integer, Approval> gated = Workflow.named("gated", Integer.class, (wf, x) -> {
    Value<Integer> y = wf.call(slot, x).named("work");
    return wf.await(APPROVE, y);
  });
  static final Workflow<Integer, Approval> timesOut = Workflow.named("times-out", Integer.class,
      (wf, x) -> wf.await(QUICK));

  @Test
  void theWaitingGatesGaugeCountsAGateUntilItsSignalAndSignalsAndTimeoutsAreCounted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SluiceMetrics metrics = SluiceMetrics.of(registry);
    try (Engine engine = metrics.instrument(Engine.builder()).executor("single", (TaskExecutor) a ->
        CompletableFuture.completedFuture(a.inputs()[0])).build()) {
      RunHandle<Approval> run = engine.run(gated, 1);
      await(() -> registry.find("sluice.gates.waiting").tag("workflow", "gated").gauge() != null
          && registry.get("sluice.gates.waiting").tag("workflow", "gated").gauge().value() == 1, "the gate waits");
      assertThat(engine.waitingGates(run.runId())).singleElement().extracting(w -> w.path()).isEqualTo("approve");
      engine.signal(run.runId(), "approve", Approval.approve("ana", "looks good"), "s-1");
      assertThat(run.await(Duration.ofSeconds(10)).approved()).isTrue();
      assertThat(registry.get("sluice.gates.waiting").tag("workflow", "gated").gauge().value()).isZero();
      assertThat(registry.get("sluice.gates.signals").tag("workflow", "gated").counter().count()).isEqualTo(1);

      assertThat(engine.run(timesOut, 1).await(Duration.ofSeconds(10)).approved()).isFalse();
      assertThat(registry.get("sluice.gates.timeouts").tag("workflow", "times-out").tag("kind", "signal")
          .tag("outcome", "continued").counter().count()).isEqualTo(1);
      assertThat(registry.get("sluice.gates.waiting").tag("workflow", "times-out").gauge().value()).isZero();

      RunHandle<Approval> cancelled = engine.run(gated, 2);
      await(() -> registry.get("sluice.gates.waiting").tag("workflow", "gated").gauge().value() == 1, "waits again");
      cancelled.cancel();
      await(cancelled::isDone, "the cancelled run ended");
      assertThat(registry.get("sluice.gates.waiting").tag("workflow", "gated").gauge().value())
          .as("a gate its run's cancellation ended no longer counts").isZero();
    }
  }

  private static double gauge(SimpleMeterRegistry registry, String name) {
    return registry.get(name).tag("executor", "single").gauge().value();
  }

  private static void await(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not reached in 20 s: " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
