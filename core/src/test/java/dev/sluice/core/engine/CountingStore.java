package dev.sluice.core.engine;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoredObject;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A real store that counts the puts made to each key, to prove what was uploaded how often. */
final class CountingStore implements ArtifactStore {
  private final ArtifactStore store;
  private final Map<String, AtomicInteger> puts = new ConcurrentHashMap<>();

  CountingStore(ArtifactStore store) {
    this.store = store;
  }

  int puts(String key) {
    AtomicInteger n = puts.get(key);
    return n == null ? 0 : n.get();
  }

  /** Keys of the objects under {@code prefix}, sorted. */
  List<String> keys(String prefix) {
    try (var objects = store.listAll(prefix)) {
      return objects.map(StoredObject::key).sorted().toList();
    }
  }

  @Override
  public URI root() {
    return store.root();
  }

  @Override
  public StoredObject put(String key, InputStream data) {
    puts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    return store.put(key, data);
  }

  @Override
  public InputStream get(String key) {
    return store.get(key);
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    return store.stat(key);
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) {
    return store.list(prefix, pageToken, pageSize);
  }

  @Override
  public boolean delete(String key) {
    return store.delete(key);
  }
}
