package dev.sluice.storage.minio.internal;

import dev.sluice.storage.minio.MinioStoreConfig;
import dev.sluice.storage.minio.S3Credentials;
import com.google.common.collect.Multimap;
import io.minio.ListObjectsV2Response;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.credentials.StaticProvider;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;

/**
 * The MinIO SDK's async client, plus two of its protected calls: one page of a listing as S3
 * returns it (the public listing is an iterator that fetches pages on its own), and a put straight
 * from an array.
 */
final class S3Client extends MinioAsyncClient {
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

  /** One ListObjectsV2 request: keys after {@code startAfter} under {@code prefix}, in key order. */
  CompletableFuture<ListObjectsV2Response> listPage(
      String bucket, String prefix, String startAfter, int maxKeys) throws Exception {
    return listObjectsV2Async(bucket, null, null, "url", startAfter, maxKeys, prefix, null, false,
        false, null, null);
  }

  /**
   * One PutObject of {@code length} bytes of {@code bytes}, sent from the array itself (the public
   * {@code putObject} copies a stream into a buffer of its own first: a second part in memory).
   */
  CompletableFuture<ObjectWriteResponse> putBytes(String bucket, String object, byte[] bytes, int length,
      Multimap<String, String> headers) throws Exception {
    return putObjectAsync(bucket, null, object, bytes, length, headers, null);
  }

  @Override
  public void close() {
    HttpClients.close(http);
  }
}
