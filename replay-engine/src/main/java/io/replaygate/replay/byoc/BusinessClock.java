package io.replaygate.replay.byoc;

import io.replaygate.costmodel.gate.BusinessHours;
import java.util.Arrays;

/**
 * {@link BusinessHours} by the minute (steps ask millions of times). The minutes worked out are remembered in a
 * fixed table of the last 4,096 distinct minutes by slot, so memory does not grow with the span (a year is 525,600
 * minutes) and a minute asked again soon is not worked out again.
 */
final class BusinessClock {
  private static final long MINUTE_US = 60_000_000L;
  private static final int SLOTS = 4096;
  private final BusinessHours hours;
  private final long[] minutes = new long[SLOTS];
  private final boolean[] inside = new boolean[SLOTS];
  private long lastMinute = Long.MIN_VALUE;
  private boolean last;

  BusinessClock(BusinessHours hours) {
    this.hours = hours;
    Arrays.fill(minutes, Long.MIN_VALUE);
  }

  /** The end of the minute holding {@code us}: {@link #contains} answers the same until then. */
  static long minuteEndUs(long us) {
    return (Math.floorDiv(us, MINUTE_US) + 1) * MINUTE_US;
  }

  boolean contains(long us) {
    long m = Math.floorDiv(us, MINUTE_US);
    if (m != lastMinute) {
      int slot = (int) (m & (SLOTS - 1));
      if (minutes[slot] != m) {
        minutes[slot] = m;
        inside[slot] = hours.contains(m * MINUTE_US);
      }
      lastMinute = m;
      last = inside[slot];
    }
    return last;
  }

  /** Seconds of {@code [fromUs, toUs)} inside business hours. */
  double seconds(long fromUs, long toUs) {
    double s = 0;
    long t = fromUs;
    while (t < toUs) {
      long end = Math.min(toUs, (Math.floorDiv(t, MINUTE_US) + 1) * MINUTE_US);
      if (contains(t)) {
        s += (end - t) / 1e6;
      }
      t = end;
    }
    return s;
  }
}
