package io.replaygate.datasets.gen;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;

/**
 * A relative arrival intensity for each hour of the week (Monday 00:00 = hour 0) in a time zone: a step
 * function, so "business hours are 1.0, nights 0.1" holds exactly. Daylight-saving changes are honoured
 * (local wall-clock hours).
 */
public final class WeeklyCurve {
  private final double[] level;
  private final ZoneRules rules;
  private final double max;

  public WeeklyCurve(double[] hourOfWeekLevel, ZoneId zone) {
    if (hourOfWeekLevel.length != 168) {
      throw new IllegalArgumentException("a weekly curve has 168 hourly levels");
    }
    this.level = hourOfWeekLevel.clone();
    this.rules = zone.getRules();
    this.max = Arrays.stream(level).max().orElse(1);
  }

  /** The same intensity at every hour. */
  public static WeeklyCurve flat(ZoneId zone) {
    double[] l = new double[168];
    Arrays.fill(l, 1.0);
    return new WeeklyCurve(l, zone);
  }

  /**
   * The office-week shape: weekdays {@code business} from {@code businessStart} to {@code businessEnd}
   * (hours, local), {@code shoulder} for the two hours either side, {@code evening} until 22:00,
   * {@code night} otherwise; weekends {@code weekend} from 09:00 to 21:00 and {@code night} otherwise.
   */
  public static WeeklyCurve office(ZoneId zone, int businessStart, int businessEnd, double shoulder, double evening,
      double night, double weekend) {
    double[] l = new double[168];
    for (int d = 0; d < 7; d++) {
      for (int h = 0; h < 24; h++) {
        double v;
        if (d >= 5) {
          v = h >= 9 && h < 21 ? weekend : night;
        } else if (h >= businessStart && h < businessEnd) {
          v = 1.0;
        } else if (h >= businessStart - 2 && h < businessStart || h >= businessEnd && h < businessEnd + 2) {
          v = shoulder;
        } else if (h >= businessEnd + 2 && h < 22) {
          v = evening;
        } else {
          v = night;
        }
        l[d * 24 + h] = v;
      }
    }
    return new WeeklyCurve(l, zone);
  }

  /** Hour of the week (0 = Monday 00:00 local) of an instant. */
  public int hourOfWeek(long epochUs) {
    long sec = Math.floorDiv(epochUs, 1_000_000L);
    long local = sec + rules.getOffset(Instant.ofEpochSecond(sec)).getTotalSeconds();
    long days = Math.floorDiv(local, 86_400L);
    int dow = (int) Math.floorMod(days + 3, 7); // 1970-01-01 was a Thursday (index 3 from Monday)
    int hour = (int) (Math.floorMod(local, 86_400L) / 3600);
    return dow * 24 + hour;
  }

  public double at(long epochUs) {
    return level[hourOfWeek(epochUs)];
  }

  public double max() {
    return max;
  }

  /** Mean level over {@code [fromUs, toUs)}: integrated per minute, or the weekly mean for long spans. */
  public double meanOver(long fromUs, long toUs) {
    long span = toUs - fromUs;
    if (span <= 0) {
      return 1;
    }
    if (span >= 28L * 86_400_000_000L) {
      return Arrays.stream(level).average().orElse(1);
    }
    double sum = 0;
    long n = 0;
    for (long t = fromUs + 30_000_000L; t < toUs; t += 60_000_000L) {
      sum += at(t);
      n++;
    }
    return n == 0 ? at(fromUs) : sum / n;
  }
}
