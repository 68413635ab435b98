package dev.sluice.cli;

import dev.sluice.cli.internal.CliException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** How times and durations read in tables, and how the user's times are parsed. */
final class Format {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Format() {}

  static String time(Instant t) {
    return TIME.format(t);
  }

  static String time(Optional<Instant> t) {
    return t.map(Format::time).orElse("-");
  }

  static String millis(long ms) {
    if (ms < 1000) {
      return ms + "ms";
    }
    Duration d = Duration.ofMillis(ms);
    if (d.toMinutes() < 1) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    if (d.toHours() < 1) {
      return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }
    return d.toHours() + "h" + d.toMinutesPart() + "m";
  }

  /** {@code 30m}, {@code 2h}, {@code 7d} ago, or an ISO-8601 instant. */
  static Instant since(String text, Instant now) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d+[smhd]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        Duration d = switch (t.charAt(t.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
        return now.minus(d);
      }
      return Instant.parse(text.strip());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new CliException(CliException.USAGE,
          "--since '" + text + "' is neither a duration (30m, 2h, 7d) nor an instant (2026-01-31T12:00:00Z)");
    }
  }
}
