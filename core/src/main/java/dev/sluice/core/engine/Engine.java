package dev.sluice.core.engine;

import dev.sluice.core.internal.engine.DefaultEngine;
import dev.sluice.core.internal.engine.DurabilityConfig;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.journal.RunJournal;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.SecretVariables;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.core.spi.TaskInterceptor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs workflows. An engine is an instance: build as many as you like, each with its own pools;
 * close it when done (running runs are cancelled).
 *
 * <pre>{@code
 * try (Engine engine = Engine.local()) {
 *   double accuracy = engine.run(trainWorkflow, params).await();
 * }
 * }</pre>
 */
public interface Engine extends AutoCloseable {

  /** The name of the built-in executor that runs tasks on this JVM's threads and processes. */
  String LOCAL = "local";

  /** An engine with the embedded defaults: local executor, one thread per core. */
  static Engine local() {
    return builder().build();
  }

  static Builder builder() {
    return new Builder();
  }

  /** Starts a run of a typed workflow and returns at once. */
  <I, O> RunHandle<O> run(WorkflowDefinition<I, O> workflow, I input);

  /** Starts a run with options (failure policy, labels, listeners). */
  <I, O> RunHandle<O> run(WorkflowDefinition<I, O> workflow, I input, RunOptions options);

  /** Starts a run of a spec, e.g. one built by hand; the input must match its input type. */
  RunHandle<Object> run(WorkflowSpec spec, Object input, RunOptions options);

  /**
   * The store this engine writes to: remote attempts' inputs and outputs, metrics that tasks
   * record, the task cache and run journals. Triggers and metric queries read it.
   */
  ArtifactStore store();

  /**
   * Continues an unfinished run of this engine's run store, in this engine, once no other engine
   * holds it (its owner stopped or its lease lapsed). Nodes the journal shows SUCCEEDED, CACHED or
   * FAILED are not run again (outputs are read back from the store); remote attempts that were
   * running are re-attached by their attempt name; local ones start again as a new attempt; retry
   * budgets continue. A run that already succeeded comes back as a finished handle.
   *
   * @throws IllegalStateException if there is no run store, the run ended otherwise, or its
   *     workflow's spec changed since it started (see {@link ResumeOptions.Builder#journaledSpec})
   * @throws dev.sluice.core.journal.LeaseRefusedException if another engine holds the run
   */
  default RunHandle<Object> resume(String runId) {
    return resume(runId, ResumeOptions.DEFAULT);
  }

  /** {@link #resume(String)} with options: the workflow to use, the journaled spec, listeners. */
  RunHandle<Object> resume(String runId, ResumeOptions options);

  /**
   * Starts a new run of a run that failed or was cancelled, reusing the output of every node that
   * succeeded in it: only what failed or never ran runs again. The new run's journal names the
   * one it recovers.
   */
  default RunHandle<Object> recover(String runId) {
    return recover(runId, ResumeOptions.DEFAULT);
  }

  /** {@link #recover(String)} with options. */
  RunHandle<Object> recover(String runId, ResumeOptions options);

  /**
   * Starts a new run from an ended run (succeeded, failed or cancelled): every node upstream of
   * {@code options.fromNode()} reuses its journaled output, that node and everything downstream of
   * it run again, with the input, chosen node outputs or chosen tasks' executors replaced as the
   * options say. The new run's journal names its origin ({@code fork:<runId>}). {@link #recover} is
   * the special case "from the failed nodes".
   *
   * @throws IllegalStateException if there is no run store or the run has not ended
   * @throws IllegalArgumentException if the node, an output or a task is unknown or of the wrong type
   */
  RunHandle<Object> fork(String runId, ForkOptions options);

  /**
   * Sends a signal to a gate of a run: {@code gate} is the gate node's path ({@code approve},
   * {@code review/approve}) or, when only one waiting gate expects it, the signal's name. The payload
   * is checked against the gate's type and validator before anything changes. The same {@code
   * signalId} twice is applied once. A run this engine does not hold, but its run store has
   * unfinished, keeps the signal in the store ({@link SignalOutcome#STORED}) for whoever resumes it.
   *
   * @throws SignalRefusedException if the run is unknown or finished, no such gate waits, the payload
   *     has the wrong type, or the validator refuses it; nothing changed then
   */
  SignalOutcome signal(String runId, String gate, Object payload, String signalId);

  /**
   * The gates a run waits at now, with what they expect and until when: from the live run when this
   * engine holds it, else from its journal.
   *
   * @throws IllegalArgumentException if neither this engine nor its run store knows the run
   */
  java.util.List<WaitingGate> waitingGates(String runId);

  /**
   * The runs this engine's run store holds: list and query them, read one run's node table, find
   * orphans, prune old runs.
   *
   * @throws IllegalStateException if the engine has no run store
   */
  RunJournal journal();

  /**
   * Adds a listener for the runs this engine starts, resumes or recovers from now on (runs already
   * going are not affected), e.g. an operations console that keeps its run list fresh. The default
   * refuses: an engine that cannot add listeners after it was built.
   *
   * @throws UnsupportedOperationException if this engine cannot
   */
  default void addListener(RunListener listener) {
    throw new UnsupportedOperationException(
        "this engine takes listeners when built only: Engine.builder().listener(...)");
  }

