package dev.sluice.storage.minio;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.storage.minio.internal.MinioArtifactStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens artifact stores on MinIO or any S3-compatible service. With this module on the class path,
 * {@code ArtifactStores.open(URI.create("s3://bucket/prefix/"), System.getenv())} opens one too,
 * configured from these environment variables:
 *
 * <ul>
 *   <li>{@value #ENDPOINT_VARIABLE} (or {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}): the
 *       server, e.g. {@code http://minio:9000} or {@code https://s3.eu-west-1.amazonaws.com};
 *   <li>{@value #ACCESS_KEY_VARIABLE}, {@value #SECRET_KEY_VARIABLE} and optionally {@value
 *       #SESSION_TOKEN_VARIABLE}: the credentials;
 *   <li>{@value #REGION_VARIABLE} (or {@code AWS_DEFAULT_REGION}): the region, optional;
 *   <li>{@value #CA_FILE_VARIABLE}: a PEM file of CAs to trust for HTTPS, optional;
 *   <li>{@value #CREATE_BUCKET_VARIABLE}: {@code false} to never create the bucket (default true).
 * </ul>
 */
public final class MinioStores {
  public static final String ENDPOINT_VARIABLE = "SLUICE_S3_ENDPOINT";
  public static final String ACCESS_KEY_VARIABLE = "AWS_ACCESS_KEY_ID";
  public static final String SECRET_KEY_VARIABLE = "AWS_SECRET_ACCESS_KEY";
  public static final String SESSION_TOKEN_VARIABLE = "AWS_SESSION_TOKEN";
  public static final String REGION_VARIABLE = "AWS_REGION";
  public static final String CA_FILE_VARIABLE = "SLUICE_S3_CA_FILE";
  public static final String CREATE_BUCKET_VARIABLE = "SLUICE_S3_CREATE_BUCKET";

  private MinioStores() {}

  /** Opens a store; it connects on first use, so this does no I/O. Close it to free connections. */
  public static ArtifactStore open(MinioStoreConfig config) {
    return new MinioArtifactStore(Objects.requireNonNull(config, "config"));
  }

  /** Opens the store at {@code s3://bucket/prefix/}, configured from {@code environment}. */
  public static ArtifactStore open(URI root, Map<String, String> environment) {
    return open(configFromEnvironment(root, environment).build());
  }

  /**
   * A builder for the store at {@code root} ({@code s3://bucket/prefix/}) with endpoint,
   * credentials, region, CA and bucket creation from {@code environment} (see the class comment);
   * change what you like before {@code build()}.
   */
  public static MinioStoreConfig.Builder configFromEnvironment(URI root, Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    if (root == null || !"s3".equals(root.getScheme()) || root.getAuthority() == null) {
      throw new IllegalArgumentException("'" + root + "' is no S3 store root; write s3://bucket/prefix/");
    }
    MinioStoreConfig.Builder builder = MinioStoreConfig.builder()
        .bucket(root.getAuthority())
        .rootPrefix(Optional.ofNullable(root.getPath()).orElse(""));
    first(environment, ENDPOINT_VARIABLE, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")
        .ifPresent(builder::endpoint);
    first(environment, REGION_VARIABLE, "AWS_DEFAULT_REGION").ifPresent(builder::region);
    Optional<String> accessKey = first(environment, ACCESS_KEY_VARIABLE);
    Optional<String> secretKey = first(environment, SECRET_KEY_VARIABLE);
    if (accessKey.isPresent() && secretKey.isPresent()) {
      builder.credentials(new S3Credentials(
          accessKey.get(), secretKey.get(), first(environment, SESSION_TOKEN_VARIABLE)));
    }
    first(environment, CA_FILE_VARIABLE).map(Path::of).ifPresent(builder::caCertificate);
    first(environment, CREATE_BUCKET_VARIABLE).ifPresent(v -> {
      if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
        throw new IllegalArgumentException(CREATE_BUCKET_VARIABLE + " must be true or false, got '" + v + "'");
      }
      builder.createBucket(Boolean.parseBoolean(v));
    });
    return builder;
  }

  private static Optional<String> first(Map<String, String> environment, String... names) {
    for (String name : names) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.strip());
      }
    }
    return Optional.empty();
  }
}
