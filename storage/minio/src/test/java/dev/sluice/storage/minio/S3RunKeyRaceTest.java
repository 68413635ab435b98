package dev.sluice.storage.minio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.journal.RunQuery;
import dev.sluice.core.journal.RunSummary;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.RunStores;
import dev.sluice.testing.s3.S3TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotent starts on S3: two engines, each with its own MinIO client on one bucket of the S3 test
 * server, start the same workflow with the same run key at the same moment. One run exists, both
 * handles name it and both end with its output.
 */
class S3RunKeyRaceTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void close() throws Exception {
    gate.countDown();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Engine engine(MinioStoreConfig config, String id) {
    ArtifactStore store = MinioStores.open(config);
    open.add(store);
    Engine engine = Engine.builder().store(store).runStore(RunStores.over(store)).engineId(id)
        .leaseTtl(Duration.ofSeconds(30)).build();
    open.add(engine);
    return engine;
  }

  @Test
  void twoEnginesStartingOneRunKeyOnS3StartOneRunAndBothHandlesPointAtIt() throws Exception {
    TaskSpec slow = TaskSpec.builder("slow").input("x", Long.class).output(Long.class)
        .jvm((args, ctx) -> {
          calls.incrementAndGet();
          if (!gate.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
          }
          return (Long) args[0] + 1;
        }).build();
    WorkflowSpec wf = WorkflowSpec.builder("s3-keyed", Long.class)
        .node(new TaskNode("slow", slow, List.of(Binding.INPUT)))
        .output(Binding.output("slow"), Long.class).build();
    S3TestServer s3 = S3TestServer.shared();
    MinioStoreConfig config = TestStores.config(s3, s3.newBucket()).build();
    List<Engine> racers = List.of(engine(config, "engine-a"), engine(config, "engine-b"));

    int rounds = 3;
    List<String> runIds = new ArrayList<>();
    List<RunHandle<Object>> all = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      String key = "nightly@2024-06-0" + (round + 1) + "T02:00:00Z";
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<RunHandle<Object>> handles = new ArrayList<>();
      try {
        List<Future<RunHandle<Object>>> starts = new ArrayList<>();
        for (Engine e : racers) {
          starts.add(pool.submit(() -> {
            go.await();
            return e.run(wf, 41L, RunOptions.builder().runKey(key).build());
          }));
        }
        go.countDown();
        for (Future<RunHandle<Object>> f : starts) {
          handles.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(handles.get(1).runId()).as("both handles of key %s", key).isEqualTo(handles.get(0).runId());
      List<RunSummary> withKey =
          racers.get(1).journal().runs(RunQuery.builder().label(RunOptions.RUN_KEY_LABEL, key).build());
      assertThat(withKey).extracting(RunSummary::runId).containsExactly(handles.get(0).runId());
      runIds.add(handles.get(0).runId());
      all.addAll(handles);
    }
    gate.countDown();
    for (RunHandle<Object> h : all) {
      assertThat(h.await(WAIT)).isEqualTo(42L);
    }
    assertThat(racers.get(0).journal().runs(RunQuery.all())).extracting(RunSummary::runId)
        .containsExactlyInAnyOrderElementsOf(runIds);
    assertThat(calls.get()).as("one run per key, in one engine").isEqualTo(rounds);
  }
}