  /** Removes a listener added with {@link #addListener}; runs started since keep calling it. */
  default void removeListener(RunListener listener) {}

  /**
   * The run with this id while it runs in this engine (started, resumed or recovered here and not
   * ended yet), e.g. to cancel it from an operations console. Empty for runs of other engines,
   * ended runs and unknown ids. The default finds none.
   */
  default java.util.Optional<RunHandle<Object>> activeRun(String runId) {
    return java.util.Optional.empty();
  }

  /**
   * Stops the pools this engine created and closes its executors. Running runs are cancelled; with
   * a run store they are left unfinished in the journal instead, their leases released, to be
   * resumed by another engine.
   */
  @Override
  void close();

  /** The default of {@link Builder#storeRetry}: 6 tries, 1 s doubling to 30 s, 20 % jitter. */
  RetryPolicy DEFAULT_STORE_RETRY =
      RetryPolicy.builder().maxAttempts(6).initialBackoff(Duration.ofSeconds(1)).multiplier(2)
          .maxBackoff(Duration.ofSeconds(30)).jitter(0.2).build();

  /** Mutable builder of an {@link Engine}. */
  final class Builder {
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private ExecutorService taskPool;
    private ScheduledExecutorService scheduler;
    private Clock clock = Clock.systemUTC();
    private Path workDirectory;
    private ArtifactStore store;
    private long largeValueThreshold = ValueCodec.DEFAULT_LARGE_VALUE_THRESHOLD;
    private String defaultExecutor = LOCAL;
    private String fallbackExecutor;
    private final Map<String, TaskExecutor> executors = new LinkedHashMap<>();
    private final List<RunListener> listeners = new ArrayList<>();
    private final List<TaskInterceptor> interceptors = new ArrayList<>();
    private RunStore runStore;
    private Duration leaseTtl = Duration.ofSeconds(30);
    private boolean adoptOrphans;
    private final List<WorkflowSpec> workflows = new ArrayList<>();
    private String engineId;
    private SecretVariables secretVariables = SecretVariables.standard();
    private RetryPolicy storeRetry = DEFAULT_STORE_RETRY;
    private final Map<RateLimitKey, RateLimit> rateLimits = new LinkedHashMap<>();

    private Builder() {}

    /**
     * At most {@code limit.permits()} starts per period of what {@code key} names, across the runs
     * of this engine: {@code rateLimit(RateLimitKey.resource("ray-cluster"), RateLimit.of(10,
     * Duration.ofMinutes(1)))}, with tasks that say {@code .rateLimited("ray-cluster")}; or every
     * task on an executor ({@link RateLimitKey#executor}), or one task ({@link RateLimitKey#task}).
     * An attempt waits for its permit without holding a thread; see {@code docs/admission.md}.
     */
    public Builder rateLimit(RateLimitKey key, RateLimit limit) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(limit, "limit");
      if (rateLimits.putIfAbsent(key, limit) != null) {
        throw new IllegalArgumentException("a rate limit of " + key + " is already registered");
      }
      return this;
    }

    /**
     * Refuses runs of tasks that set a variable of one of these names as a plain environment value,
     * besides the usual names every task is checked against when it is built ({@link
     * SecretVariables#standard()}); checked when a run starts, before anything is journaled.
     */
    public Builder secretVariables(String... names) {
      this.secretVariables = secretVariables.with(names);
      return this;
    }

