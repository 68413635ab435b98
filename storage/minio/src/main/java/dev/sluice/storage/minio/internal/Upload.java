package dev.sluice.storage.minio.internal;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.io.CountingInputStream;
import dev.sluice.core.spi.StoreAccessException;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoreUnavailableException;
import dev.sluice.core.spi.StoredObject;
import io.minio.ObjectWriteResponse;
import io.minio.messages.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One put from a stream of unknown length, holding at most one part in memory. An object that fits
 * in one part goes up in one request with its SHA-256 as user metadata ({@code x-amz-meta-sha256}).
 * A larger one goes up as a multipart upload whose metadata names the upload ({@code
 * x-amz-meta-sluice-put}); its SHA-256, known only at the end, is written to a small hash record
 * {@code .sluice/sha256/<key>/<put id>} before the upload is completed, so the object is never
 * visible without it and racing writers never share a record. Records of replaced objects stay
 * until the key is deleted (looking back would cost two requests per put).
 *
 * <p>Every request is retried on transient failures: each carries a part held in memory, so it can
 * be sent again. The caller's stream itself is read once; when a part still fails, the upload is
 * aborted and the put fails saying so.
 */
final class Upload {
  private static final Logger log = LoggerFactory.getLogger(Upload.class);
  private static final int MAX_PARTS = 10_000;

  private final MinioArtifactStore store;
  private final S3Client client;
  private final Resilience resilience;
  private final String key;
  private final String object;
  private final long partSize;
  private final Executor background;

  Upload(MinioArtifactStore store, S3Client client, Resilience resilience, String key, long partSize,
      Executor background) {
    this.store = store;
    this.background = background;
    this.client = client;
    this.resilience = resilience;
    this.key = key;
    this.object = store.objectName(key);
    this.partSize = partSize;
  }

  StoredObject run(InputStream data) {
    CountingInputStream counted = new CountingInputStream(data);
    PartBuffer part = new PartBuffer(partSize);
    int first;
    try {
      first = part.fill(counted);
    } catch (IOException e) {
      throw new StoreException("reading the data to put '" + key + "' in " + store + " failed: " + e, e);
    }
    Hasher sha256 = Hashing.sha256().newHasher();
    if (part.ended()) {
      String hash = sha256.putBytes(part.array(), 0, first).hash().toString();
      Instant at = putOne(key, object, part.array(), first, hash, Map.of(MinioArtifactStore.SHA256, hash));
      return new StoredObject(key, first, Optional.of(hash), at);
    }
    return multipart(part, first, sha256, counted);
  }

  /**
   * One PUT of bytes held in memory (so each retry sends them again), with their SHA-256 as the
   * signed payload hash; returns the server's time.
   */
  Instant putOne(String logicalKey, String name, byte[] bytes, int length, String sha256,
      Map<String, String> meta) {
    ImmutableMultimap.Builder<String, String> headers = ImmutableMultimap.builder();
    headers.put("Content-Type", "application/octet-stream");
    meta.forEach((k, v) -> headers.put("x-amz-meta-" + k, v));
    return resilience.call("put '" + logicalKey + "'", () -> client.put(store.bucket(), name,
        ImmutableMultimap.of(), headers.build(), bytes, length, sha256).get()).at();
  }

