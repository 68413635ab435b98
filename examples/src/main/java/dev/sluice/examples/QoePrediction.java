package dev.sluice.examples;

import dev.sluice.console.Console;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.NodeStatus;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.engine.RunStatus;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A small but real ML workflow in plain Java: predict the quality of experience (a mean opinion
 * score, MOS, from 1 to 5) of video sessions from what the player measured.
 *
 * <pre>
 * generate-sessions → split → plan-training → train[0..n] (a map, 2 at a time) → evaluate
 *   → pick-best → decide: R² ≥ 0.8 ? promote : alert
 * </pre>
 *
 * <p>It shows typed tasks over records, the task cache (a second run in the same work directory
 * takes the sessions, the split and the trained models from it), a map over a list of
 * hyper-parameters with a concurrency limit and a minimum success ratio, a retry policy with {@code abortOn} and a timeout, a branch
 * whose arm not taken is SKIPPED, a {@link dev.sluice.core.engine.RunListener} that prints
 * progress, and the run's status table. Run it with {@code --mermaid} to print the DAG.
 */
public final class QoePrediction {
  private QoePrediction() {}

  // ---- data: plain records --------------------------------------------------------------------

  /** One video session: what the player measured, and the opinion score viewers gave (1..5). */
  public record Session(
      double bitrateMbps,
      double rebufferRatio,
      double startupDelaySec,
      double packetLossPct,
      double mos) {}

  /** One training configuration: full-batch gradient descent with an L2 penalty. */
  public record HyperParams(String name, double learningRate, double l2, int epochs) {}

  /**
   * The workflow's input.
   *
   * @param sessions how many sessions to simulate
   * @param noise standard deviation of the opinion noise (more noise, lower R²)
   * @param seed seed of every random choice, so a run is reproducible
   * @param testFraction share of the sessions held out for evaluation
   * @param grid the configurations to train, one model each, in parallel
   */
  public record Params(
      int sessions, double noise, long seed, double testFraction, List<HyperParams> grid) {

    /** 20,000 sessions, low noise, three configurations (one of which diverges on purpose). */
    public static Params defaults() {
      return new Params(20_000, 0.25, 42, 0.2, DEFAULT_GRID);
    }
  }

  /**
   * An under-trained model, a well-tuned one, and a learning rate far too large: gradient descent
   * diverges, which is not worth retrying ({@code abortOn}), and the map tolerates it ({@code
   * minSuccessRatio}).
   */
  public static final List<HyperParams> DEFAULT_GRID =
      List.of(
          new HyperParams("gd-slow", 0.01, 0.0, 150),
          new HyperParams("gd-ridge", 0.1, 0.001, 400),
          new HyperParams("gd-too-fast", 2.5, 0.0, 200));

  /** Sessions split into a training set and a held-out test set. */
  public record Dataset(List<Session> train, List<Session> test) {}

  /** One element of the training map: a configuration and the data to fit. */
  public record TrainJob(HyperParams hyperParams, List<Session> train) {}

  /**
   * A fitted linear model over standardized features (see {@link LinearRegression#features}).
   *
   * @param weights intercept first, then one weight per feature
   * @param means feature means on the training set
   * @param scales feature standard deviations on the training set
   * @param trainRmse error on the training set after the last epoch
   */
  public record Model(
      HyperParams hyperParams, double[] weights, double[] means, double[] scales, double trainRmse) {

    /** The predicted opinion score of a session, clamped to 1..5. */
    public double predict(Session s) {
      double[] x = LinearRegression.features(s);
      double y = weights[0];
      for (int j = 0; j < x.length; j++) {
        y += weights[j + 1] * (x[j] - means[j]) / scales[j];
      }
      return Math.max(1, Math.min(5, y));
    }

    @Override
    public String toString() {
      return "Model[" + hyperParams.name() + ", weights " + Arrays.toString(weights) + "]";
    }
  }

