package dev.sluice.storage.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.store.ArtifactStores;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MinioStoreConfigTest {
  private static MinioStoreConfig.Builder valid() {
    return MinioStoreConfig.builder().endpoint("http://minio:9000").bucket("ml-data")
        .credentials("AKID", "s3cr3t");
  }

  @Test
  void theRootPrefixIsNormalizedToEndInASlash() {
    assertThat(valid().rootPrefix("/teams/ml").build().rootPrefix()).isEqualTo("teams/ml/");
    assertThat(valid().rootPrefix("sluice/").build().rootUri()).isEqualTo(URI.create("s3://ml-data/sluice/"));
    assertThat(valid().rootPrefix("").build().rootUri()).isEqualTo(URI.create("s3://ml-data/"));
    assertThatThrownBy(() -> valid().rootPrefix("a//b").build())
        .hasMessageContaining("root prefix 'a//b'");
  }

  @Test
  void badOptionsAreRejectedNamingTheOptionAndTheRule() {
    assertThatThrownBy(() -> valid().bucket("ML_Data").build()).hasMessageContaining("'ML_Data' is no valid bucket name");
    assertThatThrownBy(() -> valid().endpoint("minio:9000").build()).hasMessageContaining("http(s)://host");
    assertThatThrownBy(() -> valid().partSize(1024).build()).hasMessageContaining("partSize 1024")
        .hasMessageContaining("5 MiB");
    assertThatThrownBy(() -> MinioStoreConfig.builder().bucket("b-1").credentials("a", "b").build())
        .hasMessageContaining("SLUICE_S3_ENDPOINT");
    assertThatThrownBy(() -> MinioStoreConfig.builder().endpoint("http://h").bucket("b-1").build())
        .hasMessageContaining("AWS_ACCESS_KEY_ID").hasMessageContaining("AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void noSecretAppearsInToString() {
    MinioStoreConfig config = valid().credentials(new S3Credentials("AKID", "s3cr3t", Optional.of("t0k3n"))).build();

    assertThat(config.toString()).contains("AKID").doesNotContain("s3cr3t").doesNotContain("t0k3n");
  }

  @Test
  void theEnvironmentGivesEndpointCredentialsRegionCaAndBucketCreation() {
    MinioStoreConfig config = MinioStores.configFromEnvironment(URI.create("s3://models/prod/sluice/"), Map.of(
        "SLUICE_S3_ENDPOINT", "https://minio.ml.svc:9000",
        "AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "s3cr3t", "AWS_SESSION_TOKEN", "tok",
        "AWS_REGION", "eu-west-1", "SLUICE_S3_CA_FILE", "/etc/ca.pem",
        "SLUICE_S3_CREATE_BUCKET", "false")).build();

    assertThat(config.endpoint()).isEqualTo(URI.create("https://minio.ml.svc:9000"));
    assertThat(config.bucket()).isEqualTo("models");
    assertThat(config.rootPrefix()).isEqualTo("prod/sluice/");
    assertThat(config.credentials()).isEqualTo(new S3Credentials("AKID", "s3cr3t", Optional.of("tok")));
    assertThat(config.region()).contains("eu-west-1");
    assertThat(config.caCertificate()).contains(Path.of("/etc/ca.pem"));
    assertThat(config.createBucket()).isFalse();
  }

  @Test
  void theStandardAwsEndpointVariablesAreFallbacks() {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://fallback:9000",
        "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b", "AWS_DEFAULT_REGION", "us-west-2");

    MinioStoreConfig config = MinioStores.configFromEnvironment(URI.create("s3://b-1"), env).build();

    assertThat(config.endpoint()).isEqualTo(URI.create("http://fallback:9000"));
    assertThat(config.region()).contains("us-west-2");
    assertThat(config.rootPrefix()).isEmpty();
    assertThat(config.createBucket()).isTrue();
  }

  @Test
  void anS3UriWithoutCredentialsInTheEnvironmentSaysWhichVariablesToSet() {
    assertThatThrownBy(() -> ArtifactStores.open(URI.create("s3://models/x/"),
        Map.of("SLUICE_S3_ENDPOINT", "http://minio:9000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_ACCESS_KEY_ID");
    assertThatThrownBy(() -> MinioStores.configFromEnvironment(URI.create("file:///tmp/x"), Map.of()))
        .hasMessageContaining("s3://bucket/prefix/");
    assertThatThrownBy(() -> MinioStores.configFromEnvironment(URI.create("s3://b-1/"),
        Map.of("SLUICE_S3_CREATE_BUCKET", "yes")))
        .hasMessageContaining("SLUICE_S3_CREATE_BUCKET must be true or false");
  }
}
