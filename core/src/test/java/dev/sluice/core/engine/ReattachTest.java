package dev.sluice.core.engine;

import static dev.sluice.core.engine.Journaled.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.Attempt;
import dev.sluice.core.spi.TaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote attempts across a resume, with a stand-in cluster that keys its jobs by attempt name the
 * way Kubernetes and Ray do: a start for a name it has is followed, not submitted again.
 */
class ReattachTest {
  @TempDir Path dir;
  private Journaled j;
  /** The cluster's jobs by attempt name; they outlive the engines (and their executors). */
  private final Map<String, CompletableFuture<Object>> jobs = new ConcurrentHashMap<>();
  private final List<String> submissions = new CopyOnWriteArrayList<>();
  private final List<String> followed = new CopyOnWriteArrayList<>();
  /** Attempt names whose RUNNING record was not in the run store when they were submitted. */
  private final List<String> submittedBeforeJournaled = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    j = new Journaled(dir);
  }

  @AfterEach
  void tearDown() {
    j.close();
  }

  /** An executor of this cluster; closing it leaves the jobs running, as a crashed engine does. */
  private final class Cluster implements TaskExecutor {
    @Override
    public CompletableFuture<Object> start(Attempt attempt) {
      String name = attempt.attemptName();
      CompletableFuture<Object> job = jobs.get(name);
      if (job != null) {
        followed.add(name);
      } else {
        boolean journaled = j.runs.read(attempt.runId()).stream().anyMatch(r -> r instanceof JournalRecord.NodeUpdate u
            && u.state() == NodeState.RUNNING && u.attemptName().equals(java.util.Optional.of(name)));
        if (!journaled) {
          submittedBeforeJournaled.add(name);
        }
        submissions.add(name);
        job = new CompletableFuture<>();
        jobs.put(name, job);
      }
      CompletableFuture<Object> follower = new CompletableFuture<>();
      job.whenComplete((v, e) -> {
        if (e != null) {
          follower.completeExceptionally(e);
        } else {
          follower.complete(v);
        }
      });
      CompletableFuture<Object> theJob = job;
      follower.whenComplete((v, e) -> {
        if (follower.isCancelled()) {
          theJob.cancel(true); // the executor stops the job
        }
      });
      return follower;
    }
  }

  private WorkflowSpec remote() {
    TaskSpec train = TaskSpec.builder("train").input("in0", Long.class).output(Long.class)
        .placement(new Placement("cluster", null, Map.of(), List.of(), Map.of())).jvm((args, ctx) -> {
          throw new AssertionError("runs on the cluster");
        }).build();
    return Dag.named("remote").call("prep", j.adder("prep", 1, 1), Dag.INPUT).call("train", train, "prep")
        .call("report", j.adder("report", 1, 1000), "train").returning("report");
  }

  @Test
  void aRemoteAttemptRunningWhenTheEngineStoppedIsFollowedByNameNotSubmittedAgain() throws Exception {
    WorkflowSpec wf = remote();
    String runId;
    try (Engine first = j.engine("first", b -> b.executor("cluster", new Cluster()))) {
      runId = first.run(wf, 1L, RunOptions.DEFAULT).runId();
      Journaled.await("train submitted", () -> submissions.size() == 1);
    }
    String attempt = runId + "-train-1";
    assertThat(submissions).containsExactly(attempt);
    assertThat(jobs.get(attempt)).isNotDone(); // stopping the engine left the job running

    try (Engine second = j.engine("second", b -> b.executor("cluster", new Cluster()).workflow(wf))) {
      RunHandle<Object> resumed = second.resume(runId);
      Journaled.await("train followed", () -> followed.size() == 1);
      jobs.get(attempt).complete(40L); // the job ends while the new engine watches
      assertThat(resumed.await(WAIT)).isEqualTo(1040L);
      assertThat(resumed.status().node("train").orElseThrow().attempts()).isEqualTo(1);
    }
    assertThat(submissions).containsExactly(attempt);
    assertThat(followed).containsExactly(attempt);
    assertThat(submittedBeforeJournaled).isEmpty();
    assertThat(j.calls("prep")).isEqualTo(1);
  }

  @Test
  void aRemoteAttemptThatFinishedWhileNobodyWatchedIsReadNotRunAgain() throws Exception {
    WorkflowSpec wf = remote();
    String runId;
    try (Engine first = j.engine("first", b -> b.executor("cluster", new Cluster()))) {
      runId = first.run(wf, 1L, RunOptions.DEFAULT).runId();
      Journaled.await("train submitted", () -> submissions.size() == 1);
    }
    jobs.get(runId + "-train-1").complete(7L);
    try (Engine second = j.engine("second", b -> b.executor("cluster", new Cluster()).workflow(wf))) {
      assertThat(second.resume(runId).await(WAIT)).isEqualTo(1007L);
    }
    assertThat(submissions).hasSize(1);
    assertThat(followed).containsExactly(runId + "-train-1");
  }

  @Test
  void cancellingARunStillStopsItsRemoteAttempt() throws Exception {
    try (Engine engine = j.engine("e", b -> b.executor("cluster", new Cluster()))) {
      RunHandle<Object> run = engine.run(remote(), 1L, RunOptions.DEFAULT);
      Journaled.await("train submitted", () -> submissions.size() == 1);
      assertThat(run.cancel()).isTrue();
      Journaled.await("the job stopped", () -> jobs.get(submissions.get(0)).isCancelled());
      Journaled.await("the run's end journaled",
          () -> j.history(run.runId()).map(h -> h.state() == RunState.CANCELLED).orElse(false));
    }
    assertThat(submittedBeforeJournaled).isEmpty();
  }
}
