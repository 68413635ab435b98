package dev.sluice.executor.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Issue item 17 on Ray: Ray has no secret references, so a secret given as a plain variable of the
 * job's {@code runtime_env} is readable from the dashboard; it is refused when the config is built,
 * as {@code TaskSpec} and the Kubernetes executor refuse theirs.
 */
class RaySecretEnvironmentTest {
  private static RayConfig.Builder config() {
    return RayConfig.builder(java.net.URI.create("http://ray-head:8265"));
  }

  @Test
  void aPlainSecretInTheRayJobsEnvironmentIsRefusedWhenTheConfigIsBuilt() {
    assertThatThrownBy(() -> config().storeEnvironment("AWS_SESSION_TOKEN", "tok-123").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_SESSION_TOKEN").hasMessageContaining("storeEnvironment")
        .hasMessageNotContaining("tok-123");
    assertThatThrownBy(() -> config()
            .runtimeEnv(RayRuntimeEnv.builder().envVar("DB_PASSWORD", "hunter2").build()).build())
        .hasMessageContaining("DB_PASSWORD").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> config()
            .runtimeEnv("train", RayRuntimeEnv.builder().envVar("HF_TOKEN", "hf_x").build()).build())
        .hasMessageContaining("HF_TOKEN").hasMessageContaining("task 'train'").hasMessageNotContaining("hf_x");
  }

  @Test
  void plainSettingsAndTheExplicitStoreKeyPairAreStillAccepted() {
    RayConfig ok = config().storeEnvironment("AWS_REGION", "eu-west-1").storeEndpoint("http://minio:9000")
        .storeCredentials("AK", "SK").build();
    assertThat(ok.storeEnvironment()).containsKeys("AWS_REGION", "SLUICE_S3_ENDPOINT");
  }
}
