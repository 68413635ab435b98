package dev.sluice.core.internal.store;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoredObject;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store made when it is first used: the engine's own filesystem store, which an in-memory run
 * never touches, then costs neither its folder, nor the probe of the file system, nor their class
 * loading when the engine starts. Closing a store that was never made does nothing.
 */
public final class LazyArtifactStore implements ArtifactStore {
  private final Supplier<ArtifactStore> factory;
  private volatile ArtifactStore store;

  public LazyArtifactStore(Supplier<ArtifactStore> factory) {
    this.factory = factory;
  }

  private ArtifactStore store() {
    ArtifactStore s = store;
    if (s == null) {
      synchronized (this) {
        s = store;
        if (s == null) {
          s = factory.get();
          store = s;
        }
      }
    }
    return s;
  }

  @Override
  public URI root() {
    return store().root();
  }

  @Override
  public URI uri(String key) {
    return store().uri(key);
  }

  @Override
  public StoredObject put(String key, InputStream data) {
    return store().put(key, data);
  }

  @Override
  public StoredObject put(String key, byte[] data) {
    return store().put(key, data);
  }

  @Override
  public InputStream get(String key) throws ObjectNotFoundException {
    return store().get(key);
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    return store().stat(key);
  }

  @Override
  public boolean exists(String key) {
    return store().exists(key);
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) {
    return store().list(prefix, pageToken, pageSize);
  }

  @Override
  public java.util.stream.Stream<StoredObject> listAll(String prefix) {
    return store().listAll(prefix);
  }

  @Override
  public boolean delete(String key) {
    return store().delete(key);
  }

  @Override
  public void close() {
    ArtifactStore s;
    synchronized (this) {
      s = store;
    }
    if (s != null) {
      s.close();
    }
  }

  @Override
  public String toString() {
    ArtifactStore s = store;
    return s != null ? s.toString() : "LazyArtifactStore[not made yet]";
  }
}
