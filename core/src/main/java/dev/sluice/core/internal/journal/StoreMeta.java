package dev.sluice.core.internal.journal;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** {@link MetaStore} objects in an artifact store (S3/MinIO, memory): one atomic put each. */
record StoreMeta(ArtifactStore store) implements MetaStore {
  private static final byte[] EMPTY = new byte[0];

  @Override
  public Optional<byte[]> read(String key) {
    try (InputStream in = store.get(key)) {
      return Optional.of(in.readAllBytes());
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("reading " + store.uri(key) + " failed: " + e, e);
    }
  }

  @Override
  public void write(String key, byte[] data) {
    store.put(key, data);
  }

  /** Not possible in an object store: callers ask {@link #canCreateAlone} first and take the general way. */
  @Override
  public boolean createAlone(String folder, String name, byte[] data) {
    return false;
  }

  @Override
  public boolean canCreateAlone() {
    return false;
  }

  @Override
  public void touch(String key) {
    store.put(key, EMPTY);
  }

  @Override
  public boolean exists(String key) {
    return store.exists(key);
  }

  @Override
  public boolean delete(String key) {
    return store.delete(key);
  }

  @Override
  public void deleteWithFolder(String key) {
    store.delete(key); // an artifact store has no empty folders (the filesystem one removes them)
  }

  @Override
  public List<String> names(String folder) {
    return store.listAll(folder).map(o -> o.key().substring(folder.length())).toList();
  }

  @Override
  public KeyPage keys(String folder, Optional<String> token, int limit) {
    ObjectPage page = store.list(folder, token, limit);
    return new KeyPage(page.objects().stream().map(StoredObject::key).toList(), page.nextPageToken());
  }

  @Override
  public String where(String key) {
    return store.uri(key).toString();
  }
}
