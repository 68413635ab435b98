package dev.sluice.examples;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.metric.Aggregation;
import dev.sluice.core.metric.MetricSources;
import dev.sluice.core.metric.RecordedMetrics;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.promotion.ChampionChallenger;
import dev.sluice.core.promotion.Verdict;
import dev.sluice.core.spi.MetricSource;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.TriggerCondition;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.core.trigger.TriggerService;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import dev.sluice.examples.DriftingStream.Batch;
import dev.sluice.examples.DriftingStream.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A model that retrains itself when its accuracy drops, with no Prometheus and no cluster: the
 * closed loop of launch plans, task metrics, a metric trigger and the champion/challenger gate.
 *
 * <pre>
 * evaluate (a launch plan every 200 ms): draw-batch → score   (records the metric "accuracy")
 * retrain-on-drift (a trigger): accuracy &lt; 0.80 for 400 ms, re-armed at ≥ 0.88, cooldown 3 s
 *   → retrain: collect-recent → train → champion-challenger → promote
 * </pre>
 *
 * <p>The data stream drifts twice (its class centres rotate); each time the served model's
 * accuracy drops, the trigger fires once, the challenger trained on recent data is promoted only if
 * it beats the champion on the same held-out data, and accuracy recovers. The printed timeline
 * shows drift → fire → retrain → recovered, and that the low values seen while retraining runs do
 * not fire again (no storm). It runs on real time with short durations (about 15 s) on the
 * embedded defaults (local threads, a filesystem store in a temporary folder).
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.sluice.examples.RetrainLoop
 * </pre>
 */
public final class RetrainLoop {
  /** The trigger's name. */
  public static final String TRIGGER = "retrain-on-drift";

  /**
   * How the loop is set up.
   *
   * @param evaluateEvery how often the evaluation plan runs (one stream step each), and the trigger
   *     evaluates
   * @param batch points per evaluation
   * @param bound accuracy below which the trigger fires
   * @param rearm accuracy at which it re-arms after firing (hysteresis)
   * @param sustainedFor how long accuracy must stay below the bound
   * @param cooldown least time between two retrainings
   * @param retrainTime how long a retraining takes (stands for collecting fresh labels and training)
   * @param steps how many stream steps (evaluations) the example runs
   */
  public record Settings(
      Duration evaluateEvery, int batch, double bound, double rearm, Duration sustainedFor, Duration cooldown,
      Duration retrainTime, int steps) {

    /** 200 ms evaluations, bound 0.80, re-arm 0.88, 400 ms sustained, 3 s cooldown, 70 steps. */
    public static Settings defaults() {
      return new Settings(Duration.ofMillis(200), 500, 0.80, 0.88, Duration.ofMillis(400), Duration.ofSeconds(3),
          Duration.ofMillis(800), 70);
    }
  }

  /** Recent points to train on and held-out points to judge on, drawn at the same step. */
  record TrainingData(Batch train, Batch heldOut) {}

  /** What the champion/challenger gate decided. */
  record GateResult(NearestCentroid model, boolean promote, String reason) {}

  /**
   * What happened.
   *
   * @param history the trigger's history
   * @param timeline the printable timeline (drifts, condensed trigger history, gate decisions)
   * @param launches retrainings launched by the trigger
   * @param promotions challengers promoted by the gate (the first model included)
   * @param drifts drifts of the stream
   * @param finalAccuracy the last accuracy recorded
   */
  public record Outcome(
      List<TriggerEvaluation> history, List<String> timeline, int launches, int promotions, int drifts, double finalAccuracy) {}

  private static final int[] DRIFT_STEPS = {15, 45};
  private static final double[] DRIFT_DEGREES = {70, 80};

  private final Settings settings;
  private final DriftingStream stream;
  private final AtomicReference<NearestCentroid> champion = new AtomicReference<>();
  private final AtomicInteger trained = new AtomicInteger();
  private final AtomicInteger promoted = new AtomicInteger();
  private final ChampionChallenger<NearestCentroid, Batch> gate =
      ChampionChallenger.<NearestCentroid, Batch>scoredBy(NearestCentroid::accuracy).metric("accuracy").margin(0.02).build();

  // ---- tasks and workflows ----------------------------------------------------------------------

  final Task1<Integer, Batch> draw = Task.named("draw-batch").of(this::draw);
  final Task1<Batch, Double> score = Task.named("score").of(this::score);
  final Task1<Integer, TrainingData> collect = Task.named("collect-recent").of(this::collect);
  final Task1<TrainingData, NearestCentroid> train = Task.named("train").of(this::train);
  final Task2<NearestCentroid, TrainingData, GateResult> judge = Task.named("champion-challenger").of(this::judge);
  final Task1<GateResult, String> promote = Task.named("promote").of(this::promote);

  final Workflow<Integer, Double> evaluation =
      Workflow.named("evaluate", Integer.class, (wf, n) -> wf.call(score, wf.call(draw, n)));