    /**
     * How the engine retries its own work with the store when the store fails transiently
     * (unreachable, server errors, an open circuit breaker): storing a task's output and artifacts
     * for the journal and the cache, an attempt's inputs and outputs. Separate from the tasks' retry
     * policies: a store fault never re-runs a task, and a store that stays down fails the node that
     * needed it with a {@code StoreFailedException}. Default: 6 tries, 1 s doubling to 30 s (about
     * 30 s in all, enough for the MinIO store's circuit breaker to let calls through again); {@code
     * retryOn}/{@code abortOn} are not used (only transient store failures are retried).
     */
    public Builder storeRetry(RetryPolicy policy) {
      this.storeRetry = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Journals every run in {@code store}, so that a run this engine starts can be listed,
     * resumed after a crash (by this or any engine on the same store) and recovered after a
     * failure; see {@code docs/durability.md}. Every task output is then journaled as JSON. The
     * engine does not close a run store given here.
     */
    public Builder runStore(RunStore store) {
      this.runStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * How long this engine's claim on a run lasts without a heartbeat (default 30 s; renewed every
     * third of it). A run whose owner has not renewed it for this long is orphaned and may be
     * resumed elsewhere.
     */
    public Builder leaseTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.toMillis() < 3) {
        throw new IllegalArgumentException("leaseTtl must be at least 3 ms, got " + ttl);
      }
      this.leaseTtl = ttl;
      return this;
    }

    /**
     * Resume orphaned runs of the registered {@link #workflows} automatically: every {@link
     * #leaseTtl}, this engine takes over the runs whose owner stopped heart-beating.
     */
    public Builder adoptOrphans(boolean adopt) {
      this.adoptOrphans = adopt;
      return this;
    }

    /** Workflows this engine may resume, recover and adopt by the name their journal records. */
    public Builder workflows(WorkflowDefinition<?, ?>... workflows) {
      for (WorkflowDefinition<?, ?> w : workflows) {
        this.workflows.add(Objects.requireNonNull(w, "workflow").spec());
      }
      return this;
    }

    /** A hand-built workflow this engine may resume, recover and adopt. */
    public Builder workflow(WorkflowSpec workflow) {
      this.workflows.add(Objects.requireNonNull(workflow, "workflow"));
      return this;
    }

    /**
     * This engine's name in leases and journals, unique among the engines sharing a run store
     * (default: {@code <host>-<pid>-<random>}).
     */
    public Builder engineId(String id) {
      this.engineId = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Threads of the local executor's pool (default: available cores). */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Run JVM tasks on this pool instead of one the engine creates (e.g. {@code
     * Executors.newVirtualThreadPerTaskExecutor()} on Java 21+). The engine does not shut it down.
     *
     * @throws IllegalArgumentException if the pool runs a task on the thread that submits it (a
     *     direct executor): the engine hands work between threads and needs threads of the pool's
     *     own; {@code Executors.newSingleThreadExecutor()} runs tasks one at a time
     */
    public Builder taskPool(ExecutorService pool) {
      Objects.requireNonNull(pool, "pool");
      Thread caller = Thread.currentThread();
      boolean[] ranHere = {false};
      try {
        pool.execute(() -> ranHere[0] = Thread.currentThread() == caller); // written here only if run inline
      } catch (java.util.concurrent.RejectedExecutionException e) {
        throw new IllegalArgumentException("taskPool refuses work (is it shut down?): " + e, e);
      }
      if (ranHere[0]) {
        throw new IllegalArgumentException(
            "taskPool runs tasks on the thread that submits them (a direct executor): the engine would "
                + "run a whole workflow inside engine.run() and a long chain would overflow its stack. "
                + "Fix: give it a pool with threads of its own, e.g. Executors.newSingleThreadExecutor() "
                + "to run tasks one at a time");
      }
      this.taskPool = pool;
      return this;
    }

    /** Timer for backoffs and timeouts (default: one daemon thread). The engine does not shut it down. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Clock for timestamps in statuses and events (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Folder for command tasks' files and logs, local copies of artifacts ({@code artifacts/}) and
     * the default store ({@code store/}); default: {@code $TMPDIR/sluice}.
     */
    public Builder workDirectory(Path dir) {
      this.workDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * The store for values that leave this JVM (remote attempts' inputs and outputs), artifacts,
     * the task cache and run journals. Default: a filesystem store in {@code
     * <workDirectory>/store}. The engine does not close a store given here.
     */
    public Builder store(ArtifactStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Values whose JSON is larger than this many bytes (default 1 MiB) are written to the store
     * once, as a content-addressed blob, and passed by reference wherever they are stored (remote
     * inputs and outputs, cache entries). 0 offloads every value.
     */
    public Builder largeValueThreshold(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("largeValueThreshold must be >= 0 bytes, got " + bytes);
      }
      this.largeValueThreshold = bytes;
      return this;
    }

    /** Registers an executor under a name tasks refer to with {@code .executor(name)}. */
    public Builder executor(String name, TaskExecutor executor) {
      Objects.requireNonNull(name, "executor name");
      Objects.requireNonNull(executor, "executor '" + name + "'");
      if (executors.putIfAbsent(name, executor) != null) {
        throw new IllegalArgumentException("an executor named '" + name + "' is already registered");
      }
      return this;
    }

    /** The executor for tasks that name none (default: {@code "local"}). */
    public Builder defaultExecutor(String name) {
      this.defaultExecutor = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Runs tasks that name an executor this engine does not have on the executor registered under
     * {@code name} (e.g. {@code "local"}), instead of refusing the run when it starts. For tests
     * and local development, where {@code .executor("k8s")} tasks are mocked or run on threads;
     * leave it unset in production so that a misspelled executor name fails fast.
     */
    public Builder fallbackExecutor(String name) {
      this.fallbackExecutor = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Adds a link to the chain every task attempt passes through before its executor (in the
     * order added). Tests use it to mock tasks; see {@link TaskInterceptor}.
     */
    public Builder interceptor(TaskInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** A listener for every run of this engine. */
    public Builder listener(RunListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Engine build() {
      return new DefaultEngine(
          new DefaultEngine.Config(
              parallelism,
              taskPool,
              scheduler,
              clock,
              workDirectory,
              store,
              largeValueThreshold,
              defaultExecutor,
              fallbackExecutor,
              Map.copyOf(executors),
              List.copyOf(interceptors),
              List.copyOf(listeners),
              runStore == null
                  ? null
                  : new DurabilityConfig(
                      runStore, leaseTtl, adoptOrphans, List.copyOf(workflows),
                      engineId != null ? engineId : DurabilityConfig.newEngineId(), storeRetry),
              secretVariables,
              storeRetry,
              Map.copyOf(rateLimits)));
    }
  }
}
