package dev.sluice.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskSpecTest {
  private static final Invoker BODY = (args, ctx) -> null;

  @Test
  void builderDefaults() {
    TaskSpec t = TaskSpec.builder("fit").jvm(BODY).build();

    assertThat(t.version()).isEqualTo("1");
    assertThat(t.inputs()).isEmpty();
    assertThat(t.output()).isEqualTo(Object.class);
    assertThat(t.retry()).isSameAs(RetryPolicy.NONE);
    assertThat(t.timeout()).isEmpty();
    assertThat(t.maxConcurrency()).isZero();
    assertThat(t.resources()).isSameAs(Resources.NONE);
    assertThat(t.placement()).isSameAs(Placement.DEFAULT);
    assertThat(t.isCommand()).isFalse();
    assertThat(t.body()).isEqualTo(new TaskBody.Jvm(BODY));
  }

  @Test
  void inputsKeepDeclarationOrder() {
    TaskSpec t =
        TaskSpec.builder("fit").input("y", Long.class).input("x", String.class).jvm(BODY).build();

    assertThat(t.inputs()).containsExactly(new Param("y", Long.class), new Param("x", String.class));
  }

  @Test
  void duplicateInputNames() {
    assertThatThrownBy(
            () -> TaskSpec.builder("fit").input("x", Long.class).input("x", String.class).jvm(BODY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'fit' has two inputs named 'x': input names must be unique");
  }

  @Test
  void nonPositiveTimeout() {
    assertThatThrownBy(() -> TaskSpec.builder("fit").timeout(Duration.ZERO).jvm(BODY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout of task 'fit' must be positive, got PT0S");
    assertThatThrownBy(() -> TaskSpec.builder("fit").timeout(Duration.ofSeconds(-1)).jvm(BODY).build())
        .hasMessage("timeout of task 'fit' must be positive, got PT-1S");
    assertThat(TaskSpec.builder("fit").timeout(Duration.ofNanos(1)).jvm(BODY).build().timeout())
        .contains(Duration.ofNanos(1));
  }

  @Test
  void negativeMaxConcurrency() {
    assertThatThrownBy(() -> TaskSpec.builder("fit").maxConcurrency(-1).jvm(BODY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConcurrency of task 'fit' must be 0 (no limit) or more, got -1");
  }

  @Test
  void missingBodyNamesTheTask() {
    assertThatThrownBy(() -> TaskSpec.builder("fit").input("x", Long.class).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task 'fit' has no body: give it a JVM function or a command");
  }

  @Test
  void invalidTaskAndInputNames() {
    assertThatThrownBy(() -> TaskSpec.builder("fit model").jvm(BODY).build())
        .hasMessageStartingWith("task name 'fit model' is not valid");
    assertThatThrownBy(() -> TaskSpec.builder("fit").input("in put", Long.class))
        .hasMessageStartingWith("input name 'in put' is not valid");
    assertThatThrownBy(() -> TaskSpec.builder("fit").input("x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("type of input 'x'");
  }

  @Test
  void nullOutputTypeNamesTheTask() {
    assertThatThrownBy(() -> TaskSpec.builder("fit").output(null).jvm(BODY).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("output type of task 'fit'");
  }

  @Test
  void commandBody() {
    TaskSpec t =
        TaskSpec.builder("sh")
            .body(new TaskBody.Command(List.of("echo", "hi"), Map.of("A", "1")))
            .build();

    assertThat(t.isCommand()).isTrue();
    assertThatThrownBy(() -> new TaskBody.Command(List.of(), Map.of()))
        .hasMessage("a command task needs a command: pass the program and its arguments");
  }

  @Test
  void toBuilderRoundTripsAndChangesOnlyWhatIsSet() {
    TaskSpec t =
        TaskSpec.builder("fit")
            .version("4")
            .input("x", Long.class)
            .output(Double.class)
            .jvm(BODY)
            .retry(RetryPolicy.exponential(3, Duration.ofSeconds(1)))
            .timeout(Duration.ofMinutes(2))
            .maxConcurrency(3)
            .resources(new Resources(2, "1Gi", 0, Map.of()))
            .placement(new Placement("ray", null, Map.of(), List.of(), Map.of()))
            .build();

    assertThat(t.toBuilder().build()).isEqualTo(t);
    TaskSpec v5 = t.toBuilder().version("5").timeout(null).build();
    assertThat(v5.version()).isEqualTo("5");
    assertThat(v5.timeout()).isEqualTo(Optional.empty());
    assertThat(v5.inputs()).isEqualTo(t.inputs());
    assertThat(v5.maxConcurrency()).isEqualTo(3);
  }

  @Test
  void inputsListIsImmutable() {
    TaskSpec t = TaskSpec.builder("fit").input("x", Long.class).jvm(BODY).build();

    assertThatThrownBy(() -> t.inputs().add(new Param("y", Long.class)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aPlainSecretInATaskEnvironmentIsRefusedWhenTheSpecIsBuilt() {
    for (String secret : List.of("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN",
        "aws_secret_access_key", "HF_TOKEN", "OPENAI_API_KEY", "DB_PASSWORD", "AZURE_CLIENT_SECRET")) {
      Placement placement = new Placement(null, null, Map.of(), List.of(), Map.of("AWS_REGION", "eu-west-1", secret, "s3cr3t"));
      assertThatThrownBy(() -> TaskSpec.builder("train").jvm(BODY).placement(placement).build())
          .as(secret)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("task 'train'")
          .hasMessageContaining(secret)
          .hasMessageContaining("secret")
          .hasMessageNotContaining("s3cr3t");
    }
    assertThatThrownBy(() -> TaskSpec.builder("cmd")
            .body(new TaskBody.Command(List.of("sh", "-c", "true"), Map.of("GITHUB_TOKEN", "ghp_x"))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GITHUB_TOKEN")
        .hasMessageNotContaining("ghp_x");
    // ordinary variables, and names that merely contain a secret-looking word, pass
    TaskSpec ok = TaskSpec.builder("ok").jvm(BODY).placement(new Placement(null, null, Map.of(), List.of(),
        Map.of("AWS_REGION", "x", "AWS_ACCESS_KEY_ID", "AKIA", "TOKENIZERS_PARALLELISM", "false", "MAX_TOKENS", "9")))
        .build();
    assertThat(ok.placement().environment()).hasSize(4);
  }

  @Test
  void secretVariablesAddedByTheUserAreRefusedToo() {
    SecretVariables mine = SecretVariables.standard().with("ACME_LICENSE");
    assertThat(mine.isSecret("acme_license")).isTrue();
    assertThat(mine.isSecret("ACME_REGION")).isFalse();
    assertThat(SecretVariables.standard().isSecret("ACME_LICENSE")).isFalse();
    TaskSpec task = TaskSpec.builder("t").jvm(BODY)
        .placement(new Placement(null, null, Map.of(), List.of(), Map.of("ACME_LICENSE", "k-123"))).build();
    assertThatThrownBy(() -> mine.check(task))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ACME_LICENSE")
        .hasMessageNotContaining("k-123");
  }
}
