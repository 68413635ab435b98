package dev.sluice.core.trigger;

import static dev.sluice.core.trigger.Decision.DEBOUNCED;
import static dev.sluice.core.trigger.Decision.LAUNCHED;
import static dev.sluice.core.trigger.Decision.NOT_MET;
import static dev.sluice.core.trigger.Decision.PAUSED;
import static dev.sluice.core.trigger.TriggerFixture.decisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.store.RunStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event triggers: pushed events, run-finished events (this engine, and another on one run store), debounce. */
class EventTriggerTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final TriggerFixture f = new TriggerFixture();
  @TempDir Path dir;

  @AfterEach
  void close() {
    f.close();
  }

  private static Event event(String id, long value) {
    return new Event("deploys", id, "webhook", TriggerFixture.START, Map.of("env", "prod"), "{\"samples\":" + value + "}");
  }

  record Payload(long samples) {}

  private EventTrigger.Builder<Long> onDeploy(PushEventSource source) {
    return EventTrigger.builder("retrain-on-deploy", f.plan).source(source)
        .when(e -> e.attribute("env").equals("prod"))
        .inputs((e, defaults) -> e.payload(Payload.class).samples());
  }

  @Test
  void aPushedEventLaunchesThePlanWithItsPayloadAndTheSameEventTwiceLaunchesOnce() {
    PushEventSource deploys = EventSources.push("deploys");
    TriggerService service = f.start(b -> b.eventTrigger(onDeploy(deploys).build()));
    List<TriggerEvaluation> first = deploys.publish(event("d-1", 500));
    assertThat(first).singleElement().satisfies(e -> {
      assertThat(e.decision()).isEqualTo(LAUNCHED);
      assertThat(e.reason()).startsWith("webhook event d-1 from deploys → launched run ");
    });
    f.awaitFinished(1);
    List<TriggerEvaluation> again = deploys.publish(event("d-1", 500)); // delivered twice
    assertThat(again.get(0).runId()).isEqualTo(first.get(0).runId());
    assertThat(deploys.publish(new Event("deploys", "d-2", "webhook", TriggerFixture.START, Map.of("env", "dev"), "{}")))
        .extracting(TriggerEvaluation::decision).containsExactly(NOT_MET);
    assertThat(f.inputs).containsExactly(500L);
    assertThat(decisions(service, "retrain-on-deploy")).containsExactly(LAUNCHED, LAUNCHED, NOT_MET);
  }

  @Test
  void aPausedEventTriggerDropsEventsAndAFollowerRefusesThem() {
    PushEventSource deploys = EventSources.push("deploys");
    TriggerService service = f.start(b -> b.eventTrigger(onDeploy(deploys).build()));
    service.pause("retrain-on-deploy", "alice", "");
    assertThat(deploys.publish(event("d-1", 1))).extracting(TriggerEvaluation::decision).containsExactly(PAUSED);
    assertThat(f.inputs).isEmpty();

    PushEventSource other = EventSources.push("other");
    f.start(b -> b.eventTrigger(EventTrigger.builder("t2", f.plan).source(other).build())
        .leaderElection(TriggerFixture.follower("replica-2")));
    assertThatThrownBy(() -> other.publish(event("x", 1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("this replica (replica-2) does not lead its trigger service");
    assertThatThrownBy(() -> EventSources.push("unused").publish(event("x", 1)))
        .hasMessageContaining("event source 'unused' is not started");
  }

  @Test
  void aBurstOfEventsIsDebouncedIntoOneLaunchForItsLastEvent() {
    PushEventSource deploys = EventSources.push("deploys");
    TriggerService service = f.start(b -> b.eventTrigger(onDeploy(deploys).debounce(Duration.ofMinutes(5)).build()));
    for (int i = 1; i <= 3; i++) {
      deploys.publish(event("d-" + i, i * 100L));
      f.time.advance(MINUTE);
    }
    assertThat(decisions(service, "retrain-on-deploy")).containsExactly(DEBOUNCED, DEBOUNCED, DEBOUNCED);
    f.time.advance(Duration.ofMinutes(3)); // 4 min after the last: still held
    assertThat(f.inputs).isEmpty();
    f.time.advance(MINUTE); // 5 min after the last
    assertThat(decisions(service, "retrain-on-deploy")).containsExactly(DEBOUNCED, DEBOUNCED, DEBOUNCED, LAUNCHED);
    f.awaitFinished(1);
    assertThat(f.inputs).containsExactly(300L);
  }

  private static WorkflowDefinition<Long, Long> upstream() {
    TaskSpec train = TaskSpec.builder("train").input("x", Long.class).output(Long.class)
        .jvm((args, ctx) -> (Long) args[0] * 10).build();
    WorkflowSpec spec = WorkflowSpec.builder("train", Long.class).node(new TaskNode("train", train, List.of(Binding.INPUT)))
        .output(Binding.output("train"), Long.class).build();
    return () -> spec;
  }

  @Test
  void aRunOfAnotherWorkflowFinishingLaunchesThePlanWithItsOutput() {
    WorkflowDefinition<Long, Long> train = upstream();
    EventTrigger<Long> onTrained = EventTrigger.builder("evaluate-on-train", f.plan)
        .source(EventSources.runFinished(f.engine, "train"))
        .inputs((e, defaults) -> e.payload(Long.class) + 1).build();
    TriggerService service = f.start(b -> b.eventTrigger(onTrained));
    f.engine.run(train, 4L).await();
    TriggerFixture.await(() -> {
      f.time.advance(Duration.ZERO);
      return !service.history("evaluate-on-train").isEmpty();
    }, "the run-finished event handled");
    f.awaitFinished(2);
    assertThat(f.inputs).containsExactly(41L);
    assertThat(service.history("evaluate-on-train").get(0).reason()).startsWith("run-finished event train-");
  }

  @Test
  void aRunEndingInAnotherEngineOnTheSameRunStoreIsSeenThroughTheStore() {
    WorkflowDefinition<Long, Long> train = upstream();
    var runs = RunStores.filesystem(dir.resolve("runs"));
    try (Engine other = Engine.builder().runStore(runs).engineId("other").workDirectory(dir.resolve("w1")).build();
        Engine here = Engine.builder().runStore(runs).engineId("here").workDirectory(dir.resolve("w2")).store(f.store)
            .build()) {
      LaunchPlan<Long, Long> evaluate = LaunchPlan.builder("evaluate", f.retrain).defaultInput(0L).build();
      EventTrigger<Long> onTrained = EventTrigger.builder("evaluate-on-train", evaluate)
          .source(EventSources.runFinished(here, "train", EnumSet.of(RunState.SUCCEEDED), MINUTE))
          .inputs((e, defaults) -> e.payload(Long.class) + 2).build();
      TriggerService service = TriggerService.builder(here).clock(f.time.clock).scheduler(f.time)
          .sourceExecutor(Runnable::run).store(f.store).eventTrigger(onTrained).build();
      try (service) {
        service.start();
        String upstreamRun = other.run(train, 5L, RunOptions.DEFAULT).runId();
        other.run(train, 5L, RunOptions.DEFAULT).await();
        TriggerFixture.await(() -> {
          f.time.advance(MINUTE); // the store is read every minute
          return service.history("evaluate-on-train").size() == 2;
        }, "both runs of the other engine seen");
        assertThat(service.history("evaluate-on-train")).extracting(TriggerEvaluation::decision)
            .containsOnly(LAUNCHED, Decision.IN_FLIGHT);
        TriggerFixture.await(() -> f.inputs.contains(52L), "the evaluation run");
        assertThat(service.history("evaluate-on-train")).anySatisfy(e -> assertThat(e.reason()).contains(upstreamRun));
      }
    }
  }

  @Test
  void anEventWithABadIdIsRefusedNamingIt() {
    assertThatThrownBy(() -> new Event("s", "", "t", Instant.EPOCH, Map.of(), "null"))
        .hasMessageContaining("an event id must have 1 to 200 printable characters");
    assertThatThrownBy(() -> EventTrigger.builder("t", f.plan).build()).hasMessageContaining("has no source");
  }
}
