package dev.sluice.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.store.ArtifactStores;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A cache miss that has no other explanation says which part of the key changed. */
class CacheMissTest {
  private static final Instant NOW = Instant.parse("2030-05-01T10:15:30Z");
  private final ValueCodec codec = ValueCodec.standard();
  private final CacheStore cache = new CacheStore(ArtifactStores.inMemory());

  private static TaskSpec task(String version, int plus) {
    return TaskSpec.builder("fit").input("data", Long.class).input("seed", Long.class).output(Long.class)
        .cache(CachePolicy.version(version)).jvm((a, c) -> (Long) a[0] + plus).build();
  }

  private void store(TaskSpec task, Object... args) {
    cache.write(task, CacheKeys.key(codec, task, args), CacheKeys.parts(codec, task, args), 1L, "run-1", "fit", NOW);
  }

  /**
   * Regression: a miss was silent (no entry: no log line), so a cache that stopped hitting could
   * not be explained. The entry now records its key's parts, and a miss names what changed.
   */
  @Test
  void anUnexplainedCacheMissSaysWhichInputChanged() {
    TaskSpec fit = task("1", 0);
    assertThat(cache.whyMissed(CacheKeys.parts(codec, fit, new Object[] {1L, 2L})))
        .isEqualTo("the store has no entry of task 'fit'");

    store(fit, 1L, 2L);
    CacheKeys.Parts before = CacheKeys.parts(codec, fit, new Object[] {1L, 2L});
    CacheKeys.Parts after = CacheKeys.parts(codec, fit, new Object[] {1L, 3L});
    assertThat(after.inputs().get("data")).isEqualTo(before.inputs().get("data"));
    assertThat(cache.lookup(fit, CacheKeys.key(codec, fit, new Object[] {1L, 3L}), NOW, () -> after)).isEmpty();
    assertThat(cache.whyMissed(after))
        .isEqualTo("input 'seed' changed (" + before.inputs().get("seed") + " -> " + after.inputs().get("seed")
            + "), against the newest entry (run run-1, node fit, created 2030-05-01T10:15:30Z)");
    assertThat(after.toString())
        .isEqualTo("task fit, version 1, body " + fit.body().id().code() + ", inputs " + after.inputs());

    TaskSpec otherBody = task("1", 7);
    assertThat(cache.whyMissed(CacheKeys.parts(codec, otherBody, new Object[] {1L, 2L})))
        .startsWith("the body changed (" + fit.body().id().code() + " -> " + otherBody.body().id().code() + ")");

    assertThat(cache.whyMissed(CacheKeys.parts(codec, task("2", 0), new Object[] {1L, 2L})))
        .isEqualTo("no entry of cache version 2; the task has entries of versions [1]");
  }
}
