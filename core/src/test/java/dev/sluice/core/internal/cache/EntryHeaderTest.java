package dev.sluice.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An entry's time, read without the JDK's formatter when it is what {@code Instant.toString} wrote. */
class EntryHeaderTest {
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
