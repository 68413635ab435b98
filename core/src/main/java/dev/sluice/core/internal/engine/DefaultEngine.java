package dev.sluice.core.internal.engine;

import com.google.common.base.Suppliers;
import com.google.common.collect.MapMaker;
import dev.sluice.core.engine.Deadline;
import dev.sluice.core.engine.RateLimit;
import dev.sluice.core.engine.RateLimitKey;
import dev.sluice.core.engine.Engine;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunListener;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.engine.ResumeOptions;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.model.FailurePolicy;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.engine.SignalOutcome;
import dev.sluice.core.engine.SignalRefusedException;
import dev.sluice.core.engine.WaitingGate;
import dev.sluice.core.internal.local.LocalExecutor;
import dev.sluice.core.internal.model.CompiledWorkflow;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.SecretVariables;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.internal.cache.CacheStore;
import dev.sluice.core.internal.cache.InFlight;
import dev.sluice.core.internal.io.ArtifactTypes;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.internal.store.LazyArtifactStore;
import dev.sluice.core.io.TaskIo;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.core.spi.TaskInterceptor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine behind {@link Engine#builder()}: pools, executors, limiters, and the live runs. */
public final class DefaultEngine implements Engine {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.engine");
  private static final AtomicInteger ENGINES = new AtomicInteger();

  /**
   * What {@link Engine.Builder} collected. Null pool, scheduler or directory: the engine makes one.
   * Null fallback executor: tasks naming an unregistered executor are refused at run start.
   */
  public record Config(
      int parallelism,
      ExecutorService taskPool,
      ScheduledExecutorService scheduler,
      Clock clock,
      Path workDirectory,
      ArtifactStore store,
      long largeValueThreshold,
      String defaultExecutor,
      String fallbackExecutor,
      Map<String, TaskExecutor> executors,
      List<TaskInterceptor> interceptors,
      List<RunListener> listeners,
      DurabilityConfig durability,
      SecretVariables secretVariables,
      RetryPolicy storeRetry,
      Map<RateLimitKey, RateLimit> rateLimits) {}

  final ExecutorService taskPool;
  final ScheduledExecutorService scheduler;
  final Clock clock;
  private final boolean ownsPool;
  private final boolean ownsScheduler;
  private final Path workDirectory;
  private final ArtifactStore store;
  private final boolean ownsStore;
  final TaskIo taskIo;
  /** Values and artifacts to and from the store, for the cache and uploads. */
  final ValueCodec codec;
  final CacheStore cache;
  final InFlight inFlight = new InFlight();
  final ArtifactTypes artifactTypes = new ArtifactTypes();
  private final Map<String, TaskExecutor> executors;
  private final TaskExecutor defaultExecutor;
  /** Runs tasks naming an unregistered executor; null: such runs are refused. */
  private final TaskExecutor fallbackExecutor;
  private final String defaultExecutorName;
  private final String fallbackExecutorName;
  private final List<RunListener> listeners;
  /** Environment variables no task may set as a plain value; checked when a run starts. */
  private final SecretVariables secretVariables;
  /** Retries of the engine's own store work (outputs, artifacts, cache entries, staging). */
  final StoreWork storeWork;
  /** Listeners added after the engine was built; each run takes those present when it starts. */
  private final List<RunListener> added = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Journals, leases, resume and recovery; null without a run store. */
  final Durability durability;
  /** Interceptors, in order, then the task's executor. */
  final TaskInterceptor.Chain attemptChain;

  /** The built-in executor {@code local}. */
  private final TaskExecutor localExecutor;

  /** No interceptor and no journal barrier: an attempt goes straight to its executor. */
  private final boolean bareChain;
  /** Concurrency limits, executor slots and rate limits: what an attempt waits for between QUEUED and RUNNING. */
  private final Admissions admissions;
  private final Set<Run> active = ConcurrentHashMap.newKeySet();
  /** Applies signals kept in the store to this engine's waiting runs; made when a first gate waits. */
  private SignalPoller signalPoller;
  /** Signal ids applied to recently ended runs: a signal sent again after its run ended is a duplicate. */
  private volatile Cache<String, Set<String>> endedSignals; // made when a run with signals first ends
  /** Specs whose executor names were checked; weak, by identity, so built-per-request specs don't pile up. */
  private final Set<WorkflowSpec> checked =
      Collections.newSetFromMap(new MapMaker().weakKeys().<WorkflowSpec, Boolean>makeMap());
  /** Task names and the bodies this engine ran under them: one body per name. */
  private final KnownTasks knownTasks = new KnownTasks();
  /**
   * Starts with a run key: one run per key (see {@link RunOptions.Builder#runKey}). Made at the
   * first such start: its striped locks and Guava cache (which logs through java.util.logging) are
   * over a hundred classes a process need not load otherwise.
   */
  private final Supplier<KeyedStarts> keyedStarts = Suppliers.memoize(() -> new KeyedStarts(this));
  private volatile boolean closed;

  public DefaultEngine(Config config) {
    int id = ENGINES.incrementAndGet();
    this.ownsPool = config.taskPool() == null;
    this.taskPool = ownsPool ? newPool(config.parallelism(), id) : config.taskPool();
    this.ownsScheduler = config.scheduler() == null;
    this.scheduler = ownsScheduler ? newScheduler(id) : config.scheduler();
    this.clock = config.clock();
    this.admissions = new Admissions(config.rateLimits(), clock, scheduler);
    this.workDirectory =
        config.workDirectory() != null
            ? config.workDirectory()
            : Path.of(System.getProperty("java.io.tmpdir"), "sluice");
    this.ownsStore = config.store() == null;
    Path storeFolder = workDirectory.resolve("store");
    // made on first use: an in-memory run never touches it (no folder, no file-system probe at build)
    this.store = ownsStore ? new LazyArtifactStore(() -> ArtifactStores.filesystem(storeFolder)) : config.store();
    Path artifacts = workDirectory.resolve("artifacts");
    this.codec = new ValueCodec(config.largeValueThreshold(), artifacts);
    this.taskIo =
        TaskIo.builder().largeValueThreshold(config.largeValueThreshold()).artifactDirectory(artifacts).build();
    this.cache = new CacheStore(store, codec);
    Map<String, TaskExecutor> all = new LinkedHashMap<>();
    this.localExecutor = new LocalExecutor(taskPool, scheduler, codec::mapper); // the codec's mapper, made on first use
    all.put(LOCAL, localExecutor);
    for (Map.Entry<String, TaskExecutor> e : config.executors().entrySet()) {
      if (e.getKey().equals(LOCAL)) {
        throw new IllegalArgumentException(
            "the executor name '" + LOCAL + "' is the built-in local executor; register yours under another name");
      }
      all.put(e.getKey(), e.getValue());
    }
    this.executors = Map.copyOf(all);
    this.defaultExecutor = registered(config.defaultExecutor(), "default executor");
    this.fallbackExecutor =
        config.fallbackExecutor() == null ? null : registered(config.fallbackExecutor(), "fallback executor");
    this.defaultExecutorName = config.defaultExecutor();
    this.fallbackExecutorName = config.fallbackExecutor();
    this.listeners = config.listeners();
    this.secretVariables = config.secretVariables();
    this.storeWork = new StoreWork(config.storeRetry(), scheduler, taskPool);
    this.durability =
        config.durability() == null
            ? null
            : new Durability(this, config.durability(), config.largeValueThreshold(), artifacts, id);
    TaskInterceptor.Chain chain = attempt -> executorFor(attempt.task()).start(attempt);
    if (durability != null) {
      chain = durability.barrier(chain);
    }
    List<TaskInterceptor> interceptors = config.interceptors();
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      TaskInterceptor link = interceptors.get(i);
      TaskInterceptor.Chain next = chain;
      chain = attempt -> link.intercept(attempt, next);
    }
    this.attemptChain = chain;
    this.bareChain = durability == null && interceptors.isEmpty();
    if (durability != null) {
      durability.start(config.durability().adoptOrphans());
    }
  }

  private TaskExecutor registered(String name, String role) {
    TaskExecutor executor = executors.get(name);
    if (executor == null) {
      throw new IllegalArgumentException(
          role + " '" + name + "' is not registered; registered: " + new TreeSet<>(executors.keySet())
              + ". Fix: register it with Engine.builder().executor(\"" + name + "\", ...) or name one of those");
    }
    return executor;
  }

  private static ExecutorService newPool(int parallelism, int engineId) {
    AtomicInteger n = new AtomicInteger();
    return new ForkJoinPool(
        parallelism,
        pool -> {
          ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
          t.setName("sluice-" + engineId + "-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        null,
        true);
  }

  private static ScheduledExecutorService newScheduler(int engineId) {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "sluice-" + engineId + "-timer");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <I, O> RunHandle<O> run(WorkflowDefinition<I, O> workflow, I input) {
    Objects.requireNonNull(workflow, "workflow");
    return (RunHandle<O>) run(workflow.spec(), input, RunOptions.DEFAULT);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <I, O> RunHandle<O> run(WorkflowDefinition<I, O> workflow, I input, RunOptions options) {
    Objects.requireNonNull(workflow, "workflow");
    return (RunHandle<O>) run(workflow.spec(), input, options);
  }

  @Override
  public RunHandle<Object> run(WorkflowSpec spec, Object input, RunOptions options) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options (use RunOptions.DEFAULT)");
    CompiledWorkflow compiled = runnable(spec, input);
    String inputJson = durability == null ? null : durability.encodeInput(spec, input);
    if (options.runKey().isPresent()) {
      Map<String, String> labels = new LinkedHashMap<>(options.labels());
      labels.put(RunOptions.RUN_KEY_LABEL, options.runKey().get());
      return keyedStarts.get().start(compiled, options.runKey().get(), runId -> launch(
          compiled, input, options.failurePolicy().orElse(spec.failurePolicy()), Map.copyOf(labels),
          options.listeners(), new Run.Life(runId, null, Map.of()),
          run -> durability.openClaimed(run, compiled, inputJson, options.origin()),
          options.deadline().orElse(null), options.priority()));
    }
    return launch(
        compiled, input, options.failurePolicy().orElse(spec.failurePolicy()), options.labels(), options.listeners(),
        Run.Life.NEW, run -> durability.openNew(run, compiled, inputJson, options.origin(), Optional.empty()),
        options.deadline().orElse(null), options.priority());
  }

  /** The spec, checked: this engine is open, the spec compiled, the input of its type, its executors known. */
  CompiledWorkflow runnable(WorkflowSpec spec, Object input) {
    if (closed) {
      throw new IllegalStateException("this engine is closed; build a new one to start run of '" + spec.name() + "'");
    }
    if (!(spec instanceof CompiledWorkflow compiled)) {
      throw new IllegalArgumentException(
          "workflow '" + spec.name() + "' was not built by WorkflowSpec.builder() or the DSL");
    }
    if (input == null && Types.rawType(spec.inputType()) != Void.class) {
      throw new IllegalArgumentException(
          "workflow '" + spec.name() + "' takes " + Types.describe(spec.inputType()) + " but was given null."
              + " Fix: pass an input (a workflow that needs none takes Void)");
    }
    if (input != null && !Types.rawType(spec.inputType()).isInstance(input)) {
      throw new IllegalArgumentException(
          "workflow '" + spec.name() + "' takes " + Types.describe(spec.inputType()) + " but was given a "
              + input.getClass().getName());
    }
    checkExecutors(compiled);
    knownTasks.check(compiled);
    return compiled;
  }

  /** Builds a run, opens its journal (when there is a run store: its lease, its first record) and starts it. */
  Run launch(
      CompiledWorkflow spec,
      Object input,
      FailurePolicy policy,
      Map<String, String> labels,
      List<RunListener> extra,
      Run.Life life,
      Function<Run, RunJournaling> journal) {
    return launch(spec, input, policy, labels, extra, life, journal, null, 0);
  }

  /** {@link #launch} with a deadline (null: none) and a priority. */
  Run launch(
      CompiledWorkflow spec,
      Object input,
      FailurePolicy policy,
      Map<String, String> labels,
      List<RunListener> extra,
      Run.Life life,
      Function<Run, RunJournaling> journal,
      Deadline deadline,
      int priority) {
    List<RunListener> all = listeners;
    if (!extra.isEmpty() || !added.isEmpty()) {
      all = new ArrayList<>(listeners);
      all.addAll(added);
      all.addAll(extra);
    }
    Run run = new Run(this, spec, input, policy, labels, List.copyOf(all), life);
    run.deadline = deadline;
    run.priority = priority;
    if (durability != null) {
      run.journaling = journal.apply(run);
    }
    active.add(run);
    run.start();
    return run;
  }

  @Override
  public RunHandle<Object> resume(String runId, ResumeOptions options) {
    return Resumptions.of(this, "resume").resume(runId, options);
  }

  @Override
  public RunHandle<Object> recover(String runId, ResumeOptions options) {
    return Resumptions.of(this, "recover").recover(runId, options);
  }

  @Override
  public RunHandle<Object> fork(String runId, dev.sluice.core.engine.ForkOptions options) {
    Objects.requireNonNull(options, "options");
    return Resumptions.of(this, "fork").fork(runId, options);
  }

  @Override
  public SignalOutcome signal(String runId, String gate, Object payload, String signalId) {
    Objects.requireNonNull(gate, "gate (its path or signal name)");
    Run run = activeRunRecord(runId);
    if (run != null) {
      return run.signal(gate, payload, signalId);
    }
    Cache<String, Set<String>> endedRuns = endedSignals;
    Set<String> ended = endedRuns == null ? null : endedRuns.getIfPresent(runId);
    if (ended != null && ended.contains(signalId)) {
      return SignalOutcome.DUPLICATE;
    }
    if (durability == null) {
      throw new SignalRefusedException("this engine runs no run '" + runId + "' (it ended, or never ran here; an "
          + "engine without a run store forgets ended runs). Fix: signal a running run by its id");
    }
    return durability.journal().signal(runId, gate, payload, signalId);
  }

  @Override
  public List<WaitingGate> waitingGates(String runId) {
    Run run = activeRunRecord(runId);
    if (run != null) {
      return run.waitingGates();
    }
    if (durability == null) {
      throw new IllegalArgumentException("this engine runs no run '" + runId + "'");
    }
    return durability.journal().waitingGates(runId);
  }

  private Run activeRunRecord(String runId) {
    Objects.requireNonNull(runId, "runId");
    for (Run run : active) {
      if (run.runId.equals(runId)) {
        return run;
      }
    }
    return null;
  }

  @Override
  public RunJournal journal() {
    return Resumptions.of(this, "journal").journal();
  }

  /**
   * Every task of the spec (nested specs included) names a registered executor and sets no secret
   * as a plain environment value; checked once per spec, before anything of the run is written.
   */
  private void checkExecutors(CompiledWorkflow root) {
    if (checked.contains(root)) {
      return;
    }
    Deque<WorkflowSpec> specs = new ArrayDeque<>();
    Set<WorkflowSpec> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    specs.push(root);
    List<String> problems = new ArrayList<>();
    // A task definition called by many nodes is checked once (what is checked depends on the task
    // alone); one with a problem is checked at every node, so that each is named.
    Set<TaskSpec> passed = Collections.newSetFromMap(new IdentityHashMap<>());
    while (!specs.isEmpty()) {
      WorkflowSpec spec = specs.pop();
      if (!seen.add(spec)) {
        continue;
      }
      spec.onFailure().ifPresent(t -> checkExecutor(spec, "on-failure", t, problems, passed));
      Deque<NodeSpec> nodes = new ArrayDeque<>(spec.nodes());
      while (!nodes.isEmpty()) {
        NodeSpec node = nodes.pop();
        if (node instanceof TaskNode t) {
          checkExecutor(spec, node.id(), t.task(), problems, passed);
        } else if (node instanceof MapNode m && !m.isGateMap()) {
          checkExecutor(spec, node.id(), m.task(), problems, passed);
        } else if (node instanceof SubWorkflowNode s) {
          specs.push(s.workflow());
        } else if (node instanceof BranchNode b) {
          b.arms().forEach(nodes::push);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    checked.add(root);
  }

  private void checkExecutor(
      WorkflowSpec spec, String node, TaskSpec task, List<String> problems, Set<TaskSpec> passed) {
    if (passed.contains(task)) {
      return;
    }
    int before = problems.size();
    checkExecutor(spec, node, task, problems);
    if (problems.size() == before) {
      passed.add(task);
    }
  }

  private void checkExecutor(WorkflowSpec spec, String node, TaskSpec task, List<String> problems) {
    admissions.check("workflow '" + spec.name() + "', node '" + node + "'", task, problems);
    try {
      secretVariables.check(task);
    } catch (IllegalArgumentException e) {
      problems.add("workflow '" + spec.name() + "', node '" + node + "': " + e.getMessage());
    }
    String name = task.placement().executor();
    if (name != null && fallbackExecutor == null && !executors.containsKey(name)) {
      problems.add(
          "workflow '" + spec.name() + "', node '" + node + "': task '" + task.name()
              + "' asks for executor '" + name + "' but this engine has only "
              + new TreeSet<>(executors.keySet()) + ". Fix: register it with Engine.builder().executor(\""
              + name + "\", ...)");
    }
  }

  TaskExecutor executorFor(TaskSpec task) {
    String name = task.placement().executor();
    if (name == null) {
      return defaultExecutor;
    }
    TaskExecutor executor = executors.get(name);
    if (executor == null && fallbackExecutor != null) {
      return fallbackExecutor;
    }
    if (executor == null) {
      throw new IllegalStateException(
          "task '" + task.name() + "' asks for executor '" + name + "', which is not registered");
    }
    return executor;
  }

  /** The name of the executor that runs {@code task}, as journaled. */
  String executorName(TaskSpec task) {
    String name = task.placement().executor();
    if (name == null) {
      return defaultExecutorName;
    }
    return executors.containsKey(name) || fallbackExecutorName == null ? name : fallbackExecutorName;
  }

  /**
   * Whether launching an attempt of {@code task} calls nothing that logs or runs user code (no
   * interceptor, no journal, the built-in local executor), so it needs no MDC binding of its own.
   */
  boolean launchesQuietly(TaskSpec task) {
    return bareChain && runsLocally(task);
  }

  /** Whether {@code task}'s attempts run in this JVM (the built-in local executor). */
  boolean runsLocally(TaskSpec task) {
    return executorFor(task) == localExecutor;
  }

  /** What an attempt of {@code task} waits for before it starts: its limit, its executor's slots, rate limits. */
  AdmissionGates gatesFor(TaskSpec task) {
    TaskExecutor executor = executorFor(task);
    if (admissions.unlimited(task, executor)) {
      return AdmissionGates.NONE; // the usual case, asked per task call: no map lookup
    }
    return admissions.gatesFor(task, executor, executorName(task));
  }

  @Override
  public void addListener(RunListener listener) {
    added.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(RunListener listener) {
    added.remove(listener);
  }

  @Override
  public Optional<RunHandle<Object>> activeRun(String runId) {
    Objects.requireNonNull(runId, "runId");
    for (Run run : active) {
      if (run.runId.equals(runId)) {
        return Optional.of(run);
      }
    }
    return Optional.empty();
  }

  @Override
  public ArtifactStore store() {
    return store;
  }

  Path workDirectory() {
    return workDirectory;
  }

  synchronized SignalPoller signalPoller() {
    if (signalPoller == null) {
      signalPoller = new SignalPoller(this);
    }
    return signalPoller;
  }

  void runEnded(Run run) {
    active.remove(run);
    Set<String> signals = run.appliedSignals();
    if (!signals.isEmpty()) {
      endedSignals().put(run.runId, signals);
    }
  }

  private Cache<String, Set<String>> endedSignals() {
    Cache<String, Set<String>> c = endedSignals;
    if (c == null) {
      synchronized (this) {
        c = endedSignals;
        if (c == null) {
          c = CacheBuilder.newBuilder().maximumSize(10_000).build();
          endedSignals = c;
        }
      }
    }
    return c;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (this) {
      if (signalPoller != null) {
        signalPoller.close();
      }
    }
    for (Run run : List.copyOf(active)) {
      if (run.journaling != null) {
        run.journaling.abandon(new IllegalStateException("the engine was closed"), true);
      } else {
        run.stop(RunState.CANCELLED, new NodeError("EngineClosed", "the engine was closed", null));
      }
    }
    for (TaskExecutor executor : executors.values()) {
      try {
        executor.close();
      } catch (Exception e) {
        log.warn("closing executor {} failed: {}", executor, e.toString());
      }
    }
    if (durability != null) {
      durability.close();
    }
    if (ownsStore) {
      store.close();
    }
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
    if (ownsPool) {
      taskPool.shutdownNow();
      try {
        if (!taskPool.awaitTermination(5, TimeUnit.SECONDS)) {
          log.warn("engine closed while tasks still run; their threads were interrupted");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
