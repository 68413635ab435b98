package dev.sluice.micrometer.internal;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoredObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A store whose operations are timed ({@code sluice.store.operation}, by operation and outcome)
 * and whose bytes are counted ({@code sluice.store.bytes}, by direction and area: the first
 * segment of the key, {@code cache}, {@code blobs}, {@code runs}, {@code journal}, {@code
 * triggers} or {@code other}). A get's bytes are counted as they are read.
 */
public final class MeteredArtifactStore implements ArtifactStore {
  private static final Set<String> AREAS = Set.of("cache", "blobs", "runs", "journal", "triggers", "metrics");

  private final ArtifactStore store;
  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, Counter> bytes = new ConcurrentHashMap<>();

  public MeteredArtifactStore(ArtifactStore store, MeterRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  @Override
  public URI root() {
    return store.root();
  }

  @Override
  public URI uri(String key) {
    return store.uri(key);
  }

  @Override
  public StoredObject put(String key, InputStream data) {
    StoredObject stored = timed("put", () -> store.put(key, data));
    bytes("write", key).increment(stored.size());
    return stored;
  }

  @Override
  public StoredObject put(String key, byte[] data) {
    StoredObject stored = timed("put", () -> store.put(key, data));
    bytes("write", key).increment(data.length);
    return stored;
  }

  @Override
  public InputStream get(String key) throws ObjectNotFoundException {
    InputStream in = timed("get", () -> store.get(key));
    Counter read = bytes("read", key);
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          read.increment();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          read.increment(n);
        }
        return n;
      }
    };
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    return timed("stat", () -> store.stat(key));
  }

  @Override
  public boolean exists(String key) {
    return timed("stat", () -> store.exists(key));
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) {
    return timed("list", () -> store.list(prefix, pageToken, pageSize));
  }

  @Override
  public boolean delete(String key) {
    return timed("delete", () -> store.delete(key));
  }

  @Override
  public void close() {
    store.close();
  }

  @Override
  public String toString() {
    return "metered " + store;
  }

  /**
   * Runs {@code call}, timing it as a success, or as a failure when it throws; a get of a missing
   * object is a failure too (it is answered, but callers count on it rarely).
   */
  private <T> T timed(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    String outcome = "failure";
    try {
      T value = call.get();
      outcome = "success";
      return value;
    } catch (ObjectNotFoundException e) {
      outcome = "not_found";
      throw e;
    } finally {
      timer(operation, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(String operation, String outcome) {
    return timers.computeIfAbsent(operation + '/' + outcome, k ->
        Timer.builder("sluice.store.operation").description("Artifact store operations, by outcome")
            .tag("operation", operation).tag("outcome", outcome)
            .publishPercentileHistogram()
            .minimumExpectedValue(java.time.Duration.ofNanos(100_000))
            .maximumExpectedValue(java.time.Duration.ofMinutes(1))
            .register(registry));
  }

  private Counter bytes(String direction, String key) {
    int slash = key.indexOf('/');
    String first = slash < 0 ? key : key.substring(0, slash);
    String area = AREAS.contains(first) ? first : "other";
    return bytes.computeIfAbsent(direction + '/' + area, k ->
        Counter.builder("sluice.store.bytes").description("Bytes written to and read from the store, by area")
            .baseUnit("bytes").tag("direction", direction).tag("area", area).register(registry));
  }
}
