package dev.sluice.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.model.Approval;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.promotion.ChampionChallenger;
import dev.sluice.core.promotion.Verdict;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.MetricSource;
import dev.sluice.core.store.RunStores;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.TriggerCondition;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.core.trigger.TriggerService;
import dev.sluice.dsl.Gate;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import dev.sluice.examples.QoePrediction.Dataset;
import dev.sluice.examples.QoePrediction.HyperParams;
import dev.sluice.examples.QoePrediction.Metrics;
import dev.sluice.examples.QoePrediction.Model;
import dev.sluice.examples.QoePrediction.Session;
import dev.sluice.examples.QoePrediction.TrainJob;
import dev.sluice.examples.QoeTraffic.World;
import dev.sluice.models.deploy.Deployment;
import dev.sluice.models.deploy.LocalModelServer;
import dev.sluice.models.deploy.Predictor;
import dev.sluice.models.deploy.Rollout;
import dev.sluice.models.deploy.RolloutResult;
import dev.sluice.models.drift.DriftSources;
import dev.sluice.models.registry.AliasMove;
import dev.sluice.models.registry.Lineage;
import dev.sluice.models.registry.ModelRegistration;
import dev.sluice.models.registry.ModelRegistries;
import dev.sluice.models.registry.ModelRegistry;
import dev.sluice.models.registry.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The model loop, end to end, on the embedded defaults: a QoE model is trained on the local
 * executor, registered with its lineage, judged against the champion, deployed to an HTTP model
 * server with rollback; its inputs drift, a trigger over the drift launches a retrain whose model
 * becomes the champion; a broken candidate is rolled back. The alias history tells the story.
 *
 * <pre>
 * qoe-loop: collect-sessions → train-and-register → champion-challenger → promote-qoe (approval gate) → deploy (Rollout)
 * retrain-on-drift (a trigger): max PSI of the inputs vs the champion's training data &gt; 0.25 for 300 ms
 * </pre>
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.sluice.examples.ModelLoop
 * </pre>
 *
 * <p>Everything runs in this JVM (local threads, a filesystem store in a temporary folder, the
 * model server on 127.0.0.1), on real time, in a few seconds; every wait has a deadline.
 */
public final class ModelLoop implements AutoCloseable {
  /** The registered model's name, and the serving target's. */
  public static final String MODEL = "qoe";
  /** The drift trigger's name. */
  public static final String TRIGGER = "retrain-on-drift";
  /** The approval gate before the deploy: its node's path and its signal's name. */
  public static final String APPROVAL_GATE = "promote-qoe";

  /**
   * One round of training: what the workflow is asked to do.
   *
   * @param why why this round runs (recorded with the alias moves)
   * @param seed the seed of the labelled sessions collected
   * @param sessions how many labelled sessions to collect
   * @param epochs gradient-descent epochs
   * @param trainerBuild the trainer's version, recorded as the lineage's code version
   * @param dropScalingOnExport the defect of trainer build 2: the exported artifact lacks the
   *     feature scaling, so the served model is not the model the gate judged
   */
  public record Round(String why, long seed, int sessions, int epochs, String trainerBuild, boolean dropScalingOnExport) {}

  /** A registered candidate, the model it holds, and why it was trained. */
  record Candidate(int version, Model model, String why) {}

  /** What the champion/challenger gate decided about a version. */
  record Judgement(int version, boolean promote, String reason) {}

  /**
   * What happened.
   *
   * @param story the printed lines
   * @param aliasHistory every alias move of {@link #MODEL}, oldest first
   * @param champion the version the champion alias names at the end
   * @param triggerHistory the drift trigger's evaluations
   * @param approvals the {@value #APPROVAL_GATE} gate of every {@code qoe-loop} run, as its journal
   *     records it, in the order the runs reached the gate
   */
  public record Outcome(List<String> story, List<AliasMove> aliasHistory, int champion, List<TriggerEvaluation> triggerHistory,
      List<GateRecord> approvals) {}

  /**
   * What a run's journal says about its approval gate.
   *
   * @param runId the run
   * @param state the gate node's final state
   * @param signals the signals it took: the payload's JSON with its signal id
   */
  public record GateRecord(String runId, NodeState state, List<JournalRecord.SignalReceived> signals) {}

