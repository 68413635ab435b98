package dev.sluice.storage.minio.internal;

import dev.sluice.storage.minio.MinioStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/** The HTTP client under the MinIO SDK: timeouts, enough parallel requests, a custom CA. */
final class HttpClients {
  /** Parallel requests to the server (okhttp's default of 5 would queue concurrent puts). */
  private static final int MAX_REQUESTS = 64;

  private HttpClients() {}

  static OkHttpClient create(MinioStoreConfig config) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .protocols(List.of(Protocol.HTTP_1_1)) // as the SDK's own client
        .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(config.socketTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .writeTimeout(config.socketTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (config.caCertificate().isPresent()) {
      X509TrustManager trust = trusting(config.caCertificate().get());
      builder.sslSocketFactory(sslContext(trust).getSocketFactory(), trust);
    }
    return builder.build();
  }

  /** A trust manager that trusts exactly the certificates in a PEM file. */
  static X509TrustManager trusting(Path pemFile) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pemFile)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the CA certificate " + pemFile + ": " + e
          + ". Fix: point caCertificate at a PEM file (-----BEGIN CERTIFICATE-----…)", e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("the CA file " + pemFile + " holds no certificate. Fix:"
          + " point caCertificate at a PEM file (-----BEGIN CERTIFICATE-----…)");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JVM offers no X.509 trust manager");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up trust in " + pemFile + ": " + e, e);
    }
  }

  private static SSLContext sslContext(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context: " + e, e);
    }
  }

  /** Ends the client's threads and connections. */
  static void close(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
