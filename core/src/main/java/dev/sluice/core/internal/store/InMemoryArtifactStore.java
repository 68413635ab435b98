package dev.sluice.core.internal.store;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoreKey;
import dev.sluice.core.spi.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/** An {@link ArtifactStore} in the heap, for tests: sorted map of immutable byte arrays. */
public final class InMemoryArtifactStore implements ArtifactStore {
  private record Entry(byte[] bytes, StoredObject info) {}

  private final ConcurrentSkipListMap<String, Entry> objects = new ConcurrentSkipListMap<>();
  /**
   * The host starts with a letter: a host starting with a digit makes {@link URI}'s parser try
   * (and fail, by an exception it catches) an IPv4 address on every {@link #uri} call.
   */
  private final URI root = URI.create("mem://store-" + UUID.randomUUID() + "/");
  private final Clock clock = Clock.systemUTC();

  @Override
  public URI root() {
    return root;
  }

  @Override
  public StoredObject put(String key, InputStream data) {
    StoreKey.check(key);
    Sha256 hashed = new Sha256(data);
    byte[] bytes;
    try {
      bytes = hashed.readAllBytes();
    } catch (IOException e) {
      throw new StoreException("reading the data for " + uri(key) + " failed: " + e.getMessage(), e);
    }
    StoredObject info =
        new StoredObject(key, bytes.length, Optional.of(hashed.hex()), clock.instant());
    objects.put(key, new Entry(bytes, info));
    return info;
  }

  @Override
  public InputStream get(String key) {
    Entry e = objects.get(StoreKey.check(key));
    if (e == null) {
      throw new ObjectNotFoundException("no object at " + uri(key));
    }
    return new ByteArrayInputStream(e.bytes());
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    return Optional.ofNullable(objects.get(StoreKey.check(key))).map(Entry::info);
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) {
    StoreKey.checkPrefix(prefix);
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
    Map<String, Entry> tail =
        pageToken.isPresent() ? objects.tailMap(pageToken.get(), false) : objects.tailMap(prefix);
    List<StoredObject> page = new ArrayList<>(Math.min(pageSize, 64));
    for (Map.Entry<String, Entry> e : tail.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      if (page.size() == pageSize) {
        return new ObjectPage(page, Optional.of(page.get(page.size() - 1).key()));
      }
      page.add(e.getValue().info());
    }
    return new ObjectPage(page, Optional.empty());
  }

  @Override
  public boolean delete(String key) {
    return objects.remove(StoreKey.check(key)) != null;
  }

  @Override
  public String toString() {
    return "in-memory store " + root + " (" + objects.size() + " objects)";
  }
}