  private static final Duration DEADLINE = Duration.ofSeconds(45);
  private static final double SMOKE_RMSE_LIMIT = 0.6;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ChampionChallenger<Model, List<Session>> GATE =
      ChampionChallenger.<Model, List<Session>>scoredBy(ModelLoop::rmse).lowerIsBetter().metric("RMSE").margin(0.002).build();

  private final ArtifactStore store;
  private final ModelRegistry registry;
  private final LocalModelServer server;
  private final Rollout rollout;
  private final QoeTraffic traffic = new QoeTraffic(7);
  private final Map<Integer, List<Session>> trainedOn = new ConcurrentHashMap<>();
  private final AtomicInteger roundsDone = new AtomicInteger();
  private final List<String> story = new CopyOnWriteArrayList<>();
  private final Consumer<String> out;
  private final QoeClient client = new QoeClient();
  private final LoopApprover approver = new LoopApprover(line -> say("%s", line));

  // ---- the workflow -----------------------------------------------------------------------------

  final Task1<Round, Dataset> collect = Task.named("collect-sessions").of(this::collect);
  final Task2<Round, Dataset, Candidate> train = Task.named("train-and-register").of(this::trainAndRegister);
  final Task2<Candidate, Dataset, Judgement> judge = Task.named("champion-challenger").of(this::judge);
  final Task2<Judgement, Approval, String> deploy = Task.named("deploy").of(this::deploy);
  /** A person approves the deploy; with no decision in 5 minutes the champion is kept. */
  static final Gate<Approval> PROMOTE = Gate.approval(APPROVAL_GATE)
      .timeout(Duration.ofMinutes(5), Approval.reject("sluice", "no decision within 5 minutes"));

  final Workflow<Round, String> loop =
      Workflow.named("qoe-loop", Round.class, (wf, round) -> {
        Value<Dataset> data = wf.call(collect, round);
        Value<Candidate> candidate = wf.call(train, round, data);
        Value<Judgement> judgement = wf.call(judge, candidate, data);
        return wf.call(deploy, judgement, wf.await(PROMOTE, judgement));
      });

  ModelLoop(ArtifactStore store, Consumer<String> out) {
    this.store = store;
    this.out = out;
    this.registry = ModelRegistries.on(store);
    this.server = LocalModelServer.builder(this::load).start();
    this.rollout = Rollout.builder(registry, server).target(MODEL).alias("champion")
        .readinessTimeout(Duration.ofSeconds(10)).check(this::smokeCheck).build();
  }

  Dataset collect(Round round) {
    List<Session> sessions = QoeTraffic.draw(traffic.world(), round.seed(), round.sessions());
    int test = sessions.size() / 5;
    say("  collect: %,d labelled sessions of %s traffic (%s)", sessions.size(), traffic.world(), round.why());
    return new Dataset(List.copyOf(sessions.subList(test, sessions.size())), List.copyOf(sessions.subList(0, test)));
  }

  Candidate trainAndRegister(Round round, Dataset data) throws Exception {
    Model model = LinearRegression.fit(new TrainJob(new HyperParams("gd", 0.05, 0.001, round.epochs()), data.train()));
    String sessionsSha = sha256(JSON.writeValueAsBytes(data.train()));
    Model exported = round.dropScalingOnExport()
        ? new Model(model.hyperParams(), model.weights(), new double[4], new double[] {1, 1, 1, 1}, model.trainRmse())
        : model;
    String key = "loop/artifacts/qoe-" + sessionsSha.substring(0, 16) + "-" + round.trainerBuild() + ".json";
    store.put(key, JSON.writeValueAsBytes(exported));
    Metrics held = QoePrediction.evaluate(List.of(model), data).get(0);
    ModelVersion v = registry.register(ModelRegistration.builder(MODEL, store.uri(key).toString())
        .format("json-linear")
        .metric("rmse", held.rmse()).metric("r2", held.r2())
        .param("epochs", Integer.toString(round.epochs())).param("sessions", Integer.toString(round.sessions()))
        .tag("store_key", key)
        .lineage(Lineage.ofCurrentTask(Map.of("sessions", sessionsSha), round.trainerBuild()))
        .build());
    trainedOn.put(v.version(), data.train());
    Lineage l = v.registration().lineage();
    say("  train: v%d registered: RMSE %.3f, R² %.3f on held-out; lineage run %s, node %s, sessions sha256 %s…, %s",
        v.version(), held.rmse(), held.r2(), l.runId(), l.node(), sessionsSha.substring(0, 12), l.codeVersion());
    return new Candidate(v.version(), model, round.why());
  }

