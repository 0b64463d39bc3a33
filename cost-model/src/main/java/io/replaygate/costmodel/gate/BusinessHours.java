package io.replaygate.costmodel.gate;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * Business hours, for GPU utilisation: {@code days} from {@code start} (inclusive) to {@code end}
 * (exclusive), in {@code zone} [Mon–Fri 09:00–18:00 UTC].
 */
public record BusinessHours(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {
  public static final BusinessHours DEFAULT = new BusinessHours(
      EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(18, 0), ZoneId.of("UTC"));

  public BusinessHours {
    days = Set.copyOf(days);
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("business hours must start before they end: " + start + "–" + end);
    }
  }

  /** Whether an instant (µs since the epoch) falls in business hours. */
  public boolean contains(long epochUs) {
    ZonedDateTime t = Instant.ofEpochSecond(Math.floorDiv(epochUs, 1_000_000L), Math.floorMod(epochUs, 1_000_000L) * 1000)
        .atZone(zone);
    LocalTime time = t.toLocalTime();
    return days.contains(t.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(end);
  }
}
