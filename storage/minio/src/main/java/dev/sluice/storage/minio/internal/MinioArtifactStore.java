package dev.sluice.storage.minio.internal;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoreAccessException;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoreKey;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.storage.minio.MinioStoreConfig;
import dev.sluice.storage.minio.MinioStores;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ArtifactStore} in an S3 bucket under a root prefix, through the MinIO Java SDK. Puts
 * stream (see {@link Upload}), gets stream, every call goes through {@link Resilience}. The store
 * keeps its hash records under {@code <root>/.sluice/}; otherwise it is layout-agnostic.
 */
public final class MinioArtifactStore implements ArtifactStore {
  private static final Logger log = LoggerFactory.getLogger(MinioArtifactStore.class);
  static final String SHA256 = "sha256";
  static final String PUT_ID = "sluice-put";
  private static final AtomicInteger STORES = new AtomicInteger();

  private final MinioStoreConfig config;
  private final S3Client client;
  private final Resilience resilience;
  private final Listing listing;
  private final ExecutorService background;
  private final URI root;
  private final String where;
  private volatile boolean bucketChecked;

  public MinioArtifactStore(MinioStoreConfig config) {
    this.config = config;
    this.root = config.rootUri();
    this.where = "S3 store " + root + " at " + config.endpoint();
    this.client = S3Client.create(config);
    this.resilience = new Resilience(config, where);
    this.listing = new Listing(this, client, resilience);
    String threads = "sluice-s3-" + STORES.incrementAndGet();
    this.background = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, threads);
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public URI root() {
    return root;
  }

  String bucket() {
    return config.bucket();
  }

  String objectName(String key) {
    return config.rootPrefix() + key;
  }

  static String hashRecord(String key, String putId) {
    return StoreKey.RESERVED + "/sha256/" + key + "/" + putId;
  }

  @Override
  public StoredObject put(String key, InputStream data) {
    StoreKey.check(key);
    ensureBucket();
    return new Upload(this, client, resilience, key, config.partSize(), background).run(data);
  }

  @Override
  public InputStream get(String key) {
    StoreKey.check(key);
    ensureBucket();
    return open(key);
  }

  private InputStream open(String key) {
    return new ObjectStream(resilience.call("get '" + key + "'", () -> client.getObject(
        GetObjectArgs.builder().bucket(bucket()).object(objectName(key)).build()).get()), where, key);
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    StoreKey.check(key);
    ensureBucket();
    return head(key).map(head -> new StoredObject(key, head.size(), sha256(key, head),
        modified(head.lastModified())));
  }

  /**
   * An object's time as the store reports it, in whole seconds everywhere: {@code stat} reads it
   * from HEAD's {@code Last-Modified} header (RFC 9110 dates have seconds only), while S3 and MinIO
   * list it with milliseconds; a listed object and its stat must agree.
   */
  static Instant modified(ZonedDateTime serverTime) {
    return serverTime.toInstant().truncatedTo(ChronoUnit.SECONDS);
  }

  private Optional<StatObjectResponse> head(String key) {
    try {
      return Optional.of(resilience.call("stat '" + key + "'", () -> client.statObject(
          StatObjectArgs.builder().bucket(bucket()).object(objectName(key)).build()).get()));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The SHA-256 from the metadata, or from the hash record a multipart put left. */
  private Optional<String> sha256(String key, StatObjectResponse head) {
    String inline = head.userMetadata().get(SHA256);
    if (inline != null) {
      return Optional.of(inline);
    }
    String putId = head.userMetadata().get(PUT_ID);
    if (putId == null) {
      return Optional.empty(); // written by another tool
    }
    String record = hashRecord(key, putId);
    try (InputStream in = open(record)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (ObjectNotFoundException e) {
      log.warn("{}: '{}' names hash record '{}', which is gone; its SHA-256 is unknown", where, key,
          record);
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException(where + ": reading hash record '" + record + "' failed: " + e, e);
    }
  }

  /** The put id of the object at {@code key} if it came from a multipart put. */
  Optional<String> putIdOf(String key) {
    return head(key).map(h -> h.userMetadata().get(PUT_ID));
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) {
    StoreKey.checkPrefix(prefix);
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
    ensureBucket();
    return listing.page(prefix, pageToken, pageSize);
  }

  @Override
  public boolean delete(String key) {
    StoreKey.check(key);
    ensureBucket();
    Optional<StatObjectResponse> head = head(key);
    if (head.isEmpty()) {
      return false;
    }
    remove(key);
    // the records of this object and of large objects it replaced (puts do not look back)
    listing.hashRecords(key).forEach(this::deleteQuietly);
    return true;
  }

  private void remove(String key) {
    resilience.call("delete '" + key + "'", () -> client.removeObject(
        RemoveObjectArgs.builder().bucket(bucket()).object(objectName(key)).build()).get());
  }

  /** Deletes a record of the store's own; a failure only leaves a small stray object. */
  void deleteQuietly(String key) {
    try {
      remove(key);
    } catch (StoreException e) {
      log.warn("{}: could not delete '{}' ({}); it is left behind", where, key, e.getMessage());
    }
  }

  /** Checks (once per store) that the bucket exists, creating it if allowed. */
  private void ensureBucket() {
    if (bucketChecked) {
      return;
    }
    synchronized (this) {
      if (bucketChecked) {
        return;
      }
      String bucket = "bucket '" + bucket() + "'";
      boolean exists = resilience.call("check " + bucket, () ->
          client.bucketExists(BucketExistsArgs.builder().bucket(bucket()).build()).get());
      if (!exists && !config.createBucket()) {
        throw new StoreAccessException(where + ": " + bucket + " does not exist. Fix: create it, or"
            + " let the store create it (createBucket(true) or " + MinioStores.CREATE_BUCKET_VARIABLE
            + "=true)", null);
      }
      if (!exists) {
        createBucket(bucket);
      }
      bucketChecked = true;
    }
  }

  private void createBucket(String bucket) {
    try {
      resilience.call("create " + bucket, () -> client.makeBucket(
          MakeBucketArgs.builder().bucket(bucket()).build()).get());
      log.info("{}: created {}", where, bucket);
    } catch (StoreAccessException e) {
      throw new StoreAccessException(where + ": " + bucket + " does not exist and creating it was"
          + " refused (" + e.getMessage() + "). Fix: create the bucket, or give this user the right"
          + " to (s3:CreateBucket)", e);
    } catch (StoreException e) {
      if (!String.valueOf(e.getMessage()).contains("BucketAlreadyOwnedByYou")) {
        throw e;
      }
    }
  }

  @Override
  public void close() {
    background.shutdownNow();
    client.close();
  }

  @Override
  public String toString() {
    return where;
  }
}
