package dev.sluice.core.internal.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.spi.MetricSource;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.Firing;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.Observation;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One metric trigger: every interval it reads its sources (guarded), evaluates the condition,
 * decides (launch, or why not), records the evaluation and stores its state. One evaluation at a
 * time; the next is arranged when this one has ended.
 */
final class TriggerLoop extends Loop {
  private final MetricTrigger<?> trigger;
  private final ConditionTree tree;
  private final List<GuardedSource> sources = new ArrayList<>();
  private final String stateKey;
  private Instant lastLaunch;
  private String lastRunId;
  private RunHandle<?> lastRun;
  /** The state as last written: an evaluation that changed nothing writes nothing. */
  private JsonNode saved;

  TriggerLoop(
      MetricTrigger<?> trigger,
      DefaultTriggerService.Config config,
      StateStore state,
      History history,
      Function<MetricSource, GuardedSource> guard) {
    super(trigger.name(), config, state, history);
    this.trigger = trigger;
    this.tree = new ConditionTree(trigger.condition());
    for (MetricSource s : tree.sources()) {
      sources.add(guard.apply(s));
    }
    this.stateKey = "triggers/" + trigger.name() + "/state.json";
  }

  @Override
  void start() {
    load();
    wakeAt(clock.instant());
  }

  @Override
  void wake() {
    Instant now = clock.instant();
    if (!leader.isLeader()) {
      if (leading) {
        log.info("{}: no longer the leader ({}); evaluations stop here", name, leader.identity());
      }
      leading = false;
      wakeAt(now.plus(trigger.every()));
      return;
    }
    if (!leading) {
      load();
      leading = true;
    }
    List<CompletableFuture<Reading>> reads = new ArrayList<>();
    for (GuardedSource s : sources) {
      reads.add(s.read(now).toCompletableFuture());
    }
    CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
        .whenComplete(
            (ignored, bug) -> {
              try {
                if (!stopped()) {
                  List<Reading> readings = new ArrayList<>();
                  reads.forEach(r -> readings.add(r.join()));
                  evaluate(now, readings);
                }
              } catch (RuntimeException e) {
                log.error("{}: evaluation failed", name, e);
              } finally {
                wakeAt(now.plus(trigger.every()));
              }
            });
  }

  private void evaluate(Instant now, List<Reading> readings) {
    List<Observation> seen = new ArrayList<>();
    Map<MetricSource, Reading> bySource = new IdentityHashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      seen.add(readings.get(i).observation());
      bySource.put(sources.get(i).source(), readings.get(i));
    }
    ConditionTree.Outcome o = tree.evaluate(now, bySource);
    Decision decision = o.kind();
    String reason = o.reason();
    Optional<String> runId = Optional.empty();
    if (o.truth() == ConditionTree.Truth.MET) {
      if (lastRun != null && !lastRun.isDone()) {
        decision = Decision.IN_FLIGHT;
        reason += " but run " + lastRunId + " is still running";
      } else if (lastLaunch != null && now.isBefore(lastLaunch.plus(trigger.cooldown()))) {
        decision = Decision.COOLDOWN;
        reason += " but cooling down until " + lastLaunch.plus(trigger.cooldown()) + " (run " + lastRunId
            + " launched " + Durations.format(Duration.between(lastLaunch, now)) + " ago)";
      } else {
        try {
          RunHandle<?> handle = launch(trigger, new Firing(name, now, reason, seen));
          decision = Decision.LAUNCHED;
          reason += " → launched run " + handle.runId();
          runId = Optional.of(handle.runId());
          lastRun = handle;
          lastRunId = handle.runId();
          lastLaunch = now;
          tree.disarmCrossing();
        } catch (RuntimeException e) {
          decision = Decision.LAUNCH_FAILED;
          reason += " but the launch failed: " + e;
        }
      }
    }
    record(new TriggerEvaluation(name, now, decision, reason, seen, runId));
    save();
  }

  private <I> RunHandle<?> launch(MetricTrigger<I> t, Firing firing) {
    return t.plan().launch(engine, defaults -> t.input(firing, defaults), Map.of(MetricTrigger.LABEL, t.name()),
        Origin.trigger(t.name()));
  }

  private void load() {
    Optional<JsonNode> stored = state.read(stateKey);
    if (stored.isEmpty()) {
      return;
    }
    JsonNode s = stored.get();
    saved = s;
    lastLaunch = s.hasNonNull("lastLaunch") ? Instant.parse(s.get("lastLaunch").asText()) : null;
    lastRunId = s.path("lastRun").textValue();
    if (!tree.fingerprint().equals(s.path("condition").asText())) {
      log.info("{}: the condition changed since the stored state; its counts and hysteresis start afresh", name);
      return;
    }
    Map<Integer, Instant> counts = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("counts").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      counts.put(Integer.parseInt(e.getKey()), Instant.parse(e.getValue().asText()));
    }
    Set<Integer> disarmed = new TreeSet<>();
    s.path("disarmed").forEach(n -> disarmed.add(n.asInt()));
    tree.restore(counts, disarmed);
  }

  private void save() {
    ObjectNode s = state.newObject();
    s.put("condition", tree.fingerprint());
    if (lastLaunch != null) {
      s.put("lastLaunch", lastLaunch.toString());
      s.put("lastRun", lastRunId);
    }
    ObjectNode counts = s.putObject("counts");
    tree.counts().forEach((i, t) -> counts.put(Integer.toString(i), t.toString()));
    tree.disarmed().forEach(s.putArray("disarmed")::add);
    if (!s.equals(saved) && state.write(stateKey, s)) {
      saved = s;
    }
  }
}
