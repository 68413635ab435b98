package dev.sluice.storage.minio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowDefinition;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.LeaderElection;
import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.core.trigger.TriggerService;
import dev.sluice.testing.TestClock;
import dev.sluice.testing.s3.S3TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pause state on S3: two trigger services, each in its own engine with its own MinIO client on one
 * bucket, on virtual time. A pause through the one that does not lead stops the leader's schedule;
 * a resume starts it again. Both read one history.
 */
class S3TriggerPauseTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private final List<AutoCloseable> open = new ArrayList<>();
  private final TestClock clock = TestClock.at(Instant.parse("2024-06-03T08:00:00Z"));
  private final List<Long> inputs = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private static LeaderElection leader(boolean leads) {
    return new LeaderElection() {
      @Override
      public void start() {}

      @Override
      public boolean isLeader() {
        return leads;
      }

      @Override
      public String identity() {
        return leads ? "leader" : "follower";
      }

      @Override
      public void close() {}
    };
  }

  private TriggerService service(MinioStoreConfig config, LaunchPlan<Long, Long> plan, boolean leads) {
    ArtifactStore store = MinioStores.open(config);
    open.add(store);
    Engine engine = Engine.builder().store(store).clock(clock).build();
    open.add(engine);
    TriggerService service = TriggerService.builder(engine).clock(clock).scheduler(clock.scheduler())
        .sourceExecutor(Runnable::run).store(store).leaderElection(leader(leads)).launchPlan(plan).build();
    open.add(service);
    service.start();
    return service;
  }

  private static List<Decision> decisions(TriggerService s) {
    return s.history("hourly").stream().map(TriggerEvaluation::decision).toList();
  }

  @Test
  void aPauseThroughOneServiceOnS3StopsTheOtherFiring() {
    TaskSpec task = TaskSpec.builder("record").input("x", Long.class).output(Long.class)
        .jvm((args, ctx) -> {
          inputs.add((Long) args[0]);
          return (Long) args[0];
        }).build();
    WorkflowSpec spec = WorkflowSpec.builder("s3-paused", Long.class)
        .node(new TaskNode("record", task, List.of(Binding.INPUT))).output(Binding.output("record"), Long.class).build();
    WorkflowDefinition<Long, Long> wf = () -> spec;
    LaunchPlan<Long, Long> plan = LaunchPlan.builder("hourly", wf).defaultInput(0L).schedule(Schedule.every(HOUR))
        .scheduledInput((p, t) -> t.getEpochSecond() / 3600).build();
    S3TestServer s3 = S3TestServer.shared();
    MinioStoreConfig config = TestStores.config(s3, s3.newBucket()).build();
    TriggerService leader = service(config, plan, true);
    TriggerService follower = service(config, plan, false);
    clock.advance(Duration.ZERO);

    clock.advance(HOUR); // 09:00 fires
    assertThat(decisions(leader)).containsExactly(Decision.LAUNCHED);
    follower.pause("hourly", "alice", "bucket migration");
    assertThat(leader.pauseOf("hourly")).isPresent();
    clock.advance(HOUR); // 10:00: paused
    assertThat(decisions(follower)).containsExactly(Decision.LAUNCHED, Decision.PAUSED);
    follower.resume("hourly", "alice");
    clock.advance(HOUR); // 11:00 fires again
    assertThat(decisions(leader)).containsExactly(Decision.LAUNCHED, Decision.PAUSED, Decision.LAUNCHED);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (inputs.size() < 2) { // the runs go on the engines' own threads
      assertThat(System.nanoTime()).as("the two runs within 60 s").isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
    assertThat(inputs).containsExactlyInAnyOrder(
        Instant.parse("2024-06-03T09:00:00Z").getEpochSecond() / 3600,
        Instant.parse("2024-06-03T11:00:00Z").getEpochSecond() / 3600);
  }
}
