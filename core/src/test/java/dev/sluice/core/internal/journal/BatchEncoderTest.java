package dev.sluice.core.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.Deadline;
import dev.sluice.core.engine.NodeError;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.journal.JournalCorruptException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.journal.JournalRecord.GateWaiting;
import dev.sluice.core.journal.JournalRecord.NodeUpdate;
import dev.sluice.core.journal.JournalRecord.RunCarried;
import dev.sluice.core.journal.JournalRecord.RunStarted;
import dev.sluice.core.journal.JournalRecord.RunUpdate;
import dev.sluice.core.journal.JournalRecord.SignalReceived;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The journal's encoding: one reused generator and buffer per thread writes format version 2 byte
 * for byte as its golden batch says, and batches of format version 1 (every journal written
 * before) read as they did.
 */
class BatchEncoderTest {
  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

  /** The batch the golden file holds, as {@code JournalJson.writeAll} wrote it before this encoder. */
  private static List<JournalRecord> golden() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("team", "qoe");
    List<JournalRecord> r = new ArrayList<>();
    r.add(new RunStarted("r-1", "wf", "1", "{\"spec\":1}", "{\"x\":[1,2]}", Origin.user("ana"), labels,
        Optional.of("r-0"), "engine-a", Optional.of(new Deadline(Duration.ofMinutes(5), true)), T));
    r.add(new RunCarried("r-1", Map.of("traceparent", "00-abc-def-01"), T.plusMillis(1)));
    r.add(new NodeUpdate("r-1", "train", "task", NodeState.RUNNING, 1, Optional.of("local"), Optional.of("r-1-train-1"),
        Optional.empty(), Optional.empty(), T.plusMillis(123)));
    r.add(new NodeUpdate("r-1", "train", "task", NodeState.RETRYING, 1, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(new NodeError("Boom", "said \"no\"\nthen é \u0001", null)), T.plusNanos(1_500)));
    r.add(new NodeUpdate("r-1", "train", "task", NodeState.SUCCEEDED, 2, Optional.empty(), Optional.empty(),
        Optional.of("{\"rows\":42}"), Optional.empty(), T.plusNanos(7)));
    r.add(new GateWaiting("r-1", "approve", Optional.of("ok"), "an approval", Optional.of("java.lang.String"),
        Optional.of(T.plusSeconds(3600)), Instant.parse("1969-12-31T23:59:59.999Z")));
    r.add(new SignalReceived("r-1", "approve", "ok", "s-1", "\"yes\"", Instant.parse("+12000-01-01T00:00:00Z")));
    r.add(new RunUpdate("r-1", RunState.SUCCEEDED, "engine-a", Optional.of("42"), Optional.empty(),
        Instant.parse("0000-01-01T00:00:00Z")));
    r.add(new RunUpdate("r-1", RunState.FAILED, "engine-a", Optional.empty(), Optional.of(new NodeError("X", "y", null)),
        Instant.parse("9999-12-31T23:59:59.999999999Z")));
    return r;
  }

  private static byte[] goldenBytes() throws IOException {
    try (InputStream in = BatchEncoderTest.class.getResourceAsStream("/journal/batch-written-before-batch-encoder.json")) {
      return in.readAllBytes();
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = BatchEncoderTest.class.getResourceAsStream("/journal/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aBatchWrittenInFormatVersion1ReadsAsBefore() throws IOException {
    Specs specs = new Specs(ArtifactStores.inMemory());
    specs.ref("{\"spec\":1}"); // the spec its first record refers to
    byte[] v1 = goldenBytes(); // written by JournalJson.writeAll before the batch encoder, then by it until format 2
    assertThat(new String(v1, StandardCharsets.UTF_8)).startsWith("[{\"type\":\"run\",\"run\":\"r-1\"");
    assertThat(JournalJson.readAll(v1, "the golden batch", specs)).isEqualTo(golden());
  }

  @Test
  void aBatchIsEncodedByteForByteAsFormatVersion2Says() throws IOException {
    ArtifactStore store = ArtifactStores.inMemory();
    Specs specs = new Specs(store);
    byte[] v2 = resource("batch-format-v2.json");
    // twice on the same thread: the reused generator adds nothing between batches
    for (int i = 0; i < 2; i++) {
      assertThat(new String(JournalJson.writeAll(golden(), specs), StandardCharsets.UTF_8))
          .isEqualTo(new String(v2, StandardCharsets.UTF_8));
      ByteBuffer frame = BatchEncoder.get().frame(golden(), specs);
      assertThat(frame).isEqualTo(FrameScan.frame(golden().size(), v2));
    }
    assertThat(JournalJson.readAll(v2, "the golden batch", specs)).isEqualTo(golden());
    assertThat(v2.length).isLessThan(goldenBytes().length);
  }

  @Test
  void attemptNamesAreLeftOutOnlyWhereTheReaderBuildsTheSameName() {
    Specs specs = new Specs(ArtifactStores.inMemory());
    List<JournalRecord> batch = List.of(
        running("r-1", "train", 1, Optional.of("local"), Optional.of("r-1-train-1")), // left out
        running("r-1", "a-b", 10, Optional.of("k8s"), Optional.of("r-1-a-b-10")), // left out
        running("r-1", "n3_7", 0, Optional.of("local"), Optional.of("r-1-n3-7-1e2a3b-0")), // kept
        running("r-1", "train", 1, Optional.of("local"), Optional.of("r-1-train-01")), // kept: not the usual text
        running("r-1", "train", 2, Optional.of("local"), Optional.of("r-1-train-1")), // kept: another attempt
        running("r-1", "train", 1, Optional.of("local"), Optional.empty()), // "an":null
        running("r-1", "train", 1, Optional.empty(), Optional.of("r-1-train-1")), // no executor: kept
        running("r-1", "train", 1, Optional.empty(), Optional.empty()),
        running("r-2", "train", 1, Optional.of("local"), Optional.of("r-2-train-1"))); // another run's record
    byte[] json = JournalJson.writeAll(batch, specs);
    String text = new String(json, StandardCharsets.UTF_8);
    // named by the other attempt's record and the record without an executor only
    assertThat(text.split("\"r-1-train-1\"", -1)).hasSize(3);
    assertThat(text).doesNotContain("r-1-a-b-10", "r-2-train-1")
        .contains("\"an\":\"r-1-n3-7-1e2a3b-0\"", "\"an\":\"r-1-train-01\"", "\"an\":null",
            "\"run\":\"r-2\"");
    assertThat(JournalJson.readAll(json, "the batch", specs)).isEqualTo(batch);
    assertThat(JournalJson.usualAttemptName("r-1-train-0", "r-1", "train", 0)).isTrue();
    assertThat(JournalJson.usualAttemptName("r-1-train-", "r-1", "train", 0)).isFalse();
    assertThat(JournalJson.usualAttemptName("r-1-train-00", "r-1", "train", 0)).isFalse();
    assertThat(JournalJson.usualAttemptName("r-1-trainx1", "r-1", "train", 1)).isFalse();
    assertThat(JournalJson.usualAttemptName("r-1-train-123", "r-1", "train", 123)).isTrue();
    assertThat(JournalJson.usualAttemptName("r-1-train-x23", "r-1", "train", 123)).isFalse();
  }

  private static NodeUpdate running(String run, String node, int attempt, Optional<String> executor,
      Optional<String> name) {
    return new NodeUpdate(run, node, "task", NodeState.RUNNING, attempt, executor, name, Optional.empty(),
        Optional.empty(), T.plusMillis(attempt));
  }

  @Test
  void nodeMovesWrittenByHandReadBackAsWrittenWhateverTheirText() throws IOException {
    Specs specs = new Specs(ArtifactStores.inMemory());
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    SplittableRandom random = new SplittableRandom(2);
    String[] alphabet = {"a", "z", "0", "-", "_", "[", "]", "/", "\"", "\\", "\n", "\u0001", "\u007f", "é", "\u2028",
        "\ud83d\ude00", " ", "{", "}"};
    for (int round = 0; round < 300; round++) {
      List<JournalRecord> batch = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(20); i++) {
        String node = text(random, alphabet);
        int attempt = random.nextInt(3) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(12);
        NodeState state = NodeState.values()[random.nextInt(NodeState.values().length)];
        Optional<String> executor = random.nextBoolean() ? Optional.of(text(random, alphabet)) : Optional.empty();
        Optional<String> name = switch (random.nextInt(3)) {
          case 0 -> Optional.empty();
          case 1 -> Optional.of("r-1-" + node + "-" + attempt);
          default -> Optional.of(text(random, alphabet));
        };
        Optional<String> output = random.nextBoolean()
            ? Optional.of(mapper.writeValueAsString(Map.of("v", text(random, alphabet), "n", random.nextLong())))
            : Optional.empty();
        Optional<NodeError> error = random.nextBoolean()
            ? Optional.of(new NodeError(text(random, alphabet), text(random, alphabet), null))
            : Optional.empty();
        Instant at = random.nextBoolean() ? T.plusMillis(random.nextLong(-1_000_000, 1_000_000))
            : T.plusNanos(random.nextLong(1, 1_000_000_000));
        batch.add(new NodeUpdate(random.nextInt(10) == 0 ? "other-run" : "r-1", node,
            random.nextBoolean() ? "task" : text(random, alphabet), state, attempt, executor, name, output, error, at));
      }
      byte[] json = JournalJson.writeAll(batch, specs);
      assertThat(JournalJson.readAll(json, "batch " + round, specs)).as("batch %d: %s", round,
          new String(json, StandardCharsets.UTF_8)).isEqualTo(batch);
      ByteBuffer frame = BatchEncoder.get().frame(batch, specs);
      assertThat(frame).isEqualTo(FrameScan.frame(batch.size(), json));
    }
  }

  private static String text(SplittableRandom random, String[] alphabet) {
    StringBuilder sb = new StringBuilder();
    int length = random.nextInt(4) == 0 ? 0 : random.nextInt(1, 30);
    boolean plain = random.nextBoolean();
    for (int i = 0; i < length; i++) {
      sb.append(plain ? alphabet[random.nextInt(4)] : alphabet[random.nextInt(alphabet.length)]);
    }
    return sb.toString();
  }

  @Test
  void aBatchOfANewerFormatVersionIsRefusedNamingTheVersion() {
    Specs specs = new Specs(ArtifactStores.inMemory());
    byte[] v3 = "[{\"v\":3,\"run\":\"r-1\",\"t0\":0},{\"x\":1}]".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> JournalJson.readAll(v3, "the journal object j", specs))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining("the journal object j holds journal format version 3")
        .hasMessageContaining("versions 1 and 2");
  }

  @Test
  void instantsAreWrittenAsInstantToStringWritesThem() {
    InstantText text = new InstantText();
    SplittableRandom random = new SplittableRandom(18);
    List<Instant> instants = new ArrayList<>(List.of(
        Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
        Instant.parse("1969-12-31T23:59:59.999Z"), Instant.parse("2024-02-29T23:59:59.000001Z"),
        Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.MIN, Instant.MAX));
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-62_167_219_200L - 86_400, 253_402_300_800L + 86_400);
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      instants.add(Instant.ofEpochSecond(seconds, nanos));
      instants.add(Instant.ofEpochMilli(1_700_000_000_000L + i * 997L)); // one day after the other: the cached date
    }
    for (Instant t : instants) {
      int length = text.format(t);
      String written = length < 0 ? t.toString() : new String(text.chars(), 0, length);
      assertThat(written).as("%s", t).isEqualTo(t.toString());
    }
  }

  @Test
  void aBatchThatFailsHalfWayLeavesTheThreadAnEncoderThatWritesWholeBatches() {
    ArtifactStore memory = ArtifactStores.inMemory();
    ArtifactStore down = (ArtifactStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ArtifactStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("exists")) {
            throw new IllegalStateException("the spec store is down");
          }
          return method.invoke(memory, args);
        });
    Specs failing = new Specs(down);
    List<JournalRecord> batch = golden();
    assertThatThrownBy(() -> BatchEncoder.get().frame(batch, failing)) // inside the first record
        .isInstanceOf(IllegalStateException.class);
    Specs specs = new Specs(ArtifactStores.inMemory());
    assertThat(JournalJson.readAll(JournalJson.writeAll(batch.subList(1, 3), specs), "the next batch", specs))
        .isEqualTo(batch.subList(1, 3));
  }
}
