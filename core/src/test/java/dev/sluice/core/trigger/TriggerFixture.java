package dev.sluice.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.Await;
import dev.sluice.core.ManualTime;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.LeaderElection;
import dev.sluice.core.store.ArtifactStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A trigger service on manual time over a real engine and an in-memory store, with a "retrain"
 * workflow that records its inputs and can be held running.
 */
final class TriggerFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2024-06-03T08:00:00Z");
  static final Duration DEADLINE = Await.DEADLINE;

  final ManualTime time = new ManualTime(START);
  final ArtifactStore store = ArtifactStores.inMemory();
  final List<Long> inputs = new CopyOnWriteArrayList<>();
  final List<String> finished = new CopyOnWriteArrayList<>();
  /** While set, a launched run waits on it before it ends. */
  volatile CountDownLatch hold;
  final Engine engine =
      Engine.builder()
          .parallelism(2)
          .clock(time.clock)
          .store(store)
          .listener(new RunListener() {
            @Override
            public void runFinished(RunEvent.RunFinished event) {
              finished.add(event.runId());
            }
          })
          .build();
  final WorkflowDefinition<Long, Long> retrain = retrainWorkflow();
  final LaunchPlan<Long, Long> plan = LaunchPlan.builder("retrain", retrain).defaultInput(7L).build();
  private final List<TriggerService> services = new ArrayList<>();

  private WorkflowDefinition<Long, Long> retrainWorkflow() {
    TaskSpec task =
        TaskSpec.builder("retrain")
            .input("in0", Long.class)
            .output(Long.class)
            .jvm((args, ctx) -> {
              inputs.add((Long) args[0]);
              CountDownLatch h = hold;
              if (h != null && !h.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the run");
              }
              return args[0];
            })
            .build();
    WorkflowSpec spec =
        WorkflowSpec.builder("retrain", Long.class)
            .node(new TaskNode("retrain", task, List.of(Binding.INPUT)))
            .output(Binding.output("retrain"), Long.class)
            .build();
    return () -> spec;
  }

  /** Fast source calls: 3 attempts 1 s apart (manual time), 5 s timeout. */
  static SourcePolicy fastPolicy() {
    return SourcePolicy.builder().retryWait(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(5)).build();
  }

  TriggerService.Builder builder() {
    return TriggerService.builder(engine).clock(time.clock).scheduler(time).sourceExecutor(Runnable::run)
        .store(store).sourcePolicy(fastPolicy());
  }

  /** Builds and starts a service, and runs its first evaluations; closed with the fixture. */
  TriggerService start(UnaryOperator<TriggerService.Builder> options) {
    TriggerService service = options.apply(builder()).build();
    services.add(service);
    service.start();
    time.advance(Duration.ZERO);
    return service;
  }

  /** A replica that never leads: it fires nothing, but operators may act through it. */
  static LeaderElection follower(String identity) {
    return new LeaderElection() {
      @Override
      public void start() {}

      @Override
      public boolean isLeader() {
        return false;
      }

      @Override
      public String identity() {
        return identity;
      }

      @Override
      public void close() {}
    };
  }

  static List<Decision> decisions(TriggerService service, String name) {
    return service.history(name).stream().map(TriggerEvaluation::decision).toList();
  }

  static TriggerEvaluation last(TriggerService service, String name) {
    List<TriggerEvaluation> h = service.history(name);
    assertThat(h).isNotEmpty();
    return h.get(h.size() - 1);
  }

  /** Waits (with a deadline) until {@code n} launched runs have ended. */
  void awaitFinished(int n) {
    await(() -> finished.size() >= n, n + " finished runs, have " + finished);
  }

  static void await(BooleanSupplier condition, String what) {
    Await.until(condition, what);
  }

  @Override
  public void close() {
    CountDownLatch h = hold;
    if (h != null) {
      h.countDown();
    }
    services.forEach(TriggerService::close);
    engine.close();
  }
}
