package dev.sluice.core.internal.journal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes an instant exactly as {@link Instant#toString()} does ({@code 2026-12-07T18:57:01.123Z}:
 * ISO-8601 in UTC, the fraction in groups of three digits, none when zero) into a reused buffer,
 * without the formatter's garbage (a builder, a string, a date, a time and a date-time per call,
 * about 0.7 KB). The date's ten characters are kept for the last day written. One per thread: not
 * thread-safe.
 */
final class InstantText {
  private static final long SECONDS_PER_DAY = 86_400;
  /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: outside, {@code toString} adds a sign. */
  private static final long MIN_SECOND = -62_167_219_200L;
  private static final long MAX_SECOND = 253_402_300_800L;

  private final char[] text = new char[30];
  private long day = Long.MIN_VALUE;

  /**
   * Formats {@code t} into {@link #chars()}; returns its length, or -1 for a year outside
   * 0000–9999 (the caller writes {@code t.toString()}).
   */
  int format(Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds < MIN_SECOND || seconds >= MAX_SECOND) {
      return -1;
    }
    long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
    if (epochDay != day) {
      LocalDate date = LocalDate.ofEpochDay(epochDay);
      digits(date.getYear(), 0, 4);
      text[4] = '-';
      digits(date.getMonthValue(), 5, 2);
      text[7] = '-';
      digits(date.getDayOfMonth(), 8, 2);
      text[10] = 'T';
      day = epochDay;
    }
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    digits(secondOfDay / 3600, 11, 2);
    text[13] = ':';
    digits(secondOfDay / 60 % 60, 14, 2);
    text[16] = ':';
    digits(secondOfDay % 60, 17, 2);
    int end = 19;
    int nano = t.getNano();
    if (nano != 0) {
      text[end++] = '.';
      if (nano % 1_000_000 == 0) {
        digits(nano / 1_000_000, end, 3);
        end += 3;
      } else if (nano % 1_000 == 0) {
        digits(nano / 1_000, end, 6);
        end += 6;
      } else {
        digits(nano, end, 9);
        end += 9;
      }
    }
    text[end++] = 'Z';
    return end;
  }

  /** The characters of the last {@link #format}. */
  char[] chars() {
    return text;
  }

  /** {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
  private void digits(int value, int at, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