  private StoredObject multipart(PartBuffer part, int first, Hasher sha256, CountingInputStream counted) {
    String putId = UUID.randomUUID().toString();
    String record = MinioArtifactStore.hashRecord(key, putId);
    String uploadId = null;
    CompletableFuture<String> recorded = null;
    try {
      uploadId = resilience.call("start the upload of '" + key + "'", () ->
          client.createMultipartUploadAsync(store.bucket(), null, object, ImmutableMultimap.of(
              "Content-Type", "application/octet-stream", "x-amz-meta-" + MinioArtifactStore.PUT_ID,
              putId), null).get().result().uploadId());
      List<Part> parts = new ArrayList<>();
      for (int length = first; ; length = part.fill(counted)) {
        byte[] bytes = part.array();
        int n = length;
        // the object's hash grows on another thread while this one hashes the part for its
        // request; after the last part it is whole, and its record goes up while that part does
        CompletableFuture<Hasher> whole =
            CompletableFuture.supplyAsync(() -> sha256.putBytes(bytes, 0, n), background);
        if (part.ended()) {
          recorded = whole.thenApplyAsync(h -> writeRecord(record, h.hash().toString()), background);
        }
        String partHash = client.signsPayload() ? Hashing.sha256().hashBytes(bytes, 0, n).toString() : null;
        parts.add(uploadPart(uploadId, parts.size() + 1, bytes, n, partHash));
        whole.join(); // before the buffer is filled again
        if (part.ended()) {
          break;
        }
        if (parts.size() == MAX_PARTS) {
          throw new StoreException(store + ": put '" + key + "' needs more than " + MAX_PARTS
              + " parts of " + partSize + " bytes. Fix: raise partSize");
        }
      }
      String hash = recorded.join(); // the record exists before the object does
      Instant at = complete(uploadId, putId, parts);
      return new StoredObject(key, counted.getCount(), Optional.of(hash), at);
    } catch (IOException | RuntimeException e) {
      if (uploadId != null) {
        abort(uploadId);
      }
      if (recorded != null) {
        recorded.thenRun(() -> store.deleteQuietly(record));
      }
      throw abandoned(e instanceof CompletionException && e.getCause() instanceof RuntimeException r
          ? r : e, counted.getCount());
    }
  }

  private String writeRecord(String record, String hash) {
    byte[] hex = hash.getBytes(StandardCharsets.US_ASCII);
    putOne(record, store.objectName(record), hex, hex.length, Hashing.sha256().hashBytes(hex).toString(),
        Map.of());
    return hash;
  }

  private Part uploadPart(String uploadId, int number, byte[] bytes, int length, String sha256) {
    return new Part(number, resilience.call("upload part " + number + " of '" + key + "'", () ->
        client.put(store.bucket(), object, S3Client.part(uploadId, number), ImmutableMultimap.of(),
            bytes, length, sha256).get()).etag());
  }

  /** Completes; a retry that finds the upload gone checks whether the first try made the object. */
  private Instant complete(String uploadId, String putId, List<Part> parts) {
    ObjectWriteResponse done = resilience.call("complete the upload of '" + key + "'", () -> {
      try {
        return client.completeMultipartUploadAsync(store.bucket(), null, object, uploadId,
            parts.toArray(new Part[0]), null, null).get();
      } catch (ExecutionException e) {
        if (S3Failure.of("", e).kind() == S3Failure.Kind.NO_UPLOAD
            && store.putIdOf(key).filter(putId::equals).isPresent()) {
          return null; // an earlier attempt completed it; its answer was lost
        }
        throw e;
      }
    });
    Date date = done != null ? done.headers().getDate("Date") : null;
    return date != null ? date.toInstant() : Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  private void abort(String uploadId) {
    try {
      client.abortMultipartUploadAsync(store.bucket(), null, object, uploadId, null, null).get();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("{}: could not abort the unfinished upload {} of '{}' ({}); the server keeps its parts"
          + " until it is aborted or expires", store, uploadId, key, S3Failure.of("abort", e).reason());
    }
  }

  private StoreException abandoned(Exception e, long read) {
    String what = store + ": put '" + key + "' abandoned after " + read + " bytes were read from the"
        + " caller's stream";
    if (e instanceof IOException) {
      return new StoreException(what + ": reading the stream failed: " + e, e);
    }
    if (e instanceof StoreAccessException access) {
      return access;
    }
    String why = ": " + e.getMessage() + ". The stream cannot be read again, so the put cannot go on;"
        + " the partial upload was aborted. Put again with a fresh stream";
    return e instanceof StoreUnavailableException
        ? new StoreUnavailableException(what + why, e)
        : new StoreException(what + why, e);
  }
}
