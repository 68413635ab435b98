package dev.sluice.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.WorkflowValidationException;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.dsl.Fixtures.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Task cache options in the DSL, and cache versions derived from a task's code. */
class CacheDslTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  static final AtomicInteger SCORED = new AtomicInteger();

  /** The first version of a scoring task... */
  static final class ScoreV1 {
    static final Task1<Integer, Integer> TASK =
        Task.named("score").cacheVersionFromCode().of(x -> {
          SCORED.incrementAndGet();
          return x + 1;
        });
  }

  /** ...and its changed body, under the same name and manual version. */
  static final class ScoreV2 {
    static final Task1<Integer, Integer> TASK =
        Task.named("score").cacheVersionFromCode().of(x -> {
          SCORED.incrementAndGet();
          return x + 2;
        });
  }

  private static String sha256Of(Class<?> c) throws IOException {
    try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
      return Hashing.sha256().hashBytes(in.readAllBytes()).toString();
    }
  }

  @Test
  void cacheOptionsBuildThePolicy() {
    Task1<Integer, Integer> plain = Task.named("plain").of(x -> x);
    Task1<Integer, Integer> versioned = Task.named("versioned").cache("v2").of(x -> x);
    Task2<Dataset, Long, Double> full =
        Task.named("full")
            .inputNames("data", "seed")
            .cache("v3")
            .cache(c -> c.ignore("seed").expireAfter(Duration.ofDays(7)).serialized())
            .of((d, seed) -> 1.0);

    assertThat(plain.spec().cache()).isEqualTo(CachePolicy.DISABLED);
    assertThat(versioned.spec().cache()).isEqualTo(CachePolicy.version("v2"));
    assertThat(full.spec().cache())
        .isEqualTo(new CachePolicy(true, "v3", Set.of("seed"), Optional.of(Duration.ofDays(7)), true, Optional.empty()));
    assertThat(full.with(b -> b.cache(CachePolicy.DISABLED)).spec().cache().enabled()).isFalse();
  }

  @Test
  void aVersionFromCodeHashesTheClassThatDefinesTheBody() throws IOException {
    Task1<Integer, Long> byClass = Task.named("square").cacheVersionFromCode().of(new Fixtures.Square());
    Task1<Dataset, List<Double>> byMethod = Task.named("scores").cache("v1").cacheVersionFromCode().of(Fixtures::scores);

    assertThat(ScoreV1.TASK.spec().cache().codeHash()).contains(sha256Of(ScoreV1.class));
    assertThat(ScoreV1.TASK.spec().cache().keyVersion()).isEqualTo("1-code-" + sha256Of(ScoreV1.class).substring(0, 12));
    assertThat(ScoreV2.TASK.spec().cache().keyVersion()).isNotEqualTo(ScoreV1.TASK.spec().cache().keyVersion());
    assertThat(byClass.spec().cache().codeHash()).contains(sha256Of(Fixtures.Square.class));
    assertThat(byMethod.spec().cache().codeHash()).contains(sha256Of(Fixtures.class));
    assertThat(byMethod.spec().cache().version()).isEqualTo("v1");
    assertThat(ScoreV1.TASK.with(b -> b.timeout(Duration.ofSeconds(5)).cacheVersionFromCode()).spec().cache())
        .isEqualTo(ScoreV1.TASK.spec().cache());
  }

  @Test
  void aVersionFromCodeNeedsJvmCodeItCanSee() {
    Task1<Integer, Integer> uncached = Task.named("uncached").of(x -> x);

    assertThatThrownBy(() -> uncached.with(TaskBuilder::cacheVersionFromCode))
        .hasMessage("task 'uncached': cacheVersionFromCode() needs the task's function, which with(...) does not"
            + " see. Fix: call it where the task is defined, before of(...)");
    assertThatThrownBy(() -> Task.named("py").cacheVersionFromCode().command("python3", "x.py").of(Integer.class, Integer.class))
        .hasMessageContaining("task 'py': cacheVersionFromCode() hashes a JVM task's code, and a command has none")
        .hasMessageContaining(".cache(\"v2\")");
  }

  @Test
  void ignoringAnInputThatIsNotThereFailsTheWorkflowDefinition() {
    Task2<Dataset, Long, Double> train =
        Task.named("train").inputNames("data", "seed").cache(c -> c.ignore("sed")).of((d, s) -> 1.0);

    assertThatThrownBy(
            () -> Workflow.named("typo", Dataset.class, (wf, d) -> wf.call(train, d, wf.literal(7L))).spec())
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("workflow 'typo', node 'train', input 'sed': task 'train' leaves input 'sed' out of its"
            + " cache key, but it has no such input (its inputs: [data, seed])");
  }

  @Test
  void aChangedBodyDoesNotReuseTheOldBodysResults() throws Exception {
    Workflow<Integer, Integer> v1 = Workflow.named("scoring", Integer.class, (wf, x) -> wf.call(ScoreV1.TASK, x));
    Workflow<Integer, Integer> v2 = Workflow.named("scoring", Integer.class, (wf, x) -> wf.call(ScoreV2.TASK, x));
    // One store, one engine per version of the program (an engine refuses two bodies under one name).
    ArtifactStore store = ArtifactStores.inMemory();
    try (Engine engine = Engine.builder().store(store).build();
        Engine changedProgram = Engine.builder().store(store).build()) {
      assertThat(engine.run(v1, 10).await(WAIT)).isEqualTo(11);
      RunHandle<Integer> changed = changedProgram.run(v2, 10);
      assertThat(changed.await(WAIT)).isEqualTo(12);
      RunHandle<Integer> again = engine.run(v1, 10);
      assertThat(again.await(WAIT)).isEqualTo(11);

      assertThat(changed.status().node("score").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
      assertThat(again.status().node("score").orElseThrow().state()).isEqualTo(NodeState.CACHED);
      assertThat(SCORED).hasValue(2);
    }
  }
}
