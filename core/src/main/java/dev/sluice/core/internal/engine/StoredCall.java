package dev.sluice.core.internal.engine;

import dev.sluice.core.log.RunMdc;
import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.cache.CacheEntry;
import dev.sluice.core.internal.cache.CacheHit;
import dev.sluice.core.internal.cache.CacheKeys;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.TaskSpec;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task call whose output goes through the store. With a cache policy: the call's key is computed
 * and its entry looked up first; a usable entry ends the node CACHED without running anything
 * (with {@link CachePolicy#serialized()}, an identical call already running in this engine is
 * waited for instead). Otherwise the {@link TaskRun} runs, and after it succeeds the output's
 * artifacts are uploaded and, for a cached task, the entry written, before the owner hears of it.
 * Store work runs on the task pool, never on the thread that completed the attempt.
 */
final class StoredCall implements TaskCall, TaskRun.Owner {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.cache");

  private final Run run;
  private final TaskRun.Owner owner;
  private final int slot;
  private final NodeRecord record;
  private final TaskSpec task;
  /** The attempt loop, reporting to this call; started only on a miss. */
  private final TaskRun call;
  private final CachePolicy policy;
  private final AtomicBoolean reported = new AtomicBoolean();
  /** Whether this call leads identical calls that wait for it (serialized policies). */
  private final AtomicBoolean leading = new AtomicBoolean();
  private volatile boolean started;
  private volatile NodeError cancelled;
  /** Set by the lookup, read after it (through the pool's or {@link #leading}'s happens-before). */
  private String key;
  private String entryKey;

  StoredCall(Run run, TaskRun.Owner owner, int slot, NodeRecord record, TaskSpec task, Object[] args) {
    this.run = run;
    this.owner = owner;
    this.slot = slot;
    this.record = record;
    this.task = task;
    this.call = new TaskRun(run, this, slot, record, task, args);
    this.policy = task.cache();
  }

  @Override
  public void start() {
    if (!policy.enabled()) {
      runTask();
    } else if (record.moveTo(NodeState.QUEUED, 0)) {
      run.engine.taskPool.execute(this::lookup);
    } else {
      report(null, null, run.stopReason());
    }
  }

  private void lookup() {
    RunMdc.Scope mdc = RunMdc.bind(run.runId, run.workflowName, record.path, 0);
    try {
      lookupNow();
    } finally {
      mdc.close();
    }
  }

  private void lookupNow() {
    try {
      if (key == null) {
        key = CacheKeys.key(run.engine.codec, task, call.inputs());
        entryKey = CacheEntry.storeKey(task.name(), policy.keyVersion(), key);
      }
      if (policy.serialized()) {
        CompletableFuture<CacheHit> leader = run.engine.inFlight.join(entryKey);
        if (leader != null) {
          leader.whenComplete((hit, e) -> afterLeader(hit));
          return;
        }
        leading.set(true);
      }
      Optional<CacheHit> hit = Optional.empty();
      try {
        hit = run.engine.cache.lookup(task, key, run.clock.instant(), this::keyParts);
      } catch (RuntimeException e) {
        log.warn("task '{}': the cache lookup failed; running the task: {}", task.name(), e.toString());
      }
      if (hit.isPresent()) {
        served(hit.get());
      } else {
        runTask();
      }
    } catch (RuntimeException e) {
      release(null);
      report(null, e, null);
    }
  }

  /** The identical call this one waited for ended: take its entry, or look again if it has none. */
  /** What the key is made of, to explain a miss later. */
  private CacheKeys.Parts keyParts() {
    return CacheKeys.parts(run.engine.codec, task, call.inputs());
  }

  private void afterLeader(CacheHit hit) {
    if (hit != null) {
      served(hit);
    } else {
      run.engine.taskPool.execute(this::lookup);
    }
  }

  private void served(CacheHit hit) {
    release(hit);
    record.cacheEntry = hit.entrySupplier();
    if (reported.compareAndSet(false, true)) {
      owner.taskCached(slot, hit.value());
    }
  }

  private void runTask() {
    started = true;
    NodeError why = cancelled;
    if (why != null) {
      call.cancel(why);
    } else {
      call.start();
    }
  }

  @Override
  public void cancel(NodeError why) {
    cancelled = why;
    if (started) {
      call.cancel(why);
    }
    report(null, null, why); // unless already reported: the task may have ended, its output being stored
  }

  @Override
  public void taskDone(int slot, Object value, Throwable failure, NodeError stopped) {
    if (failure != null || stopped != null) {
      release(null);
      report(null, failure, stopped);
      return;
    }
    run.engine.taskPool.execute(() -> storeOutput(value));
  }

  /**
   * Uploads the output's artifacts and writes the cache entry, through the engine's store retries;
   * a store that stays down is logged, not fatal: the node succeeds with its output, uncached.
   */
  private void storeOutput(Object value) {
    RunMdc.Scope mdc = RunMdc.bind(run.runId, run.workflowName, record.path, record.attempts);
    try {
      storeOutputNow(value);
    } finally {
      mdc.close();
    }
  }

  private void storeOutputNow(Object value) {
    boolean cached = policy.enabled();
    // in a journaled run the journal's encoding uploads the artifacts: no need to do it twice
    if (!cached && (run.journaling != null || !run.engine.artifactTypes.mayHold(task.output(), value))) {
      report(value, null, null);
      return;
    }
    String what = (cached ? "write the cache entry of node '" : "upload the artifacts of node '") + record.path
        + "' of run " + run.runId;
    run.engine.storeWork.async(what, () -> {
      if (cached) {
        CacheEntry entry =
            run.engine.cache.write(task, key, keyParts(), value, run.runId, record.path, run.clock.instant());
        return new CacheHit(entry, value);
      }
      try {
        run.engine.codec.uploadArtifacts(run.engine.store(), value);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return null;
    }).whenComplete((hit, failure) -> {
      if (failure != null) {
        log.warn("task '{}' at node {} succeeded but its output was not {}: {}",
            task.name(), record.path, cached ? "cached" : "uploaded to the store", failure.getMessage());
      }
      release(hit);
      report(value, null, null);
    });
  }

  /** Lets the calls waiting for this one go on (a leader only; once). */
  private void release(CacheHit hit) {
    if (leading.compareAndSet(true, false)) {
      run.engine.inFlight.finish(entryKey, hit);
    }
  }

  private void report(Object value, Throwable failure, NodeError stopped) {
    if (reported.compareAndSet(false, true)) {
      owner.taskDone(slot, value, failure, stopped);
    }
  }
}