  final Workflow<Integer, String> retraining =
      Workflow.named("retrain", Integer.class, (wf, n) -> {
        Value<TrainingData> data = wf.call(collect, n);
        Value<NearestCentroid> challenger = wf.call(train, data);
        return wf.call(promote, wf.call(judge, challenger, data));
      });

  RetrainLoop(Settings settings, Clock clock) {
    this.settings = settings;
    this.stream = new DriftingStream(7, DRIFT_STEPS, DRIFT_DEGREES, clock);
  }

  Batch draw(Integer n) {
    return stream.next(n);
  }

  /** The served model's accuracy on a fresh batch, recorded as the metric the trigger watches. */
  Double score(Batch batch) {
    double accuracy = champion.get().accuracy(batch);
    TaskContext.current().metrics().record("accuracy", accuracy, Map.of("model", "drift-demo"));
    return accuracy;
  }

  TrainingData collect(Integer n) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(settings.retrainTime().toNanos()); // waiting for fresh labels
    return new TrainingData(stream.recent(n, 1), stream.recent(n, 2));
  }

  NearestCentroid train(TrainingData data) {
    return NearestCentroid.fit("model-" + trained.incrementAndGet(), data.train());
  }

  GateResult judge(NearestCentroid challenger, TrainingData data) {
    Verdict<NearestCentroid> v = gate.judge(Optional.ofNullable(champion.get()), challenger, data.heldOut());
    return new GateResult(v.model(), v.promote(), challenger.name() + ": " + v.reason());
  }

  String promote(GateResult result) {
    if (result.promote()) {
      champion.set(result.model());
      promoted.incrementAndGet();
    }
    stream.events.add(new Event(Instant.now(), "gate: " + result.reason()));
    return result.reason();
  }

  // ---- the loop ---------------------------------------------------------------------------------

  /** Runs the loop with {@code settings} and returns what happened. */
  public static Outcome run(Settings settings) {
    Path work;
    try {
      work = Files.createTempDirectory("sluice-retrain-loop-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Engine engine = Engine.builder().workDirectory(work).build()) {
      return new RetrainLoop(settings, Clock.systemUTC()).run(engine);
    } finally {
      deleteTree(work);
    }
  }

  private Outcome run(Engine engine) {
    Instant start = Instant.now();
    LaunchPlan<Integer, String> retrain = LaunchPlan.builder("retrain", retraining).defaultInput(2_000).build();
    retrain.launch(engine).await(); // the first model goes through the gate too: no champion yet
    LaunchPlan<Integer, Double> evaluate =
        LaunchPlan.builder("evaluate", evaluation).fixedInput(settings.batch())
            .schedule(Schedule.every(settings.evaluateEvery())).build();
    MetricSource accuracy =
        MetricSources.recorded(RecordedMetrics.in(engine.store()), "accuracy", Map.of("model", "drift-demo"),
            settings.evaluateEvery().multipliedBy(3), Aggregation.LATEST);
    MetricTrigger<Integer> onDrift =
        MetricTrigger.builder(TRIGGER, retrain)
            .when(TriggerCondition.below(accuracy, settings.bound()).rearmAt(settings.rearm()).sustainedFor(settings.sustainedFor()))
            .every(settings.evaluateEvery())
            .cooldown(settings.cooldown())
            .build();
    List<TriggerEvaluation> history;
    try (TriggerService triggers = TriggerService.builder(engine).launchPlan(evaluate).trigger(onDrift).build()) {
      triggers.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (stream.step() < settings.steps() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
      history = triggers.history(TRIGGER);
    }
    double last = history.isEmpty() ? Double.NaN
        : history.get(history.size() - 1).seen().get(0).value().orElse(Double.NaN);
    int launches = (int) history.stream().filter(e -> e.decision() == Decision.LAUNCHED).count();
    return new Outcome(history, Timeline.of(start, history, stream.events), launches, promoted.get(), DRIFT_STEPS.length, last);
  }

  public static void main(String[] args) {
    // Only the timeline: one line per run and per decision would bury it. To see them, pass
    // -Dorg.slf4j.simpleLogger.log.dev.sluice=info
    if (System.getProperty("org.slf4j.simpleLogger.log.dev.sluice") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.dev.sluice", "warn");
    }
    Settings settings = Settings.defaults();
    System.out.println("A nearest-centroid model on a drifting stream; evaluated every "
        + settings.evaluateEvery().toMillis() + " ms, retrained when accuracy < " + settings.bound() + " for "
        + settings.sustainedFor().toMillis() + " ms (re-armed at " + settings.rearm() + ").");
    Outcome outcome = run(settings);
    outcome.timeline().forEach(System.out::println);
    System.out.printf(
        "%d drifts → %d retrainings launched by the trigger, %d models promoted by the gate (the first included);"
            + " %s; final accuracy %.3f%n",
        outcome.drifts(), outcome.launches(), outcome.promotions(),
        outcome.launches() == outcome.drifts() ? "no storm" : "UNEXPECTED: launches ≠ drifts", outcome.finalAccuracy());
  }

  /** Deletes a folder and what it holds; reports (does not throw) what it could not delete. */
  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e.getMessage());
    }
  }
}
