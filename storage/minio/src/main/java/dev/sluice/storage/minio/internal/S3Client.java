package dev.sluice.storage.minio.internal;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import dev.sluice.storage.minio.MinioStoreConfig;
import dev.sluice.storage.minio.S3Credentials;
import io.minio.ListObjectsV2Response;
import io.minio.MinioAsyncClient;
import io.minio.credentials.Credentials;
import io.minio.credentials.StaticProvider;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InternalException;
import io.minio.http.Method;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The MinIO SDK's async client, plus what the store needs beyond its public calls: one page of a
 * listing as S3 returns it (the public listing is an iterator that fetches pages on its own), and
 * PUTs of an array whose SHA-256 the store computed itself.
 *
 * <p>Why the latter: for an array body the SDK computes a SHA-256 (signed payload, over HTTP) and an
 * MD5 (Content-MD5) of its own; for a stream body it copies the bytes into a second buffer. The store
 * hashes every byte anyway (the object's SHA-256), so {@link #put} hands the SDK the payload hash
 * and sends the array as it is: one pass over a single-part object instead of three, no second
 * buffer. The SDK still builds, signs and sends the request; this class only swaps in the payload
 * (through its protected {@code createRequest}, which it documents for subclasses).
 */
final class S3Client extends MinioAsyncClient {
  /** The payload of the PUT this thread is building, recognized by array identity. */
  private record Payload(byte[] bytes, int length, String sha256) {}

  private final ThreadLocal<Payload> payload = new ThreadLocal<>();
  private final OkHttpClient http;

  private S3Client(MinioAsyncClient client, OkHttpClient http) {
    super(client);
    this.http = http;
  }

  static S3Client create(MinioStoreConfig config) {
    OkHttpClient http = HttpClients.create(config);
    S3Credentials keys = config.credentials();
    MinioAsyncClient.Builder builder = MinioAsyncClient.builder()
        .endpoint(config.endpoint().toString())
        .credentialsProvider(new StaticProvider(
            keys.accessKey(), keys.secretKey(), keys.sessionToken().orElse(null)))
        .httpClient(http);
    config.region().ifPresent(builder::region);
    return new S3Client(builder.build(), http);
  }

  /** Whether requests are signed with a payload hash (plain HTTP); over HTTPS they say UNSIGNED-PAYLOAD. */
  boolean signsPayload() {
    return !baseUrl.isHttps();
  }

  /** One ListObjectsV2 request: keys after {@code startAfter} under {@code prefix}, in key order. */
  CompletableFuture<ListObjectsV2Response> listPage(
      String bucket, String prefix, String startAfter, int maxKeys) throws Exception {
    return listObjectsV2Async(bucket, null, null, "url", startAfter, maxKeys, prefix, null, false,
        false, null, null);
  }

  /**
   * PUTs {@code length} bytes of {@code bytes} (an object, or with {@code query} a part of a
   * multipart upload); {@code sha256} is their hex SHA-256, needed only if {@link #signsPayload()}.
   * Returns the ETag and the server's time.
   */
  CompletableFuture<Sent> put(String bucket, String object, Multimap<String, String> query,
      Multimap<String, String> headers, byte[] bytes, int length, String sha256) throws Exception {
    String region = getRegionAsync(bucket, null).get();
    payload.set(new Payload(bytes, length, sha256));
    CompletableFuture<Response> response;
    try {
      // builds the request on this thread: createRequest below sees the payload
      response = executeAsync(Method.PUT, bucket, object, region, httpHeaders(headers),
          query, bytes, length);
    } finally {
      payload.remove();
    }
    return response.thenApply(r -> {
      try (r) {
        Date date = r.headers().getDate("Date");
        return new Sent(String.valueOf(r.header("ETag")).replace("\"", ""),
            date != null ? date.toInstant() : Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
      }
    });
  }

  /** What a PUT answered. */
  record Sent(String etag, Instant at) {}

  /** A part's query: {@code partNumber} and {@code uploadId}. */
  static Multimap<String, String> part(String uploadId, int number) {
    return ImmutableMultimap.of("partNumber", Integer.toString(number), "uploadId", uploadId);
  }

  @Override
  protected Request createRequest(HttpUrl url, Method method, Headers headers, Object body,
      int length, Credentials creds)
      throws InsufficientDataException, InternalException, IOException, NoSuchAlgorithmException {
    Payload p = payload.get();
    if (p == null || body != p.bytes()) {
      return super.createRequest(url, method, headers, body, length, creds);
    }
    // everything but the body and its hashes, as the SDK makes it; then our body and hash
    Request request = super.createRequest(url, method, headers, new byte[0], 0, creds);
    return request.newBuilder()
        .removeHeader("Content-MD5")
        .header("x-amz-content-sha256", url.isHttps() ? "UNSIGNED-PAYLOAD" : p.sha256())
        .method(method.toString(), RequestBody.create(
            p.bytes(), contentType(request.header("Content-Type")), 0, p.length()))
        .build();
  }

  private static MediaType contentType(String header) {
    return header != null ? MediaType.parse(header) : null;
  }

  @Override
  public void close() {
    HttpClients.close(http);
  }
}
