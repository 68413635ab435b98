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
import dev.sluice.core.trigger.Pause;
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
 * decides (launch, or why not: cooldown, the plan's overlap, a debounce, a pause), records the
 * evaluation and stores its state. One evaluation at a time; the next is arranged when this one
 * has ended. A held (debounced) firing lives in memory only.
 */
final class TriggerLoop extends Loop {
  private final MetricTrigger<?> trigger;
  private final ConditionTree tree;
  private final List<GuardedSource> sources = new ArrayList<>();
  private final String stateKey;
  private final Overlap overlap;
  private final Pauses pauses;
  private volatile Instant lastLaunch;
  private volatile String lastRunId;
  /** The latest met evaluation held by the debounce, and when the condition was last met. */
  private Firing held;
  private Instant lastMet;
  /** Whether this loop saw its trigger paused at the last wake-up. */
  private boolean pausedSeen;
  /** The state as last written: an evaluation that changed nothing writes nothing. */
  private JsonNode saved;

  TriggerLoop(
      MetricTrigger<?> trigger,
      DefaultTriggerService.Config config,
      StateStore state,
      History history,
      Function<MetricSource, GuardedSource> guard,
      Overlap overlap,
      Pauses pauses) {
    super(trigger.name(), config, state, history);
    this.trigger = trigger;
    this.overlap = overlap;
    this.pauses = pauses;
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
    if (paused(now)) {
      wakeAt(now.plus(trigger.every()));
      return;
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
    String reason = o.reason();
    if (o.truth() == ConditionTree.Truth.MET && !trigger.debounce().isZero()) {
      held = new Firing(name, now, reason, seen);
      lastMet = now;
      record(new TriggerEvaluation(name, now, Decision.DEBOUNCED, reason + "; held until the condition is quiet for "
          + Durations.format(trigger.debounce()) + " (launches at or after " + now.plus(trigger.debounce()) + ")",
          seen, Optional.empty()));
    } else if (o.truth() == ConditionTree.Truth.MET) {
      decide(now, new Firing(name, now, reason, seen), reason);
    } else if (held != null && !now.isBefore(lastMet.plus(trigger.debounce()))) {
      Firing f = held;
      held = null;
      decide(now, f, reason + "; quiet for " + Durations.format(Duration.between(lastMet, now))
          + ", so the firing held since " + f.time() + " (" + f.reason() + ") goes on");
    } else {
      record(new TriggerEvaluation(name, now, o.kind(), reason, seen, Optional.empty()));
    }
    save();
  }

  /** The condition fired: launch unless the cooldown or the plan's overlap policy says otherwise. */
  private void decide(Instant now, Firing firing, String reason) {
    boolean busy = overlap.busy();
    boolean allowed = trigger.overlap() instanceof dev.sluice.core.launch.OverlapPolicy.Allow;
    Instant last = lastLaunch;
    if ((!busy || allowed) && last != null && now.isBefore(last.plus(trigger.cooldown()))) {
      record(new TriggerEvaluation(name, now, Decision.COOLDOWN, reason + " but cooling down until "
          + last.plus(trigger.cooldown()) + " (run " + lastRunId + " launched "
          + Durations.format(Duration.between(last, now)) + " ago)", firing.seen(), Optional.empty()));
      return;
    }
    // A queued firing launches later, on the thread of the run that ended: it does not touch the
    // condition's state (hysteresis), which only this evaluation's thread does.
    java.util.concurrent.atomic.AtomicBoolean deciding = new java.util.concurrent.atomic.AtomicBoolean(true);
    overlap.fire(now, trigger.overlap(), reason, () -> launch(trigger, firing), (at, decision, why, run) -> {
      if (run.isPresent()) {
        lastLaunch = at;
        lastRunId = run.get().runId();
        if (deciding.get()) {
          tree.disarmCrossing();
        }
      }
      record(new TriggerEvaluation(name, at, decision, why, firing.seen(), run.map(RunHandle::runId)));
    });
    deciding.set(false);
  }

  /** Reads the pause state; records a pause or a resume the first time this loop sees it. */
  private boolean paused(Instant now) {
    Optional<Pause> pause = pauses.read(name);
    if (pause.isPresent() && !pausedSeen) {
      pausedSeen = true;
      held = null;
      record(new TriggerEvaluation(name, now, Decision.PAUSED, "paused by " + pause.get().by() + " at "
          + pause.get().at() + (pause.get().reason().isEmpty() ? "" : " (" + pause.get().reason() + ")")
          + ": no evaluation until resumed", List.of(), Optional.empty()));
    } else if (pause.isEmpty() && pausedSeen) {
      pausedSeen = false;
      record(new TriggerEvaluation(name, now, Decision.RESUMED, "resumed: evaluations go on", List.of(), Optional.empty()));
    }
    return pause.isPresent();
  }

  private <I> RunHandle<?> launch(MetricTrigger<I> t, Firing firing) {
    return t.plan().launch(engine, defaults -> t.input(firing, defaults), Map.of(MetricTrigger.LABEL, t.name()),
        Origin.trigger(t.name()), Optional.of(t.name() + "@" + firing.time()));
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
