package io.replaygate.trace.format.source;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Parses {@code YYYY-MM-DD[ T]HH:MM:SS[.fraction][Z|±HH:MM|±HHMM]} to µs since the epoch, without
 * allocating. No zone means UTC. Fractions longer than 6 digits are truncated to the µs (Azure 2023
 * writes 7 digits: 100 ns units).
 */
public final class Timestamps {
  private Timestamps() {}

  /** @throws IllegalArgumentException describing what is wrong */
  public static long parseMicros(String s) {
    int n = s.length();
    if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != ' ' && s.charAt(10) != 'T')
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      throw new IllegalArgumentException("expected a timestamp like 2023-11-16 18:17:03.9799600, got '" + s + "'");
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (hour > 23 || minute > 59 || second > 59) {
      throw new IllegalArgumentException("time of day out of range in '" + s + "'");
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("invalid date in '" + s + "'");
    }
    int i = 19;
    long micros = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int start = i;
      long scale = 100_000;
      while (i < n && Character.isDigit(s.charAt(i))) {
        if (scale > 0) {
          micros += (s.charAt(i) - '0') * scale;
          scale /= 10;
        }
        i++;
      }
      if (i == start) {
        throw new IllegalArgumentException("empty fraction of a second in '" + s + "'");
      }
    }
    long offsetSeconds = 0;
    if (i < n) {
      char c = s.charAt(i);
      if (c == 'Z' && i == n - 1) {
        i++;
      } else if ((c == '+' || c == '-') && (n - i == 6 && s.charAt(i + 3) == ':' || n - i == 5)) {
        int oh = digits(s, i + 1, 2);
        int om = digits(s, n - 2, 2);
        offsetSeconds = (c == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
        i = n;
      } else {
        throw new IllegalArgumentException("unexpected '" + s.substring(i) + "' after the time in '" + s + "'");
      }
    }
    long epochSecond = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return epochSecond * 1_000_000L + micros;
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("expected a digit at position " + (i + 1) + " of '" + s + "'");
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
