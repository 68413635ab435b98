package dev.sluice.core.spi;

import java.io.InputStream;
import java.net.URI;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A blob store under one root: where task inputs and outputs, content-addressed artifacts, cache
 * entries and run journals live. Keys are relative paths under the root ({@code
 * runs/r-1/nodes/train/1/outputs.json}); see {@link StoreKey} for what a key may contain.
 *
 * <p>Implementations: {@code ArtifactStores.inMemory()} (tests), {@code ArtifactStores.filesystem(Path)}
 * (the embedded default) and the MinIO/S3 store in {@code sluice-storage-minio}. Every implementation passes the
 * same contract test. Implementations are thread-safe; a put is atomic (readers see the old object
 * or the new one, never a torn one).
 *
 * <p>Failures are unchecked {@link StoreException}s: {@link ObjectNotFoundException} for a missing
 * key, {@link StoreUnavailableException} when the backend could not be reached (after the store's
 * own retries), {@link StoreAccessException} for a permanent refusal (credentials, permissions).
 */
public interface ArtifactStore extends AutoCloseable {

  /** The root every key is relative to, e.g. {@code file:///var/sluice/} or {@code s3://ml/sluice/}. */
  URI root();

  /** The absolute URI of a key: {@code file:///…} or {@code s3://bucket/prefix/key}. */
  default URI uri(String key) {
    StoreKey.check(key);
    return URI.create(root() + StoreKey.encodeForUri(key));
  }

  /**
   * Writes {@code data} (of any length, read to its end, not closed) to {@code key}, replacing what
   * was there. The object is not held in memory. Returns what was stored, with its SHA-256.
   */
  StoredObject put(String key, InputStream data);

  /** Writes bytes to {@code key}. */
  default StoredObject put(String key, byte[] data) {
    return put(key, new java.io.ByteArrayInputStream(data));
  }

  /** Opens the object for reading; the caller closes the stream. */
  InputStream get(String key) throws ObjectNotFoundException;

  /** Size, content hash and modification time, or empty if there is no such object. */
  Optional<StoredObject> stat(String key);

  /** Whether an object exists at {@code key}. */
  default boolean exists(String key) {
    return stat(key).isPresent();
  }

  /**
   * One page of the objects whose keys start with {@code prefix} (a plain string prefix, not only a
   * folder), in key order. Pass the previous page's {@link ObjectPage#nextPageToken()} to continue;
   * {@code pageToken} is empty for the first page. Listed objects have size and modification time;
   * their SHA-256 only where the backend lists it cheaply (folder, memory; not S3, whose listings
   * carry no metadata: call {@link #stat} for it).
   */
  ObjectPage list(String prefix, Optional<String> pageToken, int pageSize);

  /** Every object under {@code prefix}, fetched page by page as the stream is consumed. */
  default Stream<StoredObject> listAll(String prefix) {
    Iterator<StoredObject> it =
        new Iterator<>() {
          private ObjectPage page = list(prefix, Optional.empty(), 1000);
          private int next;

          @Override
          public boolean hasNext() {
            while (next >= page.objects().size() && page.nextPageToken().isPresent()) {
              page = list(prefix, page.nextPageToken(), 1000);
              next = 0;
            }
            return next < page.objects().size();
          }

          @Override
          public StoredObject next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return page.objects().get(next++);
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** Deletes the object at {@code key}; returns whether there was one. */
  boolean delete(String key);

  /** Releases connections and threads. The default does nothing. */
  @Override
  default void close() {}
}
