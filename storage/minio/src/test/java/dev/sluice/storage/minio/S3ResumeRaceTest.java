package dev.sluice.storage.minio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.LeaseRefusedException;
import dev.sluice.core.journal.RunHistory;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durable runs on S3 end to end: a run left by a closed engine, resumed by two engines at once, each
 * with its own MinIO client on one bucket. One drives it to the end; the other is refused.
 */
class S3ResumeRaceTest {
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

  private Engine engine(MinioStoreConfig config, String id, WorkflowSpec wf) {
    ArtifactStore store = MinioStores.open(config);
    open.add(store);
    Engine engine = Engine.builder().store(store).runStore(RunStores.over(store)).engineId(id).workflow(wf)
        .leaseTtl(Duration.ofSeconds(30)).build();
    open.add(engine);
    return engine;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  @Test
  void twoEnginesResumingOneRunOnS3NeverBothDriveIt() throws Exception {
    TaskSpec slow = TaskSpec.builder("slow").input("x", Long.class).output(Long.class)
        .jvm((args, ctx) -> {
          calls.incrementAndGet();
          gate.await();
          return (Long) args[0] + 1;
        }).build();
    WorkflowSpec wf = WorkflowSpec.builder("s3-race", Long.class)
        .node(new TaskNode("slow", slow, List.of(Binding.INPUT)))
        .output(Binding.output("slow"), Long.class).build();
    S3TestServer s3 = S3TestServer.shared();
    MinioStoreConfig config = TestStores.config(s3, s3.newBucket()).build();

    Engine first = engine(config, "engine-a", wf);
    String runId = first.run(wf, 41L, RunOptions.DEFAULT).runId();
    await("the task running", () -> calls.get() == 1);
    first.close(); // leaves the run unfinished in the journal, its lease released

    List<Engine> racers = List.of(engine(config, "engine-b", wf), engine(config, "engine-c", wf));
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<RunHandle<Object>> won = new ArrayList<>();
    int refused = 0;
    try {
      List<Future<RunHandle<Object>>> tries = new ArrayList<>();
      for (Engine e : racers) {
        tries.add(pool.submit(() -> {
          go.await();
          return e.resume(runId);
        }));
      }
      go.countDown();
      for (Future<RunHandle<Object>> f : tries) {
        try {
          won.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(LeaseRefusedException.class);
          refused++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(won).as("engines that got the run").hasSizeLessThanOrEqualTo(1);
    assertThat(won.size() + refused).isEqualTo(2);
    RunHandle<Object> resumed = won.isEmpty() ? racers.get(0).resume(runId) : won.get(0); // both backed off: try again

    await("the task running again", () -> calls.get() == 2);
    gate.countDown();
    assertThat(resumed.await(WAIT)).isEqualTo(42L);
    RunHistory history = racers.get(1).journal().history(runId);
    assertThat(history.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(calls.get()).as("the task ran once more, in one engine").isEqualTo(2);
  }
}
