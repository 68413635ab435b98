package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.cache.CacheEntry;
import dev.sluice.core.cache.TaskCache;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.Condition;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The task cache through the engine, on in-memory and filesystem stores. */
class CacheTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final AtomicInteger calls = new AtomicInteger();

  private ArtifactStore store(String kind) {
    return kind.equals("memory") ? ArtifactStores.inMemory() : ArtifactStores.filesystem(dir.resolve("store"));
  }

  /** {@code times10}: counts its calls, returns its input times 10, cached with {@code policy}. */
  private TaskSpec times10(UnaryOperator<CachePolicy.Builder> policy) {
    return Dag.task("times10", 1, (a, c) -> {
      calls.incrementAndGet();
      return (Long) a[0] * 10;
    }, b -> b.cache(policy.apply(CachePolicy.builder()).build()));
  }

  private static WorkflowSpec calling(TaskSpec task) {
    return Dag.named("cached").call("t", task, Dag.INPUT).returning("t");
  }

  private static Engine engine(ArtifactStore store) {
    return Engine.builder().parallelism(2).store(store).build();
  }

  private static NodeStatus node(RunHandle<?> run, String path) {
    return run.status().node(path).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "filesystem"})
  void aSecondCallWithTheSameInputIsServedFromTheCache(String kind) throws TimeoutException {
    ArtifactStore store = store(kind);
    WorkflowSpec spec = calling(times10(p -> p.version("v1")));
    Recorder events = new Recorder();
    try (Engine engine = engine(store)) {
      RunHandle<Object> first = engine.run(spec, 7L, RunOptions.DEFAULT);
      assertThat(first.await(WAIT)).isEqualTo(70L);
      RunHandle<Object> second = engine.run(spec, 7L, events.options());
      assertThat(second.await(WAIT)).isEqualTo(70L);

      assertThat(calls).hasValue(1);
      assertThat(node(first, "t").state()).isEqualTo(NodeState.SUCCEEDED);
      assertThat(node(first, "t").cache()).isEmpty();
      NodeStatus cached = node(second, "t");
      assertThat(cached.state()).isEqualTo(NodeState.CACHED);
      assertThat(cached.attempts()).isZero();
      CacheEntry entry = cached.cache().orElseThrow();
      assertThat(entry.runId()).isEqualTo(first.runId());
      assertThat(entry.nodePath()).isEqualTo("t");
      assertThat(entry.version()).isEqualTo("v1");
      assertThat(entry.key()).matches("[0-9a-f]{64}");
      assertThat(store.exists("cache/times10/v1/" + entry.key() + ".json")).isTrue();
      assertThat(entry.uri()).isEqualTo(store.uri(entry.storeKey()));
      assertThat(events.states("t")).containsExactly(NodeState.QUEUED, NodeState.CACHED);
      assertThat(events.transitions("t").get(1).cacheEntry()).contains(entry);
      assertThat(second.status().toTable()).contains("CACHED", "entry times10 v1 " + entry.key().substring(0, 12));
    }
  }

  @Test
  void aChangedInputOrVersionRunsTheTaskAgain() throws TimeoutException {
    ArtifactStore store = store("memory");
    try (Engine engine = engine(store)) {
      engine.run(calling(times10(p -> p.version("v1"))), 7L, RunOptions.DEFAULT).await(WAIT);
      RunHandle<Object> otherInput = engine.run(calling(times10(p -> p.version("v1"))), 8L, RunOptions.DEFAULT);
      assertThat(otherInput.await(WAIT)).isEqualTo(80L);
      RunHandle<Object> otherVersion = engine.run(calling(times10(p -> p.version("v2"))), 7L, RunOptions.DEFAULT);
      assertThat(otherVersion.await(WAIT)).isEqualTo(70L);

      assertThat(calls).hasValue(3);
      assertThat(node(otherInput, "t").state()).isEqualTo(NodeState.SUCCEEDED);
      assertThat(node(otherVersion, "t").state()).isEqualTo(NodeState.SUCCEEDED);
      TaskCache cache = TaskCache.on(store);
      assertThat(cache.tasks()).containsExactly("times10");
      assertThat(cache.versions("times10")).containsExactly("v1", "v2");
      assertThat(cache.entries("times10", "v1")).hasSize(2);
    }
  }

  @Test
  void ignoredInputsAreLeftOutOfTheKey() throws TimeoutException {
    TaskSpec scaled = Dag.task("scaled", 2, (a, c) -> {
      calls.incrementAndGet();
      return (Long) a[0] * 10;
    }, b -> b.cache(CachePolicy.builder().ignore("in1").build()));
    try (Engine engine = engine(store("memory"))) {
      RunHandle<Object> seed1 = engine.run(withSeed(scaled, 1L), 4L, RunOptions.DEFAULT);
      seed1.await(WAIT);
      RunHandle<Object> seed2 = engine.run(withSeed(scaled, 2L), 4L, RunOptions.DEFAULT);
      assertThat(seed2.await(WAIT)).isEqualTo(40L);
      RunHandle<Object> otherValue = engine.run(withSeed(scaled, 1L), 5L, RunOptions.DEFAULT);
      assertThat(otherValue.await(WAIT)).isEqualTo(50L);

      assertThat(calls).hasValue(2);
      assertThat(node(seed1, "t").state()).isEqualTo(NodeState.SUCCEEDED);
      assertThat(node(seed2, "t").state()).isEqualTo(NodeState.CACHED);
      assertThat(node(otherValue, "t").state()).isEqualTo(NodeState.SUCCEEDED);
    }
  }

  /** Calls the two-input task with the workflow input and a literal seed. */
  private static WorkflowSpec withSeed(TaskSpec task, long seed) {
    return Dag.named("seeded")
        .node(new TaskNode("t", task, List.of(Binding.INPUT, Binding.literal(seed, Long.class))))
        .returning("t");
  }

  @Test
  void anEntryExpiresByTheEnginesClock() throws TimeoutException {
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    ArtifactStore store = store("filesystem");
    WorkflowSpec spec = calling(times10(p -> p.expireAfter(Duration.ofHours(1))));
    try (Engine engine = Engine.builder().store(store).clock(clock).build()) {
      engine.run(spec, 3L, RunOptions.DEFAULT).await(WAIT);
      clock.advance(Duration.ofMinutes(59));
      RunHandle<Object> fresh = engine.run(spec, 3L, RunOptions.DEFAULT);
      fresh.await(WAIT);
      clock.advance(Duration.ofMinutes(1));
      RunHandle<Object> expired = engine.run(spec, 3L, RunOptions.DEFAULT);
      assertThat(expired.await(WAIT)).isEqualTo(30L);

      assertThat(node(fresh, "t").state()).isEqualTo(NodeState.CACHED);
      assertThat(node(expired, "t").state()).isEqualTo(NodeState.SUCCEEDED);
      assertThat(calls).hasValue(2);
      CacheEntry rewritten = TaskCache.on(store).entries("times10").get(0);
      assertThat(rewritten.created()).isEqualTo(Instant.parse("2030-01-01T01:00:00Z"));
      assertThat(rewritten.expires()).contains(Instant.parse("2030-01-01T02:00:00Z"));
      assertThat(rewritten.runId()).isEqualTo(expired.runId());
    }
  }

  @Test
  void twoEnginesOnOneFolderShareTheCache() throws TimeoutException {
    WorkflowSpec spec = calling(times10(p -> p.version("shared")));
    RunHandle<Object> first;
    try (Engine a = engine(ArtifactStores.filesystem(dir.resolve("store")))) {
      first = a.run(spec, 6L, RunOptions.DEFAULT);
      first.await(WAIT);
    }
    try (Engine b = engine(ArtifactStores.filesystem(dir.resolve("store")))) {
      RunHandle<Object> second = b.run(spec, 6L, RunOptions.DEFAULT);
      assertThat(second.await(WAIT)).isEqualTo(60L);
      assertThat(node(second, "t").state()).isEqualTo(NodeState.CACHED);
      assertThat(node(second, "t").cache().orElseThrow().runId()).isEqualTo(first.runId());
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void anEntryWhoseBlobsAreGoneIsAMissNotAFailure() throws TimeoutException {
    CountingStore store = new CountingStore(store("filesystem"));
    TaskSpec big = Dag.task("big", 1, (a, c) -> {
      calls.incrementAndGet();
      return "x".repeat(1000) + a[0];
    }, b -> b.output(String.class).cache(CachePolicy.version("1")));
    WorkflowSpec spec = Dag.named("big").call("t", big, Dag.INPUT).returning("t", String.class);
    try (Engine engine = Engine.builder().store(store).largeValueThreshold(100).build()) {
      RunHandle<Object> first = engine.run(spec, 1L, RunOptions.DEFAULT);
      first.await(WAIT);
      List<String> blobs = store.keys("blobs/");
      assertThat(blobs).hasSize(1);
      blobs.forEach(store::delete);

      RunHandle<Object> again = engine.run(spec, 1L, RunOptions.DEFAULT);
      assertThat(again.await(WAIT)).isEqualTo("x".repeat(1000) + 1);
      assertThat(node(again, "t").state()).isEqualTo(NodeState.SUCCEEDED);
      assertThat(calls).hasValue(2);
      assertThat(store.keys("blobs/")).isEqualTo(blobs);
    }
  }

  @Test
  void invalidatedEntriesAreNotUsed() throws TimeoutException {
    ArtifactStore store = store("memory");
    WorkflowSpec spec = calling(times10(p -> p.version("v3")));
    try (Engine engine = engine(store)) {
      RunHandle<Object> first = engine.run(spec, 2L, RunOptions.DEFAULT);
      first.await(WAIT);
      engine.run(spec, 5L, RunOptions.DEFAULT).await(WAIT);
      TaskCache cache = TaskCache.on(store);
      List<CacheEntry> entries = cache.entries("times10");
      assertThat(entries).hasSize(2).extracting(CacheEntry::version).containsOnly("v3");
      assertThat(entries).extracting(CacheEntry::nodePath).containsOnly("t");

      assertThat(cache.invalidate(entries.get(0))).isTrue();
      assertThat(cache.invalidate("times10", "v3")).isEqualTo(1);
      assertThat(cache.entries("times10")).isEmpty();
      RunHandle<Object> after = engine.run(spec, 2L, RunOptions.DEFAULT);
      after.await(WAIT);
      assertThat(node(after, "t").state()).isEqualTo(NodeState.SUCCEEDED);
      assertThat(calls).hasValue(3);
      assertThat(cache.invalidate("times10")).isEqualTo(1);
      assertThat(cache.tasks()).isEmpty();
    }
  }

  @Test
  void anInputThatCannotBeKeyedFailsTheNodeWithTheFix() {
    TaskSpec opaque = TaskSpec.builder("opaque").input("in0", Object.class).output(Long.class)
        .jvm((a, c) -> 1L).cache(CachePolicy.version("1")).build();
    WorkflowSpec spec = Dag.named("opaque", Object.class).call("t", opaque, Dag.INPUT).returning("t");
    try (Engine engine = engine(store("memory"))) {
      RunHandle<Object> run = engine.run(spec, new Object(), RunOptions.DEFAULT);
      assertThatThrownBy(() -> run.await(WAIT))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("cannot compute its cache key, input 'in0' (a java.lang.Object)")
          .hasMessageContaining("c.ignore(\"in0\")");
    }
  }

  @Test
  void aBranchArmThatIsACachedTaskEndsCached() throws TimeoutException {
    BranchNode branch = new BranchNode(
        "decide",
        List.of(new BranchCase(Binding.INPUT, new Condition("always", v -> true),
            new TaskNode("arm", times10(p -> p), List.of(Binding.INPUT)))),
        Optional.empty(),
        Long.class);
    WorkflowSpec spec = Dag.named("branchy").node(branch).returning("decide");
    try (Engine engine = engine(store("memory"))) {
      engine.run(spec, 4L, RunOptions.DEFAULT).await(WAIT);
      RunHandle<Object> run = engine.run(spec, 4L, RunOptions.DEFAULT);
      assertThat(run.await(WAIT)).isEqualTo(40L);
      assertThat(node(run, "decide/arm").state()).isEqualTo(NodeState.CACHED);
      assertThat(node(run, "decide").state()).isEqualTo(NodeState.SUCCEEDED);
      assertThat(calls).hasValue(1);
    }
  }

  @Test
  void mapElementsAreCachedOneByOne() throws TimeoutException {
    TaskSpec task = times10(p -> p);
    WorkflowSpec spec =
        Dag.named("mapped", Types.listOf(Long.class))
            .node(new MapNode("m", task, Binding.INPUT, 0, 1))
            .returning("m", Types.listOf(Long.class));
    try (Engine engine = engine(store("memory"))) {
      engine.run(spec, List.of(1L, 2L), RunOptions.DEFAULT).await(WAIT);
      RunHandle<Object> run = engine.run(spec, List.of(2L, 3L), RunOptions.DEFAULT);
      assertThat(run.await(WAIT)).isEqualTo(List.of(20L, 30L));
      assertThat(node(run, "m[0]").state()).isEqualTo(NodeState.CACHED);
      assertThat(node(run, "m[1]").state()).isEqualTo(NodeState.SUCCEEDED);
      assertThat(calls).hasValue(3);
    }
  }
}