  /** How a model did on the held-out sessions. */
  public record Metrics(Model model, double rmse, double r2) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "%s (RMSE %.3f, R² %.3f)", model.hyperParams().name(), rmse, r2);
    }
  }

  /** What the workflow decided: {@code "promote"} or {@code "alert"}, with the best metrics. */
  public record Decision(String action, String message, Metrics best) {}

  /** The bar a model must clear to be promoted. */
  public static final double MIN_R2 = 0.8;

  // ---- tasks: defined once, typed by their method references ----------------------------------

  /**
   * Simulating the sessions is the slow part of loading the data: cached, so a second run with the
   * same parameters in the same work directory takes them from the store. The version comes from
   * the code of {@link SyntheticQoe}: change the simulation and old results are not reused.
   */
  static final Task1<Params, List<Session>> generate =
      Task.named("generate-sessions").cache("1").cacheVersionFromCode().of(SyntheticQoe::generate);

  static final Task2<List<Session>, Params, Dataset> split =
      Task.named("split").cache("1").of(QoePrediction::split);

  static final Task2<Dataset, Params, List<TrainJob>> plan =
      Task.named("plan-training").of(QoePrediction::plan);

  /**
   * Training: retried up to 3 attempts with exponential backoff (a lost worker, an OOM-killed
   * process) but never when the model diverged, and cancelled if an attempt takes over 30 s. Each
   * configuration's model is cached (a diverged one is not: failures never are), and identical
   * trainings running at once in this engine train once.
   */
  static final Task1<TrainJob, Model> train =
      Task.named("train")
          .version("2")
          .cache(c -> c.version("2").serialized())
          .retry(
              RetryPolicy.builder()
                  .maxAttempts(3)
                  .initialBackoff(Duration.ofMillis(200))
                  .abortOn(ModelDivergedException.class)
                  .build())
          .timeout(Duration.ofSeconds(30))
          .resources(r -> r.cpu(1).memory("512Mi"))
          .of(LinearRegression::fit);

  static final Task2<List<Model>, Dataset, List<Metrics>> evaluate =
      Task.named("evaluate").of(QoePrediction::evaluate);

  static final Task1<List<Metrics>, Metrics> pickBest =
      Task.named("pick-best").of(QoePrediction::best);

  static final Task1<Metrics, Decision> promote =
      Task.named("promote")
          .of(m -> new Decision("promote", m + " promoted to production", m));

  static final Task1<Metrics, Decision> alert =
      Task.named("alert")
          .of(
              m ->
                  new Decision(
                      "alert",
                      "no model reaches R² " + MIN_R2 + " (best: " + m + "); production model unchanged",
                      m));

  // ---- the workflow -----------------------------------------------------------------------------

  public static final Workflow<Params, Decision> WORKFLOW =
      Workflow.named(
          "qoe-prediction",
          Params.class,
          (wf, params) -> {
            Value<List<Session>> sessions = wf.call(generate, params);
            Value<Dataset> data = wf.call(split, sessions, params);
            Value<List<TrainJob>> jobs = wf.call(plan, data, params);
            Value<List<Model>> models =
                wf.map(train, jobs).concurrency(2).minSuccessRatio(0.5).named("train");
            Value<List<Metrics>> metrics = wf.call(evaluate, models, data);
            Value<Metrics> best = wf.call(pickBest, metrics);
            return wf.when(best, "R² >= " + MIN_R2, m -> m.r2() >= MIN_R2)
                .then(promote, best)
                .otherwise(alert, best)
                .named("decide");
          });

  // ---- task bodies: plain static methods ----------------------------------------------------------

  static Dataset split(List<Session> sessions, Params params) {
    List<Session> shuffled = new ArrayList<>(sessions);
    Collections.shuffle(shuffled, new Random(params.seed() + 1));
    int test = (int) Math.round(shuffled.size() * params.testFraction());
    if (test < 1 || test >= shuffled.size()) {
      throw new IllegalArgumentException(
          "testFraction " + params.testFraction() + " leaves no training or no test session");
    }
    return new Dataset(
        List.copyOf(shuffled.subList(test, shuffled.size())), List.copyOf(shuffled.subList(0, test)));
  }

  static List<TrainJob> plan(Dataset data, Params params) {
    List<TrainJob> jobs = new ArrayList<>();
    for (HyperParams hp : params.grid()) {
      jobs.add(new TrainJob(hp, data.train()));
    }
    return jobs;
  }

  /** Scores every model that trained (a failed map element is null) on the test set. */
  static List<Metrics> evaluate(List<Model> models, Dataset data) {
    List<Metrics> out = new ArrayList<>();
    List<Session> test = data.test();
    double mean = test.stream().mapToDouble(Session::mos).average().orElse(0);
    for (Model m : models) {
      if (m == null) {
        continue;
      }
      double ssRes = 0;
      double ssTot = 0;
      for (Session s : test) {
        double err = m.predict(s) - s.mos();
        ssRes += err * err;
        ssTot += (s.mos() - mean) * (s.mos() - mean);
      }
      out.add(new Metrics(m, Math.sqrt(ssRes / test.size()), 1 - ssRes / ssTot));
    }
    return out;
  }

  static Metrics best(List<Metrics> metrics) {
    return metrics.stream()
        .filter(Objects::nonNull)
        .max(Comparator.comparingDouble(Metrics::r2))
        .orElseThrow(() -> new IllegalStateException("no model was trained"));
  }

  // ---- the program ----------------------------------------------------------------------------

  /**
   * Where the example keeps its data: in MinIO/S3 when {@code SLUICE_S3_ENDPOINT} is set (at {@code
   * SLUICE_STORE_URI}, default {@code s3://sluice/qoe/}, with the credentials in {@code
   * AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}), else in {@code <workDir>/store}.
   */
  static ArtifactStore storeFor(Map<String, String> env, Path workDir) {
    String endpoint = env.get("SLUICE_S3_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      return ArtifactStores.filesystem(workDir.resolve("store"));
    }
    return ArtifactStores.open(URI.create(env.getOrDefault("SLUICE_STORE_URI", "s3://sluice/qoe/")), env);
  }

  /**
   * Runs the workflow with the default parameters. {@code --mermaid} prints the DAG first; {@code
   * --work-dir <folder>} sets the engine's work directory (default {@code $TMPDIR/sluice-qoe}),
   * whose {@code store/} holds the task cache: run the program twice and the second run is served
   * from it. {@code --console} journals the run and serves the web console on
   * http://127.0.0.1:8080/ (the address, with the action token, is printed) while the run goes and
   * after it ends, until the program is stopped (Ctrl-C); {@code --console-port <n>} picks another port.
   * The program runs {@link QoeApproval#workflow}: a model that clears the bar waits for a person's
   * approval, printing how to give it, for {@code --approval-timeout} (default 5 s) before it keeps
   * the champion.
   */
  public static void main(String[] args) {
    List<String> arguments = Arrays.asList(args);
    Duration approvalTimeout = QoeApproval.timeout(args);
    Workflow<Params, Decision> workflow = QoeApproval.workflow(approvalTimeout);
    if (arguments.contains("--mermaid")) {
      System.out.println(workflow.spec().toMermaid());
    }
    int dirFlag = arguments.indexOf("--work-dir");
    Path workDir =
        dirFlag >= 0 && dirFlag + 1 < args.length
            ? Path.of(args[dirFlag + 1])
            : Path.of(System.getProperty("java.io.tmpdir"), "sluice-qoe");
    Params params = Params.defaults();
    System.out.printf(
        Locale.ROOT,
        "%d sessions, noise %.2f, %d configurations: %s%n",
        params.sessions(),
        params.noise(),
        params.grid().size(),
        params.grid().stream().map(HyperParams::name).toList());
    boolean serve = arguments.contains("--console");
    try (ArtifactStore store = storeFor(System.getenv(), workDir);
        RunStore journal = serve ? runStoreFor(store, workDir) : null;
        Engine engine = engine(workDir, store, journal);
        Console console = serve ? Console.builder().engine(engine).port(consolePort(args)).start() : null) {
      System.out.println("data, models and task cache in " + store.root());
      RunHandle<Decision> run =
          engine.run(
              workflow,
              params,
              RunOptions.builder().listener(new ProgressPrinter(System.out))
                  .listener(QoeApproval.instructions(System.out, console)).build());
      Decision decision = run.await();
      System.out.println();
      System.out.println(decision.action().toUpperCase(Locale.ROOT) + ": " + decision.message());
      System.out.println();
      System.out.print(run.status().toTable());
      System.out.println();
      System.out.println(cacheSummary(run.status()));
      if (console != null) {
        System.out.println("the console keeps serving run " + run.runId() + " at " + console.uri() + "; Ctrl-C to stop");
        try {
          new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** {@code --console-port <n>}, default 8080. */
  private static int consolePort(String[] args) {
    int i = Arrays.asList(args).indexOf("--console-port");
    return i >= 0 && i + 1 < args.length ? Integer.parseInt(args[i + 1]) : 8080;
  }

  private static Engine engine(Path workDir, ArtifactStore store, RunStore journal) {
    Engine.Builder b = Engine.builder().workDirectory(workDir).store(store);
    return journal == null ? b.build() : b.runStore(journal).build();
  }

  /** Journals next to the data: in the store's folder ({@code sluice --store <it>} reads them), or in the bucket. */
  static RunStore runStoreFor(ArtifactStore store, Path workDir) {
    return store.root().getScheme().equals("file") ? RunStores.filesystem(workDir.resolve("store")) : RunStores.over(store);
  }

  /** Which nodes the task cache served, in one line. */
  static String cacheSummary(RunStatus status) {
    List<String> cached =
        status.nodes().stream().filter(n -> n.state() == NodeState.CACHED).map(NodeStatus::path).toList();
    if (cached.isEmpty()) {
      return "task cache: nothing served from it (a first run here); run again to see it used";
    }
    return "task cache: " + cached.size() + " node(s) served from it: " + String.join(", ", cached);
  }
}
