package io.replaygate.datasets;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What to generate, independent of the workload: how much (a span in hours, or a number of requests),
 * how fast (mean requests per second over the span), from where in time, and at which block size.
 *
 * @param hours       span of the trace in hours, or {@code null} when {@code records} bounds it
 * @param records     number of requests, or {@code null} when {@code hours} bounds it
 * @param rate        mean requests per second over the span; {@code null} = the workload's default
 * @param seed        RNG seed: same spec, parameters and seed ⇒ the same records
 * @param start       the first instant of the span (the trace's clock starts here)
 * @param zone        the time zone of the diurnal and weekly curve, written to the trace's metadata
 * @param blockTokens tokens per block behind {@code block_hashes}
 */
public record GenerationSpec(Double hours, Long records, Double rate, long seed, Instant start, ZoneId zone,
    int blockTokens) {

  /** Longest span: ten years (µs arithmetic stays far from overflow, and no trace is longer). */
  public static final double MAX_HOURS = 24 * 366 * 10;
  /** Arrival times are whole µs: a mean gap must be at least 10 µs to mean anything. */
  public static final double MAX_RATE = 100_000;
  public static final int MAX_BLOCK_TOKENS = 1 << 16;
  public static final int DEFAULT_BLOCK_TOKENS = 64;
  public static final long DEFAULT_SEED = 1;
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

  public GenerationSpec {
    if ((hours == null) == (records == null)) {
      throw new WorkloadException("give exactly one of --hours and --records");
    }
    if (hours != null && !(hours > 0 && hours <= MAX_HOURS)) {
      throw new WorkloadException("--hours must be > 0 and at most " + (long) MAX_HOURS + ", got " + hours);
    }
    if (records != null && records <= 0) {
      throw new WorkloadException("--records must be positive, got " + records);
    }
    if (rate != null && !(rate > 0 && rate <= MAX_RATE)) {
      throw new WorkloadException("--rate must be > 0 and at most " + (long) MAX_RATE
          + " requests/s (arrival times are whole microseconds), got " + rate);
    }
    if (blockTokens <= 0 || blockTokens > MAX_BLOCK_TOKENS) {
      throw new WorkloadException("--block-tokens must be 1 to " + MAX_BLOCK_TOKENS + ", got " + blockTokens);
    }
    if (start == null || zone == null) {
      throw new WorkloadException("a start instant and a time zone are required");
    }
    if (start.isBefore(Instant.parse("1990-01-01T00:00:00Z")) || start.isAfter(Instant.parse("2200-01-01T00:00:00Z"))) {
      throw new WorkloadException("--start must lie between 1990 and 2200, got " + start);
    }
  }

  /** Monday 2026-01-05 00:00 in {@code zone}: the default start (a week begins on a Monday). */
  public static Instant mondayMidnight(ZoneId zone) {
    return LocalDate.of(2026, 1, 5).atStartOfDay(zone).toInstant();
  }

  public long startUs() {
    return Math.multiplyExact(start.getEpochSecond(), 1_000_000L) + start.getNano() / 1_000;
  }

  /** End of the span in µs (exclusive); {@link Long#MAX_VALUE} when records bound it. */
  public long endUs() {
    return hours == null ? Long.MAX_VALUE : startUs() + Math.round(hours * 3_600e6);
  }

  public GenerationSpec withRate(double value) {
    return new GenerationSpec(hours, records, value, seed, start, zone, blockTokens);
  }
}
