package dev.sluice.testing;

import static dev.sluice.testing.SluiceAssertions.assertThat;
import static dev.sluice.testing.SluiceAssertions.assertThatThrownBy;

import dev.sluice.core.model.RetryPolicy;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import dev.sluice.testing.internal.snapshot.SpecSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
  @TempDir Path dir;

  WorkflowAssert assertThatSpec(Workflow<?, ?> wf, boolean update, boolean ci) {
    return new WorkflowAssert(wf.spec(), new SpecSnapshots.Settings(dir, update, ci));
  }

  /** The SIZE workflow with a retry on "twice": one changed task, one changed line. */
  static Workflow<Integer, String> sizeWithRetry() {
    Task1<Integer, Integer> retried =
        Fixtures.twice.with(b -> b.retry(RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofSeconds(1)).build()));
    return Workflow.named(
        "size",
        Integer.class,
        (wf, n) -> {
          var doubled = wf.call(retried, n);
          return wf.when(doubled, "over 10", x -> x > 10).then(Fixtures.big, doubled).otherwise(Fixtures.small, doubled).named("decide");
        });
  }

  @Test
  void theCommittedSnapshotOfAWorkflowMatches() {
    assertThat(Fixtures.SIZE).matchesSnapshot();
  }

  @Test
  void aMissingSnapshotIsWrittenOnTheFirstRun() throws IOException {
    assertThatSpec(Fixtures.SIZE, false, false).matchesSnapshot();

    assertThat(dir.resolve("size.json")).hasContent(Fixtures.SIZE.spec().toJson());
    assertThatSpec(Fixtures.SIZE, false, false).matchesSnapshot();
  }

  @Test
  void aMissingSnapshotFailsInCi() {
    assertThatThrownBy(() -> assertThatSpec(Fixtures.SIZE, false, true).matchesSnapshot())
        .isInstanceOf(AssertionError.class)
        .hasMessage("no snapshot " + dir.resolve("size.json") + " for workflow 'size', and CI=true: snapshots"
            + " are never written in CI. Fix: run this test locally, review the new file and commit it");
    assertThat(dir.resolve("size.json")).doesNotExist();
  }

  @Test
  void aChangedShapeFailsWithAUnifiedDiff() {
    assertThatSpec(Fixtures.SIZE, false, false).matchesSnapshot();

    assertThatThrownBy(() -> assertThatSpec(sizeWithRetry(), false, false).matchesSnapshot())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("workflow 'size' no longer matches its snapshot " + dir.resolve("size.json")
            + " (- snapshot, + now):\n--- snapshot/size.json\n+++ now/size.json\n@@ -")
        .hasMessageContaining("\n-        \"maxAttempts\" : 1,\n")
        .hasMessageContaining("\n+        \"maxAttempts\" : 5,\n")
        .hasMessageContaining("\n       \"retry\" : {\n")
        .hasMessageEndingWith("If the change is intended, run the test with -Dsluice.updateSnapshots=true"
            + " and commit the file.");
  }

  @Test
  void updatingRewritesTheSnapshot() throws IOException {
    assertThatSpec(Fixtures.SIZE, false, false).matchesSnapshot();

    assertThatSpec(sizeWithRetry(), true, false).matchesSnapshot();

    assertThat(Files.readString(dir.resolve("size.json"))).isEqualTo(sizeWithRetry().spec().toJson() + "\n");
    assertThatSpec(sizeWithRetry(), false, true).matchesSnapshot();
  }

  @Test
  void lineEndsOfTheCheckoutDoNotCount() throws IOException {
    Files.writeString(dir.resolve("size.json"), Fixtures.SIZE.spec().toJson().replace("\n", "\r\n"));

    assertThatSpec(Fixtures.SIZE, false, true).matchesSnapshot();
  }

  @Test
  void aSnapshotNameMustBeAPlainFileName() {
    assertThatThrownBy(() -> assertThatSpec(Fixtures.SIZE, false, false).matchesSnapshot("../escape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("snapshot name '../escape' is not valid");
  }
}
