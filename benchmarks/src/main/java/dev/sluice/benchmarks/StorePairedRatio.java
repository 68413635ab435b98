package dev.sluice.benchmarks;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.storage.minio.MinioStoreConfig;
import dev.sluice.storage.minio.MinioStores;
import dev.sluice.testing.s3.S3TestServer;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The store's put and get next to the raw SDK's, <em>paired</em>: each round times one store call
 * and one SDK call back to back (alternating which goes first), so load from other processes on a
 * shared machine hits both alike; prints the median of the per-round ratios. Complements {@link
 * StoreThroughputBenchmark}, whose separate trials drift apart on a busy machine.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.StorePairedRatio 64 40</pre>
 */
public final class StorePairedRatio {
  private static final long PART = 16L * 1024 * 1024;

  private StorePairedRatio() {}

  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    boolean tls = args.length > 2 && args[2].equals("tls");
    byte[] data = new byte[mib * 1024 * 1024];
    new SplittableRandom(mib).nextBytes(data);
    try (S3TestServer s3 = S3TestServer.builder().tls(tls).start()) {
      String bucket = s3.newBucket();
      MinioStoreConfig.Builder config = MinioStoreConfig.builder().endpoint(s3.endpoint())
          .region(S3TestServer.REGION).bucket(bucket).rootPrefix("bench/")
          .credentials(s3.accessKey(), s3.secretKey()).partSize(PART);
      s3.caCertificate().ifPresent(config::caCertificate);
      MinioClient.Builder client = MinioClient.builder().endpoint(s3.endpoint().toString())
          .region(S3TestServer.REGION).credentials(s3.accessKey(), s3.secretKey());
      if (tls) {
        client.httpClient(trusting(config.build()));
      }
      try (ArtifactStore store = MinioStores.open(config.build()); MinioClient sdk = client.build()) {
        Call storePut = () -> store.put("written", new ByteArrayInputStream(data));
        Call sdkPut = () -> sdk.putObject(PutObjectArgs.builder().bucket(bucket).object("bench/written")
            .stream(new ByteArrayInputStream(data), -1, PART).build());
        Call storeGet = () -> drain(store.get("written"));
        Call sdkGet = () -> drain(sdk.getObject(
            GetObjectArgs.builder().bucket(bucket).object("bench/written").build()));
        report("put", mib, pairs(storePut, sdkPut, rounds));
        report("get", mib, pairs(storeGet, sdkGet, rounds));
      }
    }
  }

  /** An HTTP client for the raw SDK that trusts the test server's certificate, as the store does. */
  private static okhttp3.OkHttpClient trusting(MinioStoreConfig config) throws Exception {
    var certificate = java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(java.nio.file.Files.newInputStream(config.caCertificate().orElseThrow()));
    var keys = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
    keys.load(null, null);
    keys.setCertificateEntry("ca", certificate);
    var factory = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    factory.init(keys);
    var trust = (javax.net.ssl.X509TrustManager) factory.getTrustManagers()[0];
    var context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
    return new okhttp3.OkHttpClient.Builder().sslSocketFactory(context.getSocketFactory(), trust)
        .protocols(List.of(okhttp3.Protocol.HTTP_1_1)).build();
  }

  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }

  private static void drain(InputStream in) throws Exception {
    try (in) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  /** {store ms, sdk ms} per round, after as many warm-up rounds as a quarter of the rounds. */
  private static List<double[]> pairs(Call store, Call sdk, int rounds) throws Exception {
    List<double[]> out = new ArrayList<>();
    for (int i = -rounds / 4; i < rounds; i++) {
      boolean storeFirst = (i & 1) == 0;
      double a = time(storeFirst ? store : sdk);
      double b = time(storeFirst ? sdk : store);
      if (i >= 0) {
        out.add(storeFirst ? new double[] {a, b} : new double[] {b, a});
      }
    }
    return out;
  }

  private static double time(Call call) throws Exception {
    long t = System.nanoTime();
    call.run();
    return (System.nanoTime() - t) / 1e6;
  }

  private static void report(String op, int mib, List<double[]> pairs) {
    double[] store = pairs.stream().mapToDouble(p -> p[0]).sorted().toArray();
    double[] sdk = pairs.stream().mapToDouble(p -> p[1]).sorted().toArray();
    double[] ratio = pairs.stream().mapToDouble(p -> p[1] / p[0]).sorted().toArray();
    System.out.printf("%s %d MiB: store median %.1f ms, sdk median %.1f ms; store throughput / sdk"
            + " throughput per round: median %.3f (quartiles %.3f..%.3f, %d rounds)%n",
        op, mib, median(store), median(sdk), median(ratio), ratio[ratio.length / 4],
        ratio[ratio.length * 3 / 4], ratio.length);
  }

  private static double median(double[] sorted) {
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }
}
