package dev.sluice.core.engine;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoreUnavailableException;
import dev.sluice.core.spi.StoredObject;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real store that fails chosen calls: the next {@code times} calls of one kind on keys matching a
 * predicate throw {@link StoreUnavailableException}, the way the MinIO store reports a server that
 * is down once its own retries are spent ("… circuit breaker open").
 */
final class FaultyStore implements ArtifactStore {
  enum Op { PUT, GET, STAT, LIST, DELETE }

  private final ArtifactStore store;
  private volatile Op op;
  private volatile Predicate<String> keys = k -> false;
  private final AtomicInteger left = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();

  FaultyStore(ArtifactStore store) {
    this.store = store;
  }

  /** The next {@code times} calls {@code op} on a key matching {@code keys} fail. */
  FaultyStore fail(Op op, Predicate<String> keys, int times) {
    this.op = op;
    this.keys = keys;
    left.set(times);
    return this;
  }

  /** Every later call {@code op} on a key matching {@code keys} fails. */
  FaultyStore failAlways(Op op, Predicate<String> keys) {
    return fail(op, keys, Integer.MAX_VALUE);
  }

  /** How many calls failed on purpose. */
  int injected() {
    return injected.get();
  }

  private void maybeFail(Op called, String key) {
    if (called == op && keys.test(key) && left.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0) {
      injected.incrementAndGet();
      throw new StoreUnavailableException(
          "test store: did not " + called.name().toLowerCase() + " '" + key + "': the server failed repeatedly,"
              + " so calls are paused (circuit breaker open); try again later", null);
    }
  }

  @Override
  public URI root() {
    return store.root();
  }

  @Override
  public StoredObject put(String key, InputStream data) {
    maybeFail(Op.PUT, key);
    return store.put(key, data);
  }

  @Override
  public InputStream get(String key) {
    maybeFail(Op.GET, key);
    return store.get(key);
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    maybeFail(Op.STAT, key);
    return store.stat(key);
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) {
    maybeFail(Op.LIST, prefix);
    return store.list(prefix, pageToken, pageSize);
  }

  @Override
  public boolean delete(String key) {
    maybeFail(Op.DELETE, key);
    return store.delete(key);
  }
}
