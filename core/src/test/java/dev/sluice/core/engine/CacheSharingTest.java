package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.store.ArtifactStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identical calls at once in one engine, and one cache shared by two processes. */
class CacheSharingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int CALLS = 6;

  @TempDir Path dir;
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(CALLS + 2, CALLS + 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger bodies = new AtomicInteger();

  @AfterEach
  void stopPool() {
    release.countDown();
    pool.shutdownNow();
  }

  /** A task that counts its calls and holds each one until {@link #release} opens. */
  private WorkflowSpec held(CachePolicy policy) {
    TaskSpec task = Dag.task("held", 1, (a, c) -> {
      bodies.incrementAndGet();
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
      return (Long) a[0] + 1;
    }, b -> b.cache(policy));
    return Dag.named("held").call("t", task, Dag.INPUT).returning("t");
  }

  private static void awaitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("still not true after " + WAIT + ": " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  @Test
  void serializedIdenticalCallsRunTheBodyOnceAndTheOthersEndCached() throws Exception {
    WorkflowSpec spec = held(CachePolicy.builder().serialized().build());
    try (Engine engine = Engine.builder().taskPool(pool).store(ArtifactStores.inMemory()).build()) {
      List<RunHandle<Object>> runs =
          IntStream.range(0, CALLS).mapToObj(i -> engine.run(spec, 1L, RunOptions.DEFAULT)).toList();
      // Every call has looked up and decided (one pool task each), and only one body holds a thread
      // (and has entered the body: the pool counts the thread active before the body's first line).
      awaitUntil(
          "every call decided while the first one runs",
          () -> pool.getCompletedTaskCount() >= CALLS && pool.getActiveCount() == 1 && pool.getQueue().isEmpty()
              && bodies.get() > 0);
      assertThat(bodies).hasValue(1);
      release.countDown();

      for (RunHandle<Object> run : runs) {
        assertThat(run.await(WAIT)).isEqualTo(2L);
      }
      assertThat(bodies).hasValue(1);
      List<NodeStatus> nodes = runs.stream().map(r -> r.status().node("t").orElseThrow()).toList();
      assertThat(nodes).filteredOn(n -> n.state() == NodeState.SUCCEEDED).hasSize(1);
      assertThat(nodes).filteredOn(n -> n.state() == NodeState.CACHED).hasSize(CALLS - 1);
      String leader = runs.get(nodes.indexOf(nodes.stream().filter(n -> n.state() == NodeState.SUCCEEDED).findFirst().orElseThrow())).runId();
      assertThat(nodes).filteredOn(n -> n.state() == NodeState.CACHED)
          .allSatisfy(n -> assertThat(n.cache().orElseThrow().runId()).isEqualTo(leader));
    }
  }

  @Test
  void withoutSerializedIdenticalCallsAllRunAtOnce() throws Exception {
    WorkflowSpec spec = held(CachePolicy.builder().build());
    try (Engine engine = Engine.builder().taskPool(pool).store(ArtifactStores.inMemory()).build()) {
      List<RunHandle<Object>> runs =
          IntStream.range(0, CALLS).mapToObj(i -> engine.run(spec, 1L, RunOptions.DEFAULT)).toList();
      awaitUntil("every body started", () -> bodies.get() == CALLS);
      release.countDown();
      for (RunHandle<Object> run : runs) {
        assertThat(run.await(WAIT)).isEqualTo(2L);
        assertThat(run.status().node("t").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
      }
    }
  }

  @Test
  void twoJvmsOnOneStoreFolderShareTheCache() throws Exception {
    Path store = dir.resolve("store");
    AtomicInteger here = new AtomicInteger();
    RunHandle<Object> mine;
    try (Engine engine = Engine.builder().store(ArtifactStores.filesystem(store)).build()) {
      mine = engine.run(CacheChild.shared(here), 4L, RunOptions.DEFAULT);
      assertThat(mine.await(WAIT)).isEqualTo(16L);
    }

    String[] served = child(store, 4).split(" ");
    assertThat(served).containsExactly("state=CACHED", "entryRun=" + mine.runId(), "bodies=0", served[3]);

    String[] ran = child(store, 9).split(" ");
    assertThat(ran).startsWith("state=SUCCEEDED", "entryRun=-", "bodies=1");
    try (Engine engine = Engine.builder().store(ArtifactStores.filesystem(store)).build()) {
      RunHandle<Object> again = engine.run(CacheChild.shared(here), 9L, RunOptions.DEFAULT);
      assertThat(again.await(WAIT)).isEqualTo(81L);
      NodeStatus node = again.status().node("square").orElseThrow();
      assertThat(node.state()).isEqualTo(NodeState.CACHED);
      assertThat("run=" + node.cache().orElseThrow().runId()).isEqualTo(ran[3]);
    }
    assertThat(here).hasValue(1);
  }

  /** Runs {@link CacheChild} in a new JVM with this test's class path; returns its one line. */
  private String child(Path store, long input) throws Exception {
    Path out = Files.createTempFile(dir, "child", ".out");
    Path err = Files.createTempFile(dir, "child", ".err");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CacheChild.class.getName(),
                store.toString(),
                Long.toString(input))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("the child JVM did not finish in " + WAIT + "; stderr:\n" + Files.readString(err));
    }
    assertThat(p.exitValue()).as("child exit code; stderr:\n%s", Files.readString(err)).isZero();
    return Files.readString(out).strip();
  }
}
