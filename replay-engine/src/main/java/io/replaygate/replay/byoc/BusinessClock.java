package io.replaygate.replay.byoc;

import io.replaygate.costmodel.gate.BusinessHours;
import java.util.HashMap;
import java.util.Map;

/** {@link BusinessHours} by the minute, each minute worked out once (steps ask millions of times). */
final class BusinessClock {
  private static final long MINUTE_US = 60_000_000L;
  private final BusinessHours hours;
  private final Map<Long, Boolean> byMinute = new HashMap<>();
  private long lastMinute = Long.MIN_VALUE;
  private boolean last;

  BusinessClock(BusinessHours hours) {
    this.hours = hours;
  }

  boolean contains(long us) {
    long m = Math.floorDiv(us, MINUTE_US);
    if (m != lastMinute) {
      lastMinute = m;
      last = byMinute.computeIfAbsent(m, k -> hours.contains(k * MINUTE_US));
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
