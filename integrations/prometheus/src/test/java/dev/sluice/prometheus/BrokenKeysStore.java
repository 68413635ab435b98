package dev.sluice.prometheus;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoreUnavailableException;
import dev.sluice.core.spi.StoredObject;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/** A store that answers as the one it wraps, except that every put under {@code broken/} fails as unavailable. */
final class BrokenKeysStore implements ArtifactStore {
  private final ArtifactStore store;

  BrokenKeysStore(ArtifactStore store) {
    this.store = store;
  }

  @Override
  public URI root() {
    return store.root();
  }

  @Override
  public StoredObject put(String key, InputStream data) {
    if (key.startsWith("broken/")) {
      throw new StoreUnavailableException("the test's store refuses " + key, null);
    }
    return store.put(key, data);
  }

  @Override
  public InputStream get(String key) throws ObjectNotFoundException {
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

  @Override
  public void close() {
    store.close();
  }
}
