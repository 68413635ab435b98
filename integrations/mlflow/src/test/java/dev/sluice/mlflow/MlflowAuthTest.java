package dev.sluice.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Credentials reach MLflow and nothing else: not the logs, not an exception, not the config's toString. */
class MlflowAuthTest {
  private static final String TOKEN = "dapi-s3cr3t-0123456789";
  private final MlflowServer server = MlflowServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theTokenIsSentAndNeverInLogsOrExceptions() {
    server.requireAuthorization("Bearer " + TOKEN);
    MlflowConfig config = MlflowConfig.builder(server.uri()).token(TOKEN).retry(3, Duration.ofMillis(5)).build();
    MlflowModelRegistry registry = MlflowModelRegistry.of(config);
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    Throwable unavailable;
    Throwable refused;
    try {
      assertThat(registry.register(MlflowModelRegistryTest.registration("qoe")).version()).isEqualTo(1);
      server.failNext(3, 503); // retried with warnings logged, then an exception
      unavailable = catchThrowable(() -> registry.versions("qoe"));
      server.requireAuthorization("Bearer another");
      refused = catchThrowable(() -> registry.versions("qoe"));
    } finally {
      System.setErr(err);
    }
    assertThat(server.authorizations).contains("Bearer " + TOKEN);
    assertThat(unavailable).isInstanceOf(MlflowException.class);
    assertThat(refused).isInstanceOf(MlflowException.class).hasMessageContaining("401");
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).as("the retries were logged").contains("MLflow").doesNotContain(TOKEN);
    assertThat(stackTrace(unavailable)).doesNotContain(TOKEN);
    assertThat(stackTrace(refused)).doesNotContain(TOKEN);
    assertThat(config.toString()).doesNotContain(TOKEN).contains("(set)");
  }

  @Test
  void basicCredentialsAreSentAsMlflowsBasicAuthExpects() {
    String header = "Basic " + Base64.getEncoder().encodeToString("alice:pa55".getBytes(StandardCharsets.UTF_8));
    server.requireAuthorization(header);
    MlflowConfig config = MlflowConfig.builder(server.uri()).basic("alice", "pa55").build();
    assertThat(MlflowModelRegistry.of(config).versions("qoe")).isEmpty();
    assertThat(config.toString()).doesNotContain("pa55");
    Throwable wrong = catchThrowable(() -> MlflowModelRegistry.of(MlflowConfig.builder(server.uri())
        .basic("alice", "wrong-pa55").build()).versions("qoe"));
    assertThat(stackTrace(wrong)).contains("401").doesNotContain("wrong-pa55");
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }
}
