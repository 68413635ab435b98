package dev.sluice.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.engine.RunStatus;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin view: one run's node table from its journal, and pruning across both stores. */
class RunJournalTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  @TempDir Path dir;

  private static NodeUpdate node(String path, NodeState state, int attempt, Instant at, NodeError error) {
    return new NodeUpdate(
        "r-1", path, "task", state, attempt, Optional.of("local"), Optional.of("r-1-" + path + "-" + attempt),
        state == NodeState.SUCCEEDED ? Optional.of("1") : Optional.empty(), Optional.ofNullable(error), at);
  }

  @Test
  void aRunsHistoryIsItsNodeTableAsTheJournalTellsIt() {
    RunStore store = RunStores.filesystem(dir.resolve("journal"));
    NodeError flaky = new NodeError("java.io.IOException", "connection reset", null);
    store.append("r-1", 0, List.of(
        new RunStarted("r-1", "qoe", "2", "{}", "null", Origin.user("ana"), Map.of("team", "qoe"), Optional.empty(), "e", T0),
        node("load", NodeState.QUEUED, 1, T0, null),
        node("load", NodeState.RUNNING, 1, T0.plusSeconds(1), null),
        node("load", NodeState.RETRYING, 1, T0.plusSeconds(2), flaky),
        node("load", NodeState.RUNNING, 2, T0.plusSeconds(4), null),
        node("load", NodeState.SUCCEEDED, 2, T0.plusSeconds(6), null),
        node("train", NodeState.RUNNING, 1, T0.plusSeconds(7), null)));
    RunJournal journal = RunJournal.of(store, ArtifactStores.inMemory(), new ManualClock(T0));

    RunHistory history = journal.history("r-1");
    assertThat(history.state()).isEqualTo(RunState.RUNNING);
    NodeHistory load = history.node("load").orElseThrow();
    assertThat(load.state()).isEqualTo(NodeState.SUCCEEDED);
    assertThat(load.attempts()).isEqualTo(2);
    assertThat(load.failures()).isEqualTo(1);
    assertThat(load.started()).contains(T0.plusSeconds(1));
    assertThat(load.ended()).contains(T0.plusSeconds(6));
    assertThat(load.outputJson()).contains("1");
    NodeHistory train = history.node("train").orElseThrow();
    assertThat(train.state()).isEqualTo(NodeState.RUNNING);
    assertThat(train.attemptName()).contains("r-1-train-1");

    RunStatus status = history.status();
    assertThat(status.workflowName()).isEqualTo("qoe");
    assertThat(status.labels()).containsEntry("team", "qoe");
    assertThat(status.toTable()).contains("load").contains("SUCCEEDED").contains("train").contains("RUNNING");

    assertThatThrownBy(() -> journal.history("r-404"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no run 'r-404'");
  }

  @Test
  void pruningDeletesOldRunsFromTheRunStoreAndTheirFoldersFromTheArtifactStore() {
    RunStore store = RunStores.filesystem(dir.resolve("journal"));
    ArtifactStore artifacts = ArtifactStores.filesystem(dir.resolve("store"));
    ManualClock clock = new ManualClock(T0);
    for (String run : List.of("old", "new")) {
      store.append(run, 0, List.of(
          new RunStarted(run, "wf", "1", "{}", "null", Origin.user("t"), Map.of(), Optional.empty(), "e", T0)));
      artifacts.put("runs/" + run + "/nodes/train/1/inputs.json", "{}".getBytes());
    }
    store.append("old", 1, List.of(new RunUpdate("old", RunState.SUCCEEDED, "e", Optional.empty(), Optional.empty(), T0)));
    store.append("new", 1, List.of(new RunUpdate("new", RunState.SUCCEEDED, "e", Optional.empty(), Optional.empty(),
        T0.plus(Duration.ofDays(20)))));
    artifacts.put("cache/train/v1/key.json", "{}".getBytes());
    clock.advance(Duration.ofDays(31));

    assertThat(RunJournal.of(store, artifacts, clock).prune(Duration.ofDays(30))).containsExactly("old");

    assertThat(artifacts.exists("runs/old/nodes/train/1/inputs.json")).isFalse();
    assertThat(artifacts.exists("runs/new/nodes/train/1/inputs.json")).isTrue();
    assertThat(artifacts.exists("cache/train/v1/key.json")).isTrue();
    assertThat(store.read("old")).isEmpty();
    assertThat(store.read("new")).hasSize(2);
  }
}
