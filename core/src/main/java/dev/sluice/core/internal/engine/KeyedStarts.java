package dev.sluice.core.internal.engine;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.hash.Hashing;
import com.google.common.util.concurrent.Striped;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.journal.LeaseRefusedException;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.model.WorkflowSpec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotent starts: a run key names one run. The run's id is derived from the workflow's name and
 * the key, so the key is claimed by taking that run's lease in the run store, the same atomic claim
 * that keeps two engines from driving one run (a claim written, then the claims listed: it wins only
 * alone). The winner finds the journal empty and starts the run; everyone else gets the existing
 * run's handle: the live run when this engine drives it, else a {@link StoredRun} over its journal.
 * Without a run store, an engine remembers its last {@value #REMEMBERED} keys.
 */
final class KeyedStarts {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.engine");
  static final int REMEMBERED = 10_000;
  /** Tries when claimants keep colliding (each collision: both back off and try again). */
  private static final int TRIES = 30;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final DefaultEngine engine;
  private final Striped<Lock> locks = Striped.lazyWeakLock(64);
  private final Cache<String, RunHandle<Object>> remembered =
      CacheBuilder.newBuilder().maximumSize(REMEMBERED).build();

  KeyedStarts(DefaultEngine engine) {
    this.engine = engine;
  }

  /**
   * The run id of {@code key} for {@code workflow}: {@code <workflow>-k<13 base32 chars>} of a
   * SHA-256 over both (65 bits: the keys of one workflow do not collide in practice; a collision
   * is detected by the {@code run-key} label and refused).
   */
  static String runId(String workflow, String key) {
    String base = AttemptNames.sanitize(workflow);
    if (base.length() > 21) {
      base = base.substring(0, 21).replaceAll("-+$", "");
    }
    byte[] hash = Hashing.sha256().hashString(workflow + "\n" + key, StandardCharsets.UTF_8).asBytes();
    StringBuilder id = new StringBuilder(base.isEmpty() ? "run" : base).append("-k");
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (hash[i] & 0xff);
    }
    for (int i = 0; i < 13; i++) {
      id.append(BASE32[(int) (bits >>> (i * 5)) & 31]);
    }
    return id.toString();
  }

  /**
   * The run of {@code key}: the existing one, or the one {@code launch} starts under the derived
   * run id when the key is free.
   */
  RunHandle<Object> start(WorkflowSpec spec, String key, Function<String, RunHandle<Object>> launch) {
    String runId = runId(spec.name(), key);
    Lock lock = locks.get(runId);
    lock.lock();
    try {
      Optional<RunHandle<Object>> live = engine.activeRun(runId);
      if (live.isPresent()) {
        log.debug("run key '{}' of workflow '{}': run {} runs in this engine", key, spec.name(), runId);
        return live.get();
      }
      Durability durability = engine.durability;
      if (durability == null) {
        RunHandle<Object> known = remembered.getIfPresent(runId);
        if (known != null) {
          return known;
        }
        RunHandle<Object> started = launch.apply(runId);
        remembered.put(runId, started);
        return started;
      }
      return claim(durability, spec, key, runId, launch);
    } finally {
      lock.unlock();
    }
  }

  private RunHandle<Object> claim(
      Durability durability, WorkflowSpec spec, String key, String runId, Function<String, RunHandle<Object>> launch) {
    for (int tries = 1; ; tries++) {
      Optional<RunHistory> existing;
      try {
        existing = durability.claimKey(runId);
      } catch (LeaseRefusedException refused) {
        if (refused.holder().isPresent()) {
          log.info("run key '{}' of workflow '{}' belongs to run {}, driven by engine '{}'; returning its handle",
              key, spec.name(), runId, refused.holder().get().owner());
          return new StoredRun(durability, runId, spec, Optional.empty());
        }
        if (tries == TRIES) {
          throw refused;
        }
        backOff(tries);
        continue;
      }
      if (existing.isPresent()) {
        String journaledKey = existing.get().start().labels().get(RunOptions.RUN_KEY_LABEL);
        if (!key.equals(journaledKey)) {
          throw new IllegalStateException(
              "run key '" + key + "' of workflow '" + spec.name() + "' maps to run id " + runId + ", which the run"
                  + " store holds for key '" + journaledKey + "' (a hash collision, or a run started with that id"
                  + " by other means); use another key");
        }
        log.info("run key '{}' of workflow '{}' already has run {} ({}); returning its handle", key, spec.name(),
            runId, existing.get().state());
        return new StoredRun(durability, runId, spec, existing);
      }
      try {
        return launch.apply(runId);
      } catch (RuntimeException e) {
        durability.leases.release(runId);
        throw e;
      }
    }
  }

  /** Two claimants saw each other and both withdrew: wait a random while, longer each time. */
  private static void backOff(int tries) {
    try {
      TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(tries, 10)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while claiming a run key", e);
    }
  }
}
