package dev.sluice.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ModelRegistry} must do. Subclasses give two registries over one backend (two
 * "engines"); the tests race them.
 */
public abstract class ModelRegistryContract {

  /** A registry over a fresh, empty backend. */
  protected abstract ModelRegistry newRegistry();

  /** A second registry over the same backend as the last {@link #newRegistry()}: another engine. */
  protected abstract ModelRegistry sameBackend();

  /** A model name no other test used (backends may be shared between tests). */
  protected String model(String base) {
    return base + "-" + Long.toHexString(System.nanoTime());
  }

  static ModelRegistration registration(String model, String artifact) {
    return ModelRegistration.builder(model, artifact).format("json-linear").metric("rmse", 0.25)
        .param("lr", "0.01").tag("team", "qoe")
        .lineage(new Lineage("qoe-abc", "qoe", "train", Map.of("data", "sha256:00ff"), "v3")).build();
  }

  @Test
  void versionsAreNumberedFromOneAndReadBackWithTheirLineage() {
    ModelRegistry registry = newRegistry();
    String m = model("qoe");
    ModelVersion v1 = registry.register(registration(m, "s3://ml/a"));
    ModelVersion v2 = registry.register(registration(m, "s3://ml/b"));
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    ModelVersion read = registry.version(m, 2).orElseThrow();
    assertThat(read.artifact()).isEqualTo("s3://ml/b");
    assertThat(read.registration().metrics()).isEqualTo(Map.of("rmse", 0.25));
    assertThat(read.registration().lineage().inputHashes()).isEqualTo(Map.of("data", "sha256:00ff"));
    assertThat(read.registration().lineage().runId()).isEqualTo("qoe-abc");
    assertThat(registry.versions(m)).extracting(ModelVersion::version).containsExactly(1, 2);
    assertThat(registry.version(m, 3)).isEmpty();
    assertThat(registry.versions(model("unknown"))).isEmpty();
  }

  @Test
  void aliasesMoveAndKeepTheirHistory() {
    ModelRegistry registry = newRegistry();
    String m = model("qoe");
    registry.register(registration(m, "s3://ml/a"));
    registry.register(registration(m, "s3://ml/b"));
    registry.moveAlias(m, "champion", 1, "alice", "first model");
    registry.moveAlias(m, "champion", 2, "run:qoe-xyz", "beat the champion");
    registry.moveAlias(m, "champion", 1, "run:qoe-xyz", "rollback: readiness failed");
    assertThat(registry.byAlias(m, "champion").orElseThrow().version()).isEqualTo(1);
    assertThat(registry.resolve(ModelRef.parse("models:/" + m + "@champion")).artifact()).isEqualTo("s3://ml/a");
    List<AliasMove> history = registry.aliasHistory(m);
    assertThat(history).extracting(AliasMove::to).containsExactly(OptionalInt.of(1), OptionalInt.of(2), OptionalInt.of(1));
    assertThat(history).extracting(AliasMove::from).containsExactly(OptionalInt.empty(), OptionalInt.of(1), OptionalInt.of(2));
    assertThat(history.get(2).reason()).isEqualTo("rollback: readiness failed");
    assertThat(history.get(2).actor()).isEqualTo("run:qoe-xyz");
    registry.moveAlias(m, "champion", Optional.empty(), "alice", "retired");
    assertThat(registry.byAlias(m, "champion")).isEmpty();
  }

  @Test
  void tagsAddToAVersion() {
    ModelRegistry registry = newRegistry();
    String m = model("qoe");
    registry.register(registration(m, "s3://ml/a"));
    registry.tag(m, 1, "validated", "yes");
    assertThat(registry.version(m, 1).orElseThrow().tags()).containsEntry("validated", "yes").containsEntry("team", "qoe");
  }

  @Test
  void missingVersionsAndAliasesAreClearErrors() {
    ModelRegistry registry = newRegistry();
    String m = model("qoe");
    registry.register(registration(m, "s3://ml/a"));
    assertThatThrownBy(() -> registry.moveAlias(m, "champion", 7, "alice", ""))
        .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("no version 7");
    assertThatThrownBy(() -> registry.resolve(ModelRef.alias(m, "champion")))
        .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("@champion names no model version");
    assertThatThrownBy(() -> registry.tag(m, 9, "k", "v")).isInstanceOf(ModelNotFoundException.class);
    assertThatThrownBy(() -> registry.register(registration("bad name!", "x"))).hasMessageContaining("model name 'bad name!'");
  }

  @Test
  void twoEnginesRegisteringAtOnceGetDistinctVersionsAndLoseNone() throws Exception {
    ModelRegistry a = newRegistry();
    ModelRegistry b = sameBackend();
    String m = model("race");
    List<Callable<ModelVersion>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ModelRegistry r = i % 2 == 0 ? a : b;
      String artifact = "s3://ml/" + i;
      calls.add(() -> r.register(registration(m, artifact)));
    }
    List<ModelVersion> registered = runAll(calls);
    assertThat(registered).extracting(ModelVersion::version).doesNotHaveDuplicates();
    assertThat(a.versions(m)).hasSize(8);
    assertThat(b.versions(m)).extracting(ModelVersion::artifact)
        .containsExactlyInAnyOrderElementsOf(registered.stream().map(ModelVersion::artifact).toList());
  }

  @Test
  void twoEnginesMovingOneAliasAtOnceLoseNoMove() throws Exception {
    ModelRegistry a = newRegistry();
    ModelRegistry b = sameBackend();
    String m = model("race");
    for (int i = 0; i < 4; i++) {
      a.register(registration(m, "s3://ml/" + i));
    }
    List<Callable<AliasMove>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ModelRegistry r = i % 2 == 0 ? a : b;
      int version = i % 4 + 1;
      String actor = "engine-" + (i % 2);
      String reason = "move " + i;
      calls.add(() -> r.moveAlias(m, "champion", version, actor, reason));
    }
    List<AliasMove> moves = runAll(calls);
    List<AliasMove> history = a.aliasHistory(m);
    assertThat(history).hasSize(8);
    assertThat(history).extracting(AliasMove::reason)
        .containsExactlyInAnyOrderElementsOf(moves.stream().map(AliasMove::reason).toList());
    int last = history.get(history.size() - 1).to().getAsInt();
    assertThat(b.byAlias(m, "champion").orElseThrow().version()).isEqualTo(last);
  }

  private static <T> List<T> runAll(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<Future<T>> futures = pool.invokeAll(calls);
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
