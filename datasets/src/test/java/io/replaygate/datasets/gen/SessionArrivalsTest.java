package io.replaygate.datasets.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.datasets.TraceStats;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The arrival process against the parameters that shape it: mean rate, curve ratios, bursts. */
class SessionArrivalsTest {
  static final ZoneId NY = ZoneId.of("America/New_York");
  static final long MONDAY_NY = Instant.parse("2026-01-05T05:00:00Z").getEpochSecond() * 1_000_000L;
  static final long WEEK = 7 * 86_400_000_000L;

  @Test
  void officeCurve_meanRateHolds_andBusinessToNightRatioIsTheLevelsRatio() {
    WeeklyCurve curve = WeeklyCurve.office(NY, 9, 18, 0.5, 0.25, 0.08, 0.15);
    SessionArrivals a = new SessionArrivals(RandomSource.XO_RO_SHI_RO_128_PP.create(1L), 0.5, curve, 1, 1, 1,
        MONDAY_NY, MONDAY_NY, MONDAY_NY + 4 * WEEK);
    double[] perHourOfWeek = new double[168];
    long n = 0;
    for (long t = a.next(); t < MONDAY_NY + 4 * WEEK; t = a.next()) {
      perHourOfWeek[curve.hourOfWeek(t)]++;
      n++;
    }
    // Mean: 0.5/s over 4 weeks = 1,209,600 expected (Poisson: σ ≈ 1,100).
    assertEquals(1_209_600, n, 6_000);
    double ratio = TraceStats.businessToNight(perHourOfWeek);
    assertEquals(1 / 0.08, ratio, 0.05 / 0.08);
    // Peak-to-mean of the hourly counts = the curve's max ÷ its mean.
    double mean = n / 168.0;
    double peak = 0;
    for (double c : perHourOfWeek) {
      peak = Math.max(peak, c);
    }
    double expected = curve.max() / curve.meanOver(MONDAY_NY, MONDAY_NY + 4 * WEEK);
    assertEquals(expected, peak / mean, 0.05 * expected);
  }

  @Test
  void bursts_keepTheMean_andRaiseTheIntensityByTheFactor() {
    WeeklyCurve flat = WeeklyCurve.flat(ZoneId.of("UTC"));
    SessionArrivals a = new SessionArrivals(RandomSource.XO_RO_SHI_RO_128_PP.create(2L), 1.0, flat, 4, 1800, 600,
        0, 0, 14 * 86_400_000_000L);
    long n = 0;
    long[] perMinute = new long[14 * 1440];
    for (long t = a.next(); t < 14 * 86_400_000_000L; t = a.next()) {
      n++;
      perMinute[(int) (t / 60_000_000L)]++;
    }
    assertEquals(1_209_600, n, 0.03 * 1_209_600); // 14 days at 1/s; burst state adds variance
    // Calm intensity = 1 / ((1800 + 4·600) / 2400) = 0.571/s, burst = 2.286/s: the minute counts show both.
    long calmish = 0;
    long bursty = 0;
    for (long c : perMinute) {
      if (c < 50) {
        calmish++;
      } else if (c > 110) {
        bursty++;
      }
    }
    assertEquals(0.75, (double) calmish / perMinute.length, 0.05);
    assertEquals(0.25, (double) bursty / perMinute.length, 0.05);
  }

  @Test
  void hourOfWeek_honoursTheZoneAndDaylightSaving() {
    WeeklyCurve c = WeeklyCurve.flat(NY);
    // Monday 2026-01-05 09:30 in New York (EST, UTC-5) is hour 9 of the week.
    assertEquals(9, c.hourOfWeek(Instant.parse("2026-01-05T14:30:00Z").getEpochSecond() * 1_000_000L));
    // Monday 2026-07-06 09:30 EDT (UTC-4).
    assertEquals(9, c.hourOfWeek(Instant.parse("2026-07-06T13:30:00Z").getEpochSecond() * 1_000_000L));
    // Sunday 23:00 local is the last hour.
    assertEquals(167, c.hourOfWeek(Instant.parse("2026-01-12T04:30:00Z").getEpochSecond() * 1_000_000L));
  }
}
