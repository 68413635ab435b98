package dev.sluice.core.engine;

import static dev.sluice.core.engine.Journaled.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.RunHistory;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.store.ArtifactStores;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal as engines wrote it before batches were encoded by one reused generator with
 * hand-formatted instants, in format version 1 (its bytes typed out here, not written by today's
 * code), still reads and resumes: what it shows succeeded is not run again, and new records follow
 * the old ones in format version 2, the file then read as one run.
 */
class OldJournalResumeTest {
  private static final String RUN = "old-abcdefgh";
  @TempDir Path dir;
  private Journaled j;

  @BeforeEach
  void setUp() {
    j = new Journaled(dir);
  }

  @AfterEach
  void tearDown() {
    j.close();
  }

  /** One frame of the filesystem journal: {@code [length][record count][CRC32C][JSON array]}. */
  private static byte[] frame(int count, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(4).putInt(0, count));
    crc.update(body);
    return ByteBuffer.allocate(12 + body.length).putInt(body.length).putInt(count).putInt((int) crc.getValue())
        .put(body).array();
  }

  @Test
  void aJournalWrittenBeforeTheBatchEncoderResumesWithoutRunningWhatItShowsSucceeded() throws Exception {
    WorkflowSpec wf = Dag.named("old").call("a", j.adder("a", 1, 1), Dag.INPUT).call("b", j.adder("b", 1, 1), "a")
        .returning("b");
    String spec = wf.toJson();
    String sha = Hashing.sha256().hashString(spec, StandardCharsets.UTF_8).toString();
    ArtifactStores.filesystem(dir.resolve("journal")).put("journal/specs/" + sha + ".json",
        spec.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream journal = new ByteArrayOutputStream();
    journal.write(frame(1, "[{\"type\":\"run\",\"run\":\"" + RUN + "\",\"workflow\":\"old\",\"version\":\"" + wf.version()
        + "\",\"specSha256\":\"" + sha + "\",\"input\":1,\"origin\":\"USER\",\"originName\":\"ana\",\"labels\":{},"
        + "\"owner\":\"gone\",\"at\":\"2024-05-01T10:00:00Z\"}]"));
    journal.write(frame(2, "[{\"type\":\"node\",\"run\":\"" + RUN + "\",\"node\":\"a\",\"kind\":\"task\",\"state\":"
        + "\"RUNNING\",\"attempt\":1,\"executor\":\"local\",\"attemptName\":\"" + RUN + "-a-1\",\"at\":"
        + "\"2024-05-01T10:00:00.120Z\"},{\"type\":\"node\",\"run\":\"" + RUN + "\",\"node\":\"a\",\"kind\":\"task\","
        + "\"state\":\"SUCCEEDED\",\"attempt\":1,\"output\":2,\"at\":\"2024-05-01T10:00:00.000001500Z\"}]"));
    Path file = dir.resolve("journal").resolve("runs").resolve(RUN).resolve("journal.log");
    Files.createDirectories(file.getParent());
    Files.write(file, journal.toByteArray());
    int oldBytes = journal.size();

    try (Engine engine = j.engine("new", b -> b.workflow(wf))) {
      assertThat(engine.resume(RUN).await(WAIT)).isEqualTo(3L);
    }
    assertThat(j.calls("a")).isZero();
    assertThat(j.calls("b")).isEqualTo(1);
    List<JournalRecord> records = j.runs.read(RUN);
    assertThat(records.get(0).at()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(records.get(2).at()).isEqualTo(Instant.parse("2024-05-01T10:00:00.000001500Z"));
    RunHistory history = RunHistory.of(records);
    assertThat(history.status().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(history.node("a").orElseThrow().outputJson()).contains("2");
    assertThat(history.node("b").orElseThrow().outputJson()).contains("3");
    assertThat(records).hasSizeGreaterThan(3);
    // the new life's batches follow in format version 2, and read back with the usual attempt name
    byte[] all = Files.readAllBytes(file);
    assertThat(new String(all, oldBytes + 12, 8, StandardCharsets.UTF_8)).isEqualTo("[{\"v\":2,");
    assertThat(records).filteredOn(r -> r instanceof JournalRecord.NodeUpdate n && n.node().equals("b")
            && n.state() == NodeState.RUNNING)
        .singleElement()
        .satisfies(r -> assertThat(((JournalRecord.NodeUpdate) r).attemptName()).contains(RUN + "-b-1"));
  }
}
