package dev.sluice.testing.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(S3TestServerExtension.class)
class S3TestServerTest {

  private static MinioClient client(S3TestServer server, String secret) {
    return MinioClient.builder()
        .endpoint(server.endpoint().toString())
        .region(S3TestServer.REGION)
        .credentials(server.accessKey(), secret)
        .build();
  }

  private static void put(MinioClient client, String bucket, String key, String text) throws Exception {
    byte[] bytes = text.getBytes(UTF_8);
    client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
  }

  private static String get(MinioClient client, String bucket, String key) throws Exception {
    try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  @Test
  void servesARealS3ApiOnALoopbackPortThroughTheMinioSdk(S3TestServer s3) throws Exception {
    MinioClient client = client(s3, s3.secretKey());
    String bucket = s3.newBucket();

    put(client, bucket, "a/b.txt", "hello");

    assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(s3.endpoint().getPort()).isPositive();
    assertThat(get(client, bucket, "a/b.txt")).isEqualTo("hello");
    assertThat(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();
    assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("never-made").build())).isFalse();
  }

  @Test
  void theSharedServerIsOneServer(S3TestServer first, S3TestServer second) {
    assertThat(first).isSameAs(second).isSameAs(S3TestServer.shared());
    assertThat(first.isRunning()).isTrue();
  }

  @Test
  void aWrongSecretIsRefused(S3TestServer s3) {
    MinioClient client = client(s3, "not-the-secret");
    String bucket = s3.newBucket();

    assertThatThrownBy(() -> put(client, bucket, "k", "v"))
        .isInstanceOfSatisfying(ErrorResponseException.class,
            e -> assertThat(e.errorResponse().code()).isIn("AccessDenied", "SignatureDoesNotMatch"));
  }

  @Test
  void theServersOutputGoesToItsLogFile(S3TestServer s3) throws IOException {
    assertThat(Files.readString(s3.logFile())).contains("ServerConnector").contains(
        ":" + s3.endpoint().getPort());
  }

  @Test
  void stopRefusesConnectionsAndRestartServesTheSameDataOnTheSamePort() throws Exception {
    try (S3TestServer s3 = S3TestServer.start()) {
      MinioClient client = client(s3, s3.secretKey());
      String bucket = s3.newBucket();
      put(client, bucket, "kept", "before the outage");
      URI endpoint = s3.endpoint();

      s3.stop();

      assertThat(s3.isRunning()).isFalse();
      assertThatThrownBy(() -> get(client, bucket, "kept")).hasRootCauseInstanceOf(ConnectException.class);

      s3.restart();

      assertThat(s3.endpoint()).isEqualTo(endpoint);
      assertThat(get(client, bucket, "kept")).isEqualTo("before the outage");
    }
  }

  @Test
  void closeEndsTheChildProcessAndDeletesTheData() throws Exception {
    S3TestServer s3 = S3TestServer.start();
    long pid = ProcessHandle.current().children()
        .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(s3.dataDirectory()
            .getParent().toString())).orElse(false))
        .findFirst().orElseThrow().pid();
    Path data = s3.dataDirectory();

    s3.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    assertThat(data).doesNotExist();
    assertThat(s3.isRunning()).isFalse();
  }

  @Test
  void tlsUsesACertificateClientsCanTrust() throws Exception {
    try (S3TestServer s3 = S3TestServer.builder().tls(true).start()) {
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(s3.caCertificate().orElseThrow()))
          .connectTimeout(Duration.ofSeconds(10)).build();

      HttpResponse<String> anonymous = https.send(
          HttpRequest.newBuilder(s3.endpoint().resolve("/")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(s3.endpoint().getScheme()).isEqualTo("https");
      assertThat(anonymous.statusCode()).isEqualTo(403);
      assertThat(anonymous.body()).contains("AccessDenied");
    }
  }

  @Test
  void aMissingJarSaysWhereItLookedAndHowToGetIt(@TempDir Path empty) {
    Properties properties = new Properties();
    properties.setProperty("user.home", empty.toString());

    assertThatThrownBy(() -> S3ProxyJar.find(properties, Map.of("SLUICE_S3PROXY_JAR", "/nope/s3proxy.jar")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/nope/s3proxy.jar")
        .hasMessageContaining(empty.resolve(".m2").toString())
        .hasMessageContaining("org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies")
        .hasMessageContaining("-Dsluice.s3proxy.jar");
    assertThatThrownBy(() -> S3TestServer.builder().jar(empty.resolve("missing.jar")).start())
        .hasMessageContaining("missing.jar")
        .hasMessageContaining("org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies");
  }

  @Test
  void theJarIsFoundByPropertyThenEnvironmentThenLocalRepository(@TempDir Path dir) throws IOException {
    Path byProperty = Files.createFile(dir.resolve("p.jar"));
    Path byEnvironment = Files.createFile(dir.resolve("e.jar"));
    Path inRepository = dir.resolve("repo/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar");
    Files.createDirectories(inRepository.getParent());
    Files.createFile(inRepository);
    Properties properties = new Properties();
    properties.setProperty("maven.repo.local", dir.resolve("repo").toString());

    assertThat(S3ProxyJar.find(properties, Map.of())).isEqualTo(inRepository);
    assertThat(S3ProxyJar.find(properties, Map.of("SLUICE_S3PROXY_JAR", byEnvironment.toString())))
        .isEqualTo(byEnvironment);
    properties.setProperty("sluice.s3proxy.jar", byProperty.toString());
    assertThat(S3ProxyJar.find(properties, Map.of("SLUICE_S3PROXY_JAR", byEnvironment.toString())))
        .isEqualTo(byProperty);
  }

  private static SSLContext trusting(Path pem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      trust.setCertificateEntry("s3", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
