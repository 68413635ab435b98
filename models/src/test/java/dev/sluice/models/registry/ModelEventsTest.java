package dev.sluice.models.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.EventTrigger;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.core.trigger.TriggerService;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The registry as an event source: a new version launches an evaluation, an alias move a deployment. */
class ModelEventsTest {
  static final List<String> launched = new CopyOnWriteArrayList<>();
  static final Task1<String, String> note = Task.named("note").of(x -> {
    launched.add(x);
    return x;
  });
  static final Workflow<String, String> flow = Workflow.named("note", String.class, (wf, x) -> wf.call(note, x));

  private static List<Decision> decisions(TriggerService s, String name) {
    return s.history(name).stream().map(TriggerEvaluation::decision).toList();
  }

  @Test
  void aNewVersionAndAnAliasMoveEachLaunchTheirPlanOnceWithTheEventAsInput() {
    launched.clear();
    TestClock clock = TestClock.create();
    ArtifactStore store = ArtifactStores.inMemory();
    ModelRegistry registry = ModelRegistries.on(store, clock);
    registry.register(ModelRegistration.builder("churn", "s3://ml/churn/1").build()); // there before: not an event
    LaunchPlan<String, String> plan = LaunchPlan.builder("note", flow).defaultInput("").build();
    EventTrigger<String> onVersion = EventTrigger.builder("evaluate-new-churn", plan)
        .source(ModelEvents.versionRegistered(registry, "churn", Duration.ofMinutes(1)))
        .inputs((e, d) -> "evaluate " + e.attribute("artifact")).overlap(dev.sluice.core.launch.OverlapPolicy.allow())
        .build();
    EventTrigger<String> onChampion = EventTrigger.builder("deploy-champion", plan)
        .source(ModelEvents.aliasMoved(registry, "churn", "champion", Duration.ofMinutes(1)))
        .inputs((e, d) -> "deploy v" + e.attribute("version")).overlap(dev.sluice.core.launch.OverlapPolicy.allow())
        .build();
    try (Engine engine = Engine.builder().clock(clock).store(store).build();
        TriggerService service = TriggerService.builder(engine).clock(clock).scheduler(clock.scheduler())
            .sourceExecutor(Runnable::run).eventTrigger(onVersion).eventTrigger(onChampion).build()) {
      service.start();
      clock.advance(Duration.ofMinutes(1));
      assertThat(service.history("evaluate-new-churn")).isEmpty();

      ModelVersion v2 = registry.register(ModelRegistration.builder("churn", "s3://ml/churn/2").build());
      registry.moveAlias("churn", "champion", v2.version(), "alice", "better AUC");
      clock.advance(Duration.ofMinutes(1));
      clock.advance(Duration.ofMinutes(1)); // read again: nothing new
      assertThat(decisions(service, "evaluate-new-churn")).containsExactly(Decision.LAUNCHED);
      assertThat(decisions(service, "deploy-champion")).containsExactly(Decision.LAUNCHED);
      assertThat(service.history("deploy-champion").get(0).reason()).startsWith("model-alias-moved event churn-champion-");
      Waits.until(() -> launched.size() == 2, "the two runs");
      assertThat(launched).containsExactlyInAnyOrder("evaluate s3://ml/churn/2", "deploy v2");
    }
  }

  /** Polls with a deadline: the runs go on the engine's threads. */
  static final class Waits {
    static void until(java.util.function.BooleanSupplier condition, String what) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("waited 30 s for " + what);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
    }
  }
}
