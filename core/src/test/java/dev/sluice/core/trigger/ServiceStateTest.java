package dev.sluice.core.trigger;

import static dev.sluice.core.trigger.Decision.COOLDOWN;
import static dev.sluice.core.trigger.Decision.DISARMED;
import static dev.sluice.core.trigger.Decision.LAUNCHED;
import static dev.sluice.core.trigger.Decision.NOT_MET;
import static dev.sluice.core.trigger.TriggerFixture.decisions;
import static dev.sluice.core.trigger.TriggerFixture.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.spi.LeaderElection;
import dev.sluice.core.spi.StoredObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** History and state in the store: across restarts, across replicas with one leader. */
class ServiceStateTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private final TriggerFixture f = new TriggerFixture();
  private final TestSource accuracy = new TestSource("accuracy").value(0.9);

  @AfterEach
  void close() {
    f.close();
  }

  private MetricTrigger<Long> trigger(TriggerCondition when) {
    return MetricTrigger.builder("t", f.plan).when(when).every(MINUTE).cooldown(Duration.ofHours(1)).build();
  }

  @Test
  void everyEvaluationIsRecordedWithWhatItSawAndTheHistoryOutlivesTheService() {
    TriggerService first = f.start(b -> b.trigger(trigger(TriggerCondition.below(accuracy, 0.85))));
    accuracy.value(0.81);
    f.time.advance(MINUTE);
    f.awaitFinished(1);
    f.time.advance(MINUTE);
    first.close();
    TriggerService second = f.start(b -> b.trigger(trigger(TriggerCondition.below(accuracy, 0.85))));
    List<TriggerEvaluation> h = second.history("t");
    assertThat(h).extracting(TriggerEvaluation::decision).containsExactly(NOT_MET, LAUNCHED, COOLDOWN, COOLDOWN);
    TriggerEvaluation launched = h.get(1);
    assertThat(launched.trigger()).isEqualTo("t");
    assertThat(launched.time()).isEqualTo(TriggerFixture.START.plus(MINUTE));
    assertThat(launched.runId()).hasValue(f.finished.get(0));
    assertThat(launched.reason()).isEqualTo("accuracy 0.81 < 0.85 → launched run " + f.finished.get(0));
    assertThat(launched.seen()).singleElement().satisfies(o -> {
      assertThat(o.source()).isEqualTo("accuracy");
      assertThat(o.samples()).singleElement().satisfies(s -> {
        assertThat(s.value()).isEqualTo(0.81);
        assertThat(s.time()).isEqualTo(launched.time());
      });
      assertThat(o.failure()).isEmpty();
    });
    // The cooldown survived the restart: the new service did not launch again.
    assertThat(h.get(3).reason()).contains("but cooling down until 2024-06-03T09:01:00Z");
    assertThat(second.history("t", TriggerFixture.START.plus(Duration.ofMinutes(2)))).hasSize(2);
    assertThatThrownBy(() -> second.history("nope")).hasMessage("no trigger or launch plan named 'nope' in this service; it has [t]");
  }

  @Test
  void historyComesBackInOrderAcrossSegments() {
    TriggerService service = f.start(b -> b.trigger(trigger(TriggerCondition.below(accuracy, 0.85))));
    f.time.advance(Duration.ofMinutes(249));
    List<TriggerEvaluation> h = service.history("t");
    assertThat(h).hasSize(250);
    assertThat(h).extracting(TriggerEvaluation::time).isSorted();
    assertThat(f.store.listAll("triggers/t/history/").map(StoredObject::key)).hasSize(3);
    assertThat(service.history("t", TriggerFixture.START.plus(Duration.ofMinutes(150)))).hasSize(100);
  }

  @Test
  void hysteresisSurvivesARestartButNotAChangedCondition() {
    TriggerService first = f.start(b -> b.trigger(trigger(TriggerCondition.below(accuracy, 0.85).rearmAt(0.9))));
    accuracy.value(0.5);
    f.time.advance(MINUTE);
    first.close();
    f.awaitFinished(1);
    f.time.advance(Duration.ofHours(2)); // the cooldown is over; hysteresis still holds
    TriggerService second = f.start(b -> b.trigger(trigger(TriggerCondition.below(accuracy, 0.85).rearmAt(0.9))));
    assertThat(last(second, "t").decision()).isEqualTo(DISARMED);
    second.close();
    TriggerService changed = f.start(b -> b.trigger(trigger(TriggerCondition.below(accuracy, 0.8).rearmAt(0.9))));
    assertThat(last(changed, "t").decision()).isEqualTo(LAUNCHED);
  }

  /** A leader election the test flips. */
  private static final class Flip implements LeaderElection {
    final AtomicBoolean leads;
    final String id;

    Flip(String id, boolean leads) {
      this.id = id;
      this.leads = new AtomicBoolean(leads);
    }

    @Override
    public void start() {}

    @Override
    public boolean isLeader() {
      return leads.get();
    }

    @Override
    public String identity() {
      return id;
    }

    @Override
    public void close() {}
  }

  @Test
  void onlyTheLeaderEvaluatesAndANewLeaderCarriesOnFromTheStoredState() {
    Flip a = new Flip("a", true);
    Flip b = new Flip("b", false);
    accuracy.value(0.5);
    TriggerService replicaA = f.start(x -> x.leaderElection(a).trigger(trigger(TriggerCondition.below(accuracy, 0.85))));
    TriggerService replicaB = f.start(x -> x.leaderElection(b).trigger(trigger(TriggerCondition.below(accuracy, 0.85))));
    f.awaitFinished(1);
    f.time.advance(MINUTE);
    assertThat(decisions(replicaA, "t")).containsExactly(LAUNCHED, COOLDOWN);
    a.leads.set(false);
    b.leads.set(true);
    int readsBefore = accuracy.reads.get();
    f.time.advance(MINUTE);
    assertThat(accuracy.reads.get() - readsBefore).isEqualTo(1); // only b read the source
    assertThat(decisions(replicaB, "t")).containsExactly(LAUNCHED, COOLDOWN, COOLDOWN); // one shared history
    f.awaitFinished(1);
    assertThat(f.inputs).hasSize(1);
  }

  @Test
  void startsOnceAndStopsEveryThreadItMade() {
    TriggerService real =
        TriggerService.builder(f.engine).store(f.store)
            .trigger(MetricTrigger.builder("t", f.plan).when(TriggerCondition.below(accuracy, 0.85)).every(Duration.ofMillis(5)).build())
            .build();
    real.start();
    assertThatThrownBy(real::start).hasMessage("this trigger service is already started");
    TriggerFixture.await(() -> real.history("t").size() >= 3, "three evaluations on real time");
    real.close();
    TriggerFixture.await(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("sluice-triggers-")),
        "no trigger thread left");
    assertThatThrownBy(real::start).hasMessage("this trigger service is closed; build a new one");
  }

  @Test
  void triggersAndPlansShareOneNamespace() {
    var plan = LaunchPlan.builder("t", f.retrain).defaultInput(1L).schedule(Schedule.every(Duration.ofHours(1))).build();
    assertThatThrownBy(() -> f.builder().launchPlan(plan).trigger(trigger(TriggerCondition.below(accuracy, 0.85))).build())
        .hasMessageStartingWith("the trigger name 't' is already taken in this trigger service");
  }
}