  Judgement judge(Candidate candidate, Dataset data) throws Exception {
    Optional<ModelVersion> champion = registry.byAlias(MODEL, "champion");
    Optional<Model> championModel = champion.isPresent() ? Optional.of(read(champion.get())) : Optional.empty();
    Verdict<Model> verdict = GATE.judge(championModel, candidate.model(), data.test());
    registry.moveAlias(MODEL, "challenger", candidate.version(), actor(), "trained (" + candidate.why() + ")");
    say("  gate: v%d vs %s: %s", candidate.version(), champion.map(c -> "champion v" + c.version()).orElse("no champion"),
        verdict.reason());
    return new Judgement(candidate.version(), verdict.promote(), verdict.reason());
  }

  String deploy(Judgement judgement, Approval approval) {
    try {
      say("  approval: v%d %s by %s: %s", judgement.version(), approval.approved() ? "approved" : "rejected",
          approval.by(), approval.reason());
      if (!judgement.promote() || !approval.approved()) {
        say("  deploy: nothing to deploy; the champion keeps serving");
        return "kept";
      }
      ModelVersion version = registry.version(MODEL, judgement.version()).orElseThrow();
      RolloutResult result = rollout.deploy(version, actor());
      switch (result.outcome()) {
        case DEPLOYED -> say("  deploy: v%d serves at %s", version.version(), result.serving().orElseThrow().endpoint());
        case UNCHANGED -> say("  deploy: v%d already serves; nothing to do", version.version());
        case ROLLED_BACK -> say("  deploy: v%d ROLLED BACK (%s); v%s serves again", version.version(), result.reason(),
            result.serving().map(d -> Integer.toString(d.version())).orElse("none"));
      }
      return result.outcome().name();
    } finally {
      roundsDone.incrementAndGet();
    }
  }

  // ---- serving: the loader, the smoke check, a client -----------------------------------------

  private Predictor load(ModelVersion version) throws IOException {
    Model model = read(version);
    return instance -> model.predict(JSON.treeToValue(instance, Session.class));
  }

  private Model read(ModelVersion version) throws IOException {
    String key = version.tags().get("store_key");
    if (key == null) {
      throw new IOException(version.ref() + " has no store_key tag; this loader reads only models ModelLoop registered");
    }
    try (InputStream in = store.get(key)) {
      return JSON.readValue(in, Model.class);
    }
  }

