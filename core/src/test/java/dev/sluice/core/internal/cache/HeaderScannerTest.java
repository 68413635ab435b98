package dev.sluice.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.cache.CacheEntry;
import dev.sluice.core.internal.io.ValueCodec;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.store.ArtifactStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lookup reads an entry's header from its bytes when they are laid out as {@link CacheStore#write}
 * lays them out, and with the parser otherwise: the fields read and where the output starts must be
 * the same either way, and every other layout must be left to the parser.
 */
class HeaderScannerTest {
  private static final Instant NOW = Instant.parse("2030-05-01T10:15:30.123Z");
  private final ObjectMapper json = ValueCodec.newMapper();

  private static TaskSpec task(CachePolicy policy) {
    return TaskSpec.builder("fit").input("data", Long.class).output(double[].class).cache(policy)
        .jvm((a, c) -> new double[] {1}).build();
  }

  /** The entry {@code write} stores, as bytes. */
  private static byte[] written(CacheStore cache, ArtifactStore store, TaskSpec task, CacheKeys.Parts parts,
      Object value, String run, String node) throws IOException {
    CacheEntry entry = cache.write(task, "k" + run.length(), parts, value, run, node, NOW);
    try (InputStream in = store.get(entry.storeKey())) {
      return in.readAllBytes();
    }
  }

  /** The header as the parser reads it, and the output's first token after it. */
  private EntryHeader parsed(byte[] entry, List<Object> output) throws IOException {
    try (JsonParser p = json.createParser(entry)) {
      EntryHeader header = EntryHeader.read(p);
      p.nextToken();
      output.add(json.readTree(p));
      return header;
    }
  }

  private void assertScannedAsParsed(byte[] entry) throws IOException {
    List<Object> output = new ArrayList<>();
    EntryHeader expected = parsed(entry, output);
    HeaderScanner.Scanned scanned = HeaderScanner.scan(entry);
    assertThat(scanned).as(new String(entry, StandardCharsets.UTF_8)).isNotNull();
    assertThat(scanned.header()).isEqualTo(expected);
    assertThat(entry[scanned.end()]).isEqualTo((byte) '}');
    assertThat(scanned.end()).isEqualTo(entry.length - 1);
    try (JsonParser p = json.createParser(entry, scanned.output(), scanned.length())) {
      p.nextToken();
      assertThat((Object) json.readTree(p)).isEqualTo(output.get(0));
    }
  }

  @Test
  void entriesAsWriteLaysThemOutAreScannedAsTheParserReadsThem(@TempDir Path dir) throws IOException {
    ArtifactStore store = ArtifactStores.inMemory();
    CacheStore small = new CacheStore(store, ValueCodec.standard());
    CacheStore offloading = new CacheStore(store, new ValueCodec(16, dir)); // the value in a blob
    SortedMap<String, String> inputs = new TreeMap<>(Map.of("data", "0123456789abcdef", "b", "fedcba9876543210"));
    CacheKeys.Parts parts = new CacheKeys.Parts("fit", "1", "sha256:00ff", inputs);
    TaskSpec plain = task(CachePolicy.version("1"));
    TaskSpec expiring = task(CachePolicy.builder().version("2").expireAfter(Duration.ofDays(3)).build());
    Random random = new Random(11);
    for (int i = 0; i < 200; i++) {
      StringBuilder run = new StringBuilder("run-");
      for (int n = random.nextInt(12); n > 0; n--) {
        run.append((char) (0x20 + random.nextInt(0x5f))); // printable ASCII, quote and backslash included
      }
      String text = run.toString();
      if (text.indexOf('"') >= 0 || text.indexOf('\\') >= 0) {
        continue; // escaped: the other test
      }
      double[] value = random.doubles(random.nextInt(6)).toArray();
      assertScannedAsParsed(written(small, store, plain, null, value, text, "node/" + i));
      assertScannedAsParsed(written(small, store, expiring, parts, value, text, "map[" + i + "]"));
      assertScannedAsParsed(written(offloading, store, plain, parts, value, text, "n"));
      assertScannedAsParsed(written(offloading, store, expiring, null, new double[] {1, 2, 3, 4, 5}, text, "n"));
    }
    for (Object scalar : new Object[] {2L, -7.25, "text", true, List.of(), Map.of()}) {
      // a number at the root must end where the bytes end: the range stops before the entry's brace
      assertScannedAsParsed(written(small, store, plain, parts, scalar, "run-1", "n"));
    }
  }

  @Test
  void otherLayoutsAreLeftToTheParser() throws IOException {
    ArtifactStore store = ArtifactStores.inMemory();
    CacheStore cache = new CacheStore(store, ValueCodec.standard());
    TaskSpec fit = task(CachePolicy.version("1"));
    String good = new String(written(cache, store, fit, null, new double[] {1.5}, "run-1", "fit"), StandardCharsets.UTF_8);
    List<String> others = new ArrayList<>(List.of(
        new String(written(cache, store, fit, null, new double[] {1.5}, "run \"quoted\"", "fit"), StandardCharsets.UTF_8),
        new String(written(cache, store, fit, null, new double[] {1.5}, "run-1", "nœud"), StandardCharsets.UTF_8),
        new String(written(cache, store, fit, null, new double[] {1.5}, "tab\there", "fit"), StandardCharsets.UTF_8),
        json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(good)),
        good.replace("{\"task\":\"fit\",\"version\":\"1\",", "{\"version\":\"1\",\"task\":\"fit\","),
        good.replace(",\"run\":", ",\"extra\":1,\"run\":"),
        good.replace("\"run\":\"run-1\"", "\"run\":7"),
        good.replace("\"blobs\":[]", "\"blobs\":[1]"),
        good.replace(",\"output\":", ",\"parts\":{\"n\":1},\"output\":")));
    for (String other : others) {
      byte[] bytes = other.getBytes(StandardCharsets.UTF_8);
      assertThat(HeaderScanner.scan(bytes)).as(other).isNull();
      parsed(bytes, new ArrayList<>()); // the parser reads them
    }
    for (String broken : List.of("", "{", good.substring(0, good.indexOf("\"output\"")), "{\"task\":\"fit", "[1]")) {
      assertThat(HeaderScanner.scan(broken.getBytes(StandardCharsets.UTF_8))).as(broken).isNull();
    }
  }

  /** An entry the scanner leaves to the parser is still a hit, with the same entry. */
  @Test
  void aLookupOfAnEntryInAnotherLayoutIsTheSameHit() throws IOException {
    ArtifactStore store = ArtifactStores.inMemory();
    CacheStore cache = new CacheStore(store, ValueCodec.standard());
    TaskSpec fit = task(CachePolicy.version("1"));
    CacheEntry entry = cache.write(fit, "abc", null, new double[] {1.5, -2}, "run \"1\"", "fit", NOW);
    CacheHit hit = cache.lookup(fit, "abc", NOW).orElseThrow();
    assertThat((double[]) hit.value()).containsExactly(1.5, -2);
    assertThat(hit.entry()).isEqualTo(entry);

    byte[] bytes;
    try (InputStream in = store.get(entry.storeKey())) {
      bytes = in.readAllBytes();
    }
    JsonNode tree = json.readTree(bytes);
    ((ObjectNode) tree).put("run", "run-2");
    store.put(entry.storeKey(), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
    CacheHit pretty = cache.lookup(fit, "abc", NOW).orElseThrow();
    assertThat((double[]) pretty.value()).containsExactly(1.5, -2);
    assertThat(pretty.entry().runId()).isEqualTo("run-2");
    assertThat(pretty.entry().created()).isEqualTo(NOW);
  }
}
