package dev.sluice.core.internal.trigger;

import dev.sluice.core.spi.MetricSample;
import dev.sluice.core.spi.MetricSource;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.TriggerCondition;
import dev.sluice.core.trigger.TriggerCondition.Absent;
import dev.sluice.core.trigger.TriggerCondition.AllOf;
import dev.sluice.core.trigger.TriggerCondition.AnyOf;
import dev.sluice.core.trigger.TriggerCondition.Direction;
import dev.sluice.core.trigger.TriggerCondition.Sustained;
import dev.sluice.core.trigger.TriggerCondition.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One trigger's condition with its state: when each sustained-for or absence count started, which
 * thresholds are disarmed (hysteresis). Nodes are numbered in pre-order, which is how the state
 * is stored. Used by one evaluation at a time.
 */
final class ConditionTree {
  enum Truth {
    MET,
    NOT_MET,
    UNKNOWN
  }

  /** A node's result: its truth, the decision it stands for when it decides, and why. */
  record Outcome(Truth truth, Decision kind, String reason) {}

  private final TriggerCondition root;
  private final List<TriggerCondition> nodes = new ArrayList<>();
  private final Instant[] since;
  private final boolean[] disarmed;
  private final boolean[] crossing;

  ConditionTree(TriggerCondition root) {
    this.root = root;
    flatten(root);
    this.since = new Instant[nodes.size()];
    this.disarmed = new boolean[nodes.size()];
    this.crossing = new boolean[nodes.size()];
  }

  private void flatten(TriggerCondition c) {
    nodes.add(c);
    if (c instanceof Sustained s) {
      flatten(s.condition());
    } else if (c instanceof AllOf all) {
      all.conditions().forEach(this::flatten);
    } else if (c instanceof AnyOf any) {
      any.conditions().forEach(this::flatten);
    }
  }

  /** The condition in words: what the stored state belongs to. */
  String fingerprint() {
    return root.describe();
  }

  /** The sources the condition reads, each once. */
  List<MetricSource> sources() {
    Set<MetricSource> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<MetricSource> sources = new ArrayList<>();
    for (TriggerCondition c : nodes) {
      MetricSource s = c instanceof Threshold t ? t.source() : c instanceof Absent a ? a.source() : null;
      if (s != null && seen.add(s)) {
        sources.add(s);
      }
    }
    return sources;
  }

  Outcome evaluate(Instant now, Map<MetricSource, Reading> readings) {
    return evaluate(now, readings, new int[1]);
  }

  private Outcome evaluate(Instant now, Map<MetricSource, Reading> readings, int[] next) {
    int i = next[0]++;
    TriggerCondition c = nodes.get(i);
    if (c instanceof Threshold t) {
      return threshold(i, t, readings.get(t.source()));
    }
    if (c instanceof Absent a) {
      return absent(i, a, now, readings.get(a.source()));
    }
    if (c instanceof Sustained s) {
      Outcome inner = evaluate(now, readings, next);
      if (inner.truth() != Truth.MET) {
        since[i] = null;
        return inner;
      }
      return held(i, now, s.duration(), inner.reason());
    }
    List<Outcome> parts = new ArrayList<>();
    int count = c instanceof AllOf all ? all.conditions().size() : ((AnyOf) c).conditions().size();
    for (int k = 0; k < count; k++) {
      parts.add(evaluate(now, readings, next));
    }
    return c instanceof AllOf ? allOf(parts) : anyOf(parts);
  }

  private Outcome threshold(int i, Threshold t, Reading r) {
    crossing[i] = false;
    String name = t.source().name();
    Outcome bad = unusable(name, r);
    if (bad != null) {
      return bad;
    }
    double v = r.samples().get(0).value();
    if (Double.isNaN(v)) {
      return new Outcome(Truth.UNKNOWN, Decision.SOURCE_ERROR, name + ": the value is NaN");
    }
    boolean crosses = t.direction().crosses(v, t.bound());
    String compared =
        name + " " + Durations.value(v) + " " + (crosses ? t.direction().symbol() : negated(t.direction()))
            + " " + Durations.value(t.bound());
    String rearmed = "";
    if (disarmed[i]) {
      String rearm = negated(t.direction()) + " " + Durations.value(t.rearm().orElseThrow());
      if (!t.rearms(v)) {
        return new Outcome(
            Truth.NOT_MET, Decision.DISARMED, compared + ", but disarmed since the last launch until " + name + " " + rearm);
      }
      disarmed[i] = false;
      rearmed = " (re-armed: back to " + rearm + ")";
    }
    crossing[i] = crosses;
    return new Outcome(crosses ? Truth.MET : Truth.NOT_MET, Decision.NOT_MET, compared + rearmed);
  }

