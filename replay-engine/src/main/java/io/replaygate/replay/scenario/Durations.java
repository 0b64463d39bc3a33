package io.replaygate.replay.scenario;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 2h30m}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  private Durations() {}

  public static long parseUs(String text, Function<String, ? extends RuntimeException> error) {
    String s = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    if (s.length() > 64) { // no duration is written longer; a huge value would only cost a regex its time
      throw error.apply("expected a duration such as 250ms, 30s, 5m, 1h, 2d or 2h30m, got a value of " + s.length()
          + " characters");
    }
    if (s.startsWith("-")) {
      throw error.apply("a duration cannot be negative, got '" + text + "'");
    }
    Matcher m = PART.matcher(s);
    int at = 0;
    double us = 0;
    while (at < s.length() && m.region(at, s.length()).lookingAt()) {
      double v = Double.parseDouble(m.group(1));
      us += v * switch (m.group(2)) {
        case "ms" -> 1e3;
        case "s" -> 1e6;
        case "m" -> 60e6;
        case "h" -> 3600e6;
        default -> 86_400e6;
      };
      at = m.end();
    }
    if (at == 0 || at != s.length() || !(us < 1e18)) {
      throw error.apply("expected a duration such as 250ms, 30s, 5m, 1h, 2d or 2h30m, got '" + text + "'");
    }
    return Math.round(us);
  }
}
