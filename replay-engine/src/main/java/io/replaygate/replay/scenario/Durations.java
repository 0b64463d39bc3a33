package io.replaygate.replay.scenario;

import java.util.Locale;
import java.util.function.Function;

/** Durations as people write them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}. */
public final class Durations {
  private Durations() {}

  public static long parseUs(String text, Function<String, ? extends RuntimeException> error) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    String[] units = {"ms", "s", "m", "h", "d"};
    long[] us = {1_000L, 1_000_000L, 60_000_000L, 3_600_000_000L, 86_400_000_000L};
    for (int i = 0; i < units.length; i++) {
      if (s.endsWith(units[i]) && !(units[i].equals("s") && s.endsWith("ms"))
          && !(units[i].equals("m") && s.endsWith("ms"))) {
        String num = s.substring(0, s.length() - units[i].length()).trim();
        try {
          double v = Double.parseDouble(num);
          if (!(v >= 0) || Double.isInfinite(v)) {
            throw error.apply("a duration cannot be negative, got '" + text + "'");
          }
          return Math.round(v * us[i]);
        } catch (NumberFormatException e) {
          break;
        }
      }
    }
    throw error.apply("expected a duration such as 250ms, 30s, 5m, 1h or 2d, got '" + text + "'");
  }
}