  private Outcome absent(int i, Absent a, Instant now, Reading r) {
    String name = a.source().name();
    if (!r.ok()) {
      since[i] = null;
      return failed(name, r);
    }
    if (!r.samples().isEmpty()) {
      since[i] = null;
      String values = r.samples().stream().map(s -> Durations.value(s.value())).collect(Collectors.joining(", "));
      return new Outcome(Truth.NOT_MET, Decision.NOT_MET, name + " has data (" + values + ")");
    }
    return held(i, now, a.duration(), "no data for " + name);
  }

  /** Met once {@code what} has held since {@code since[i]} for {@code duration}. */
  private Outcome held(int i, Instant now, Duration duration, String what) {
    if (since[i] == null || since[i].isAfter(now)) {
      since[i] = now;
    }
    Duration held = Duration.between(since[i], now);
    if (held.compareTo(duration) >= 0) {
      return new Outcome(Truth.MET, Decision.NOT_MET, what + " for " + Durations.format(held));
    }
    return new Outcome(
        Truth.NOT_MET, Decision.PENDING, what + " for " + Durations.format(held) + " of " + Durations.format(duration));
  }

  /** Why a reading cannot be compared with a bound, or null if it holds exactly one series. */
  private static Outcome unusable(String name, Reading r) {
    if (!r.ok()) {
      return failed(name, r);
    }
    List<MetricSample> samples = r.samples();
    if (samples.isEmpty()) {
      return new Outcome(Truth.UNKNOWN, Decision.NO_DATA, name + ": no data");
    }
    if (samples.size() > 1) {
      String series = samples.stream().limit(3).map(MetricSample::series).collect(Collectors.joining(", "));
      return new Outcome(
          Truth.UNKNOWN,
          Decision.SOURCE_ERROR,
          name + ": " + samples.size() + " series (" + series + (samples.size() > 3 ? ", …" : "") + "); a"
              + " threshold compares one: aggregate in the query (e.g. avg(...)) or select one series by its labels");
    }
    return null;
  }

  private static Outcome failed(String name, Reading r) {
    String kind = r.failure() == Decision.SOURCE_ERROR ? "source error" : "source unavailable";
    return new Outcome(Truth.UNKNOWN, r.failure(), name + ": " + kind + ": " + r.message());
  }

  private static String negated(Direction d) {
    return d == Direction.BELOW ? "≥" : "≤";
  }

  /** Not met if a part is not, unknown if a part is, met otherwise (with every part's reason). */
  private static Outcome allOf(List<Outcome> parts) {
    return first(parts, Truth.NOT_MET)
        .or(() -> first(parts, Truth.UNKNOWN))
        .orElseGet(() -> new Outcome(Truth.MET, Decision.NOT_MET, join(parts, " and ")));
  }

  /** Met if a part is, unknown if a part is, not met otherwise (with every part's reason). */
  private static Outcome anyOf(List<Outcome> parts) {
    return first(parts, Truth.MET)
        .or(() -> first(parts, Truth.UNKNOWN))
        .orElseGet(() -> new Outcome(Truth.NOT_MET, parts.get(0).kind(), join(parts, "; ")));
  }

  private static Optional<Outcome> first(List<Outcome> parts, Truth truth) {
    return parts.stream().filter(o -> o.truth() == truth).findFirst();
  }

  private static String join(List<Outcome> parts, String separator) {
    return parts.stream().map(Outcome::reason).collect(Collectors.joining(separator));
  }

  /** After a launch: every threshold with hysteresis that was crossed waits to be re-armed. */
  void disarmCrossing() {
    for (int i = 0; i < nodes.size(); i++) {
      if (crossing[i] && nodes.get(i) instanceof Threshold t && t.rearm().isPresent()) {
        disarmed[i] = true;
      }
    }
  }

  /** When each running count started, by node number. */
  Map<Integer, Instant> counts() {
    Map<Integer, Instant> counts = new TreeMap<>();
    for (int i = 0; i < since.length; i++) {
      if (since[i] != null) {
        counts.put(i, since[i]);
      }
    }
    return counts;
  }

  /** The disarmed thresholds, by node number. */
  Set<Integer> disarmed() {
    Set<Integer> set = new TreeSet<>();
    for (int i = 0; i < disarmed.length; i++) {
      if (disarmed[i]) {
        set.add(i);
      }
    }
    return set;
  }

  /** Restores stored state (node numbers out of range are ignored). */
  void restore(Map<Integer, Instant> counts, Set<Integer> disarmedNodes) {
    Arrays.fill(since, null);
    Arrays.fill(disarmed, false);
    counts.forEach((i, t) -> {
      if (i >= 0 && i < since.length) {
        since[i] = t;
      }
    });
    for (int i : disarmedNodes) {
      if (i >= 0 && i < disarmed.length && nodes.get(i) instanceof Threshold t && t.rearm().isPresent()) {
        disarmed[i] = true;
      }
    }
  }
}