  /** Predicts 50 canary sessions of today's traffic over HTTP; too large an error fails the rollout. */
  private void smokeCheck(Deployment deployment) throws Exception {
    double rmse = client.rmse(deployment.endpoint(), QoeTraffic.draw(traffic.world(), 99, 50));
    if (rmse > SMOKE_RMSE_LIMIT) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "smoke check: RMSE %.2f on 50 canary sessions over HTTP, limit %.2f", rmse, SMOKE_RMSE_LIMIT));
    }
  }

  /** Sends one real request to the served model and prints it with the answer. */
  private void askServedModel(String what) throws IOException, InterruptedException {
    Session s = QoeTraffic.draw(traffic.world(), 5, 1).get(0);
    URI endpoint = server.uri().resolve("v1/models/" + MODEL + ":predict");
    JsonNode answer = client.predict(endpoint, List.of(s));
    say("  predict: POST %s {\"instances\": [%s session: %.1f Mb/s, %.0f%% rebuffering, %.1f s startup, %.1f%% loss]}",
        endpoint, what, s.bitrateMbps(), 100 * s.rebufferRatio(), s.startupDelaySec(), s.packetLossPct());
    say("           → %s (viewers said %.2f)", answer, s.mos());
  }

  // ---- the story --------------------------------------------------------------------------------

  private Outcome run(Engine engine) throws Exception {
    Instant start = Instant.now();
    LaunchPlan<Round, String> retrain = LaunchPlan.builder("qoe-retrain", loop)
        .defaultInput(new Round("retrain on drift", 2, 4_000, 80, "trainer-build-1", false)).build();

    say("1. First model: trained on the local executor, registered, judged, deployed to %s", server.uri());
    retrain.launch(engine, r -> new Round("first model", 1, 4_000, 80, "trainer-build-1", false)).await(DEADLINE);
    askServedModel("a home");

    say("2. Drift watch: the max PSI of the inputs vs the champion's training data, every 100 ms; retrain above 0.25 for 300 ms");
    MetricSource drift = DriftSources.maxPsi("qoe-drift", QoeTraffic.CHECK,
        now -> QoeTraffic.window(trainedOn.get(champion())), now -> QoeTraffic.window(traffic.draw(1_000)));
    MetricTrigger<Round> onDrift = MetricTrigger.builder(TRIGGER, retrain)
        .when(TriggerCondition.above(drift, 0.25).sustainedFor(Duration.ofMillis(300)))
        .every(Duration.ofMillis(100)).cooldown(Duration.ofMinutes(1)).build();
    List<TriggerEvaluation> history;
    try (TriggerService triggers = TriggerService.builder(engine).trigger(onDrift).build()) {
      triggers.start();
      awaitUntil(() -> triggers.history(TRIGGER).size() >= 3, "three drift evaluations");
      say("  drift: %s on home traffic, as trained", triggers.history(TRIGGER).get(0).reason());
      traffic.shift(World.MOBILE);
      say("  traffic: viewers move to congested mobile networks (lower bitrate, more loss, less patience)");
      awaitUntil(() -> roundsDone.get() >= 2, "the retrain launched by the drift trigger");
      history = triggers.history(TRIGGER);
    }
    history.stream().filter(e -> e.decision() == Decision.PENDING).findFirst()
        .ifPresent(e -> say("  trigger history: %s %s", e.decision(), e.reason()));
    history.stream().filter(e -> e.decision() == Decision.LAUNCHED).findFirst()
        .ifPresent(e -> say("  trigger history: %s %s", e.decision(), e.reason()));
    askServedModel("a mobile");

    say("3. A bad candidate: trainer build 2 trains longer on more data but exports the model without its feature scaling");
    retrain.launch(engine, r -> new Round("trainer build 2", 3, 12_000, 400, "trainer-build-2", true)).await(DEADLINE);
    askServedModel("a mobile");

    List<AliasMove> moves = registry.aliasHistory(MODEL);
    say("Alias history of %s (who moved which alias, when, why):", MODEL);
    for (AliasMove m : moves) {
      say("  +%5.2fs %-10s %s → %s by %s: %s", Duration.between(start, m.at()).toMillis() / 1000.0, m.alias(),
          version(m.from()), version(m.to()), m.actor(), m.reason());
    }
    return new Outcome(List.copyOf(story), moves, champion(), history, approver.approvals(engine));
  }

  /** Runs the whole loop in a temporary work directory, printing the story to {@code out}. */
  public static Outcome run(Consumer<String> out) throws Exception {
    Path work = Files.createTempDirectory("sluice-model-loop-");
    // a run store journals each run, so its approval (who, why, the signal id) is in its history
    try (Engine engine = Engine.builder().workDirectory(work).runStore(RunStores.filesystem(work.resolve("runs"))).build();
        ModelLoop loop = new ModelLoop(engine.store(), out)) {
      engine.addListener(loop.approver.listener(engine));
      return loop.run(engine);
    } finally {
      RetrainLoop.deleteTree(work); // the temporary folder, as RetrainLoop deletes its own
    }
  }

  /** Prints the story of one turn of the loop (no arguments). */
  public static void main(String[] args) throws Exception {
    // Only the story: run and rollout logs would bury it. To see them, pass -Dorg.slf4j.simpleLogger.log.dev.sluice=info
    if (System.getProperty("org.slf4j.simpleLogger.log.dev.sluice") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.dev.sluice", "error");
    }
    Outcome outcome = run(System.out::println);
    System.out.println("The champion is v" + outcome.champion() + ".");
  }

  @Override
  public void close() {
    approver.close();
    server.close();
  }

  // ---- small helpers ------------------------------------------------------------------------------

  private int champion() {
    return registry.byAlias(MODEL, "champion").map(ModelVersion::version).orElseThrow(
        () -> new IllegalStateException("no champion yet: the first round did not deploy"));
  }

  private static String actor() {
    return "run:" + TaskContext.current().runId();
  }

  private static String version(OptionalInt v) {
    return v.isPresent() ? "v" + v.getAsInt() : "(none)";
  }

  static double rmse(Model model, List<Session> sessions) {
    double sum = 0;
    for (Session s : sessions) {
      double err = model.predict(s) - s.mos();
      sum += err * err;
    }
    return Math.sqrt(sum / sessions.size());
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private void say(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    story.add(line);
    out.accept(line);
  }

  private static void awaitUntil(BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what + " after " + DEADLINE.toSeconds() + " s");
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
