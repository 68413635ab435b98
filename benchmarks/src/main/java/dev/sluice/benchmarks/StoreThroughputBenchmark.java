package dev.sluice.benchmarks;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.storage.minio.MinioStoreConfig;
import dev.sluice.storage.minio.MinioStores;
import dev.sluice.testing.s3.S3TestServer;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Put and get of one object through the MinIO store next to the raw MinIO SDK, on the same S3
 * server (S3Proxy in a child process, started per trial) in the same run. The store hashes every
 * put (SHA-256) and keeps the hash; the SDK floors do not. {@code impl}:
 *
 * <ul>
 *   <li>{@code store}: {@code ArtifactStore.put(key, stream)} / {@code get(key)};
 *   <li>{@code sdk}: {@code putObject} with unknown size and the store's part size (16 MiB) — what
 *       the store is asked to do — and {@code getObject};
 *   <li>{@code sdkKnownSize}: {@code putObject} told the size (the SDK picks 5 MiB parts);
 *   <li>{@code sdkCopyHash}: the design the store did not take: unknown-size put, then a copy of
 *       the object onto itself to add the SHA-256 as metadata.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class StoreThroughputBenchmark {
  private static final long PART = 16L * 1024 * 1024;

  @Param({"1", "64"})
  public int mib;

  @Param({"store", "sdk", "sdkKnownSize", "sdkCopyHash"})
  public String impl;

  private S3TestServer s3;
  private ArtifactStore store;
  private MinioClient sdk;
  private String bucket;
  private byte[] data;
  private final byte[] scratch = new byte[64 * 1024];

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    s3 = S3TestServer.start();
    bucket = s3.newBucket();
    store = MinioStores.open(MinioStoreConfig.builder().endpoint(s3.endpoint())
        .region(S3TestServer.REGION).bucket(bucket).rootPrefix("bench/")
        .credentials(s3.accessKey(), s3.secretKey()).partSize(PART).build());
    sdk = MinioClient.builder().endpoint(s3.endpoint().toString()).region(S3TestServer.REGION)
        .credentials(s3.accessKey(), s3.secretKey()).build();
    data = new byte[mib * 1024 * 1024];
    new SplittableRandom(mib).nextBytes(data);
    store.put("read-me", data);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
    sdk.close();
    s3.close();
  }

  @Benchmark
  public Object put() throws Exception {
    InputStream in = new ByteArrayInputStream(data);
    switch (impl) {
      case "store":
        return store.put("written", in);
      case "sdk":
        return sdk.putObject(PutObjectArgs.builder().bucket(bucket).object("bench/written")
            .stream(in, -1, PART).build());
      case "sdkKnownSize":
        return sdk.putObject(PutObjectArgs.builder().bucket(bucket).object("bench/written")
            .stream(in, data.length, -1).build());
      case "sdkCopyHash":
        HashingInputStream hashed = new HashingInputStream(Hashing.sha256(), in);
        sdk.putObject(PutObjectArgs.builder().bucket(bucket).object("bench/written")
            .stream(hashed, -1, PART).build());
        return sdk.copyObject(CopyObjectArgs.builder().bucket(bucket).object("bench/written")
            .source(CopySource.builder().bucket(bucket).object("bench/written").build())
            .metadataDirective(Directive.REPLACE)
            .userMetadata(Map.of("sha256", hashed.hash().toString())).build());
      default:
        throw new IllegalArgumentException(impl);
    }
  }

  @Benchmark
  public long get() throws Exception {
    try (InputStream in = impl.equals("store") ? store.get("read-me")
        : sdk.getObject(GetObjectArgs.builder().bucket(bucket).object("bench/read-me").build())) {
      long n = 0;
      for (int r; (r = in.read(scratch)) >= 0; ) {
        n += r;
      }
      if (n != data.length) {
        throw new IllegalStateException("read " + n + " of " + data.length + " bytes");
      }
      return n;
    }
  }
}
