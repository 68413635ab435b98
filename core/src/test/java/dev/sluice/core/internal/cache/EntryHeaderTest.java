package dev.sluice.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.internal.io.ValueCodec;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An entry's header: its fields matched in the order {@code write} writes them, any other order
 * read by name; its time read without the JDK's formatter when it is what {@code Instant.toString}
 * wrote.
 */
class EntryHeaderTest {
  private static final ObjectMapper JSON = ValueCodec.newMapper();

  private static EntryHeader read(String entry) throws IOException {
    try (JsonParser p = JSON.createParser(entry)) {
      EntryHeader header = EntryHeader.read(p);
      assertThat(p.currentName()).isEqualTo("output");
      p.nextToken();
      assertThat(p.getIntValue()).isEqualTo(7);
      return header;
    }
  }

  @Test
  void fieldsAreReadTheSameInAnyOrderWithOthersAmongThem() throws IOException {
    List<String> fields = new ArrayList<>(List.of("\"task\":\"fit\"", "\"version\":\"1\"", "\"key\":\"abc\"",
        "\"created\":\"2025-01-01T00:00:00Z\"", "\"expires\":\"2025-01-02T00:00:00Z\"", "\"run\":\"run-1\"",
        "\"node\":\"n\"", "\"outputType\":\"java.lang.Long\"", "\"outputBlob\":null", "\"blobs\":[\"b1\",\"b2\"]"));
    EntryHeader expected = new EntryHeader("fit", "1", "abc", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", "run-1",
        "n", null, List.of("b1", "b2"));
    assertThat(read("{" + String.join(",", fields) + ",\"output\":7}")).isEqualTo(expected);
    Random random = new Random(9);
    for (int i = 0; i < 200; i++) {
      List<String> shuffled = new ArrayList<>(fields);
      Collections.shuffle(shuffled, random);
      shuffled.add(random.nextInt(shuffled.size() + 1), "\"parts\":{\"body\":\"x\",\"inputs\":{\"a\":\"1\"}}");
      shuffled.add(random.nextInt(shuffled.size() + 1), "\"later\":[1,{\"task\":\"not this one\"}]");
      int cut = random.nextInt(shuffled.size() + 1); // fields in order, then out of order
      List<String> entry = new ArrayList<>(i % 2 == 0 ? fields.subList(0, Math.min(cut, fields.size())) : List.of());
      if (i % 2 == 0) {
        entry.addAll(shuffled.stream().filter(f -> !entry.contains(f)).toList());
      } else {
        entry.addAll(shuffled);
      }
      assertThat(read("{" + String.join(",", entry) + ",\"output\":7}")).as("%s", entry).isEqualTo(expected);
    }
    assertThat(read("{\"output\":7}")).isEqualTo(new EntryHeader(null, null, null, null, null, null, null, null, List.of()));
  }

  @Test
  void anInstantReadsBackAsInstantParseReadsIt() {
    Random random = new Random(3);
    long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    int[] units = {1_000_000_000, 1_000_000, 1_000, 1}; // whole seconds, millis, micros, nanos
    for (int i = 0; i < 20_000; i++) {
      long second = first + Math.floorMod(random.nextLong(), last - first + 1);
      int unit = units[i % units.length];
      Instant t = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000) / unit * unit);
      assertThat(EntryHeader.instant(t.toString())).as(t.toString()).isEqualTo(Instant.parse(t.toString()));
    }
    for (String text : List.of("2025-01-01T00:00:00Z", "2025-01-01T00:00:00.5Z", "2024-02-29T23:59:59.123456789Z",
        "2016-12-31T23:59:60Z", "2025-01-01T24:00:00Z", "2025-01-01T00:00:00.Z", "2025-01-01t00:00:00z", "+12025-01-01T00:00:00Z", "0000-01-01T00:00:00Z")) {
      assertThat(EntryHeader.instant(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void whatIsNotAnInstantFailsAsInstantParseFails() {
    for (String text : List.of("", "2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01T00:00:00.1234567890Z",
        "2025-01-01 00:00:00Z", "2025-01-0xT00:00:00Z")) {
      assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
      assertThatThrownBy(() -> EntryHeader.instant(text)).as(text).isInstanceOf(DateTimeParseException.class);
    }
  }
}
