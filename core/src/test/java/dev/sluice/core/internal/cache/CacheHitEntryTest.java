package dev.sluice.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.cache.CacheEntry;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A hit's entry is made when asked for, not on every lookup: its URI is parsed from text, which
 * cost as much as a sixth of a 1 KB hit. What a lookup checks is unchanged.
 */
class CacheHitEntryTest {
  private static final Instant NOW = Instant.parse("2030-05-01T10:15:30Z");
  private final ValueCodec codec = ValueCodec.standard();
  private final AtomicInteger uris = new AtomicInteger();
  private final ArtifactStore store = countingUris(uris);
  private final CacheStore cache = new CacheStore(store, codec);

  private static TaskSpec task(CachePolicy policy) {
    return TaskSpec.builder("fit").input("data", Long.class).output(Long.class).cache(policy)
        .jvm((a, c) -> (Long) a[0] + 1).build();
  }

  /** Regression: every lookup parsed the entry's URI (a {@code URI} from text), though serving the hit never needs it. */
  @Test
  void aLookupParsesNoUriUntilItsEntryIsAskedFor() {
    TaskSpec fit = task(CachePolicy.version("1"));
    String key = CacheKeys.key(codec, fit, new Object[] {1L});
    CacheEntry written = cache.write(fit, key, 2L, "run-1", "fit", NOW);
    int before = uris.get();

    CacheHit hit = cache.lookup(fit, key, NOW).orElseThrow();

    assertThat(hit.value()).isEqualTo(2L);
    assertThat(uris.get()).isEqualTo(before);
    assertThat(hit.entry()).isEqualTo(written).isEqualTo(cache.entries("fit").get(0));
    assertThat(hit.entry().uri()).isEqualTo(store.uri(written.storeKey()));
    int once = uris.get();
    assertThat(hit.entry()).isSameAs(hit.entry()); // made once
    assertThat(uris.get()).isEqualTo(once);
  }

  /** What a lookup checked before the entry was made lazily it still checks: times, expiry, output. */
  @Test
  void anEntryWithABadTimeOrExpiredOrUnreadableIsStillAMiss() throws IOException {
    TaskSpec fit = task(CachePolicy.version("1"));
    String key = CacheKeys.key(codec, fit, new Object[] {1L});
    String entryKey = CacheEntry.storeKey("fit", "1", key);
    cache.write(fit, key, 2L, "run-1", "fit", NOW);
    String good;
    try (InputStream in = store.get(entryKey)) {
      good = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    store.put(entryKey, good.replace(NOW.toString(), "not a time").getBytes(StandardCharsets.UTF_8));
    assertThat(cache.lookup(fit, key, NOW)).isEmpty();

    store.put(entryKey, good.replace("\"output\":2", "\"output\":\"two\"").getBytes(StandardCharsets.UTF_8));
    assertThat(cache.lookup(fit, key, NOW)).isEmpty();

    store.put(entryKey, good.getBytes(StandardCharsets.UTF_8));
    TaskSpec expiring = task(CachePolicy.builder().version("1").expireAfter(Duration.ofHours(1)).build());
    assertThat(cache.lookup(expiring, key, NOW.plus(Duration.ofMinutes(59)))).isPresent();
    assertThat(cache.lookup(expiring, key, NOW.plus(Duration.ofHours(1)))).isEmpty();
  }

  /** A real in-memory store that counts the URIs asked of it. */
  private static ArtifactStore countingUris(AtomicInteger uris) {
    ArtifactStore real = ArtifactStores.inMemory();
    return (ArtifactStore) Proxy.newProxyInstance(ArtifactStore.class.getClassLoader(),
        new Class<?>[] {ArtifactStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("uri")) {
            uris.incrementAndGet();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
