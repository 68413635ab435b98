package dev.sluice.core.model;

import static dev.sluice.core.model.ModelFixtures.call;
import static dev.sluice.core.model.ModelFixtures.invalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cache policy a task carries: its options, its key version, and how it is validated. */
class CachePolicyTest {

  /** Two classes whose bytes differ: two bodies. */
  static final class BodyA {}

  static final class BodyB {
    int differs;
  }

  @Test
  void aBuilderSetsEveryOptionAndTasksAreUncachedByDefault() {
    CachePolicy p =
        CachePolicy.builder().version("v2").ignore("seed", "logger").expireAfter(Duration.ofDays(7)).serialized().build();

    assertThat(p).isEqualTo(new CachePolicy(true, "v2", Set.of("logger", "seed"), Optional.of(Duration.ofDays(7)), true, Optional.empty()));
    assertThat(p.ignoredInputs()).containsExactly("logger", "seed");
    assertThat(p.keyVersion()).isEqualTo("v2");
    assertThat(p.toBuilder().build()).isEqualTo(p);
    assertThat(CachePolicy.version("v1")).isEqualTo(CachePolicy.builder().version("v1").build());
    assertThat(TaskSpec.builder("t").jvm(ModelFixtures.FIRST).build().cache()).isEqualTo(CachePolicy.DISABLED);
    assertThat(CachePolicy.DISABLED.enabled()).isFalse();
  }

  @Test
  void aVersionFromCodeIsTheHashOfTheClassBytes() throws IOException {
    CachePolicy a = CachePolicy.builder().version("v2").versionFromCode(BodyA.class).build();
    CachePolicy b = CachePolicy.builder().version("v2").versionFromCode(BodyB.class).build();

    String hashOfA;
    try (InputStream in = BodyA.class.getResourceAsStream("CachePolicyTest$BodyA.class")) {
      hashOfA = Hashing.sha256().hashBytes(in.readAllBytes()).toString();
    }
    assertThat(a.codeHash()).contains(hashOfA);
    assertThat(a.keyVersion()).isEqualTo("v2-code-" + hashOfA.substring(0, 12));
    assertThat(b.keyVersion()).startsWith("v2-code-").isNotEqualTo(a.keyVersion());
    assertThat(CachePolicy.builder().versionFromCode(BodyA.class).build().keyVersion()).isEqualTo("1-code-" + hashOfA.substring(0, 12));
  }

  @Test
  void badOptionsAreRejectedWithTheRule() {
    assertThatThrownBy(() -> CachePolicy.version("v 2")).hasMessageContaining("cache version 'v 2' is not valid");
    assertThatThrownBy(() -> CachePolicy.builder().expireAfter(Duration.ZERO).build())
        .hasMessage("cache expiry must be positive, got PT0S");
    Runnable lambda = () -> {};
    assertThatThrownBy(() -> CachePolicy.builder().versionFromCode(lambda.getClass()))
        .hasMessageContaining("is not readable from its class loader");
  }

  @Test
  void ignoringAnInputTheTaskDoesNotHaveIsASpecError() {
    TaskSpec train =
        TaskSpec.builder("train").input("data", Long.class).input("seed", Long.class).output(Long.class)
            .jvm(ModelFixtures.FIRST).cache(CachePolicy.builder().ignore("sed").build()).build();

    WorkflowValidationException e =
        invalid(
            WorkflowSpec.builder("wf", Long.class)
                .node(call("fit", train, Binding.INPUT, Binding.INPUT))
                .output(Binding.output("fit"), Long.class));

    assertThat(e.errors())
        .containsExactly(
            new SpecError(
                "wf",
                "fit",
                "sed",
                "task 'train' leaves input 'sed' out of its cache key, but it has no such input (its inputs: [data, seed])",
                "ignore only inputs the task declares (name them with inputNames(...) in the DSL)"));
  }
}
