package io.replaygate.costmodel.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class WindowValuesTest {

  @Test
  void pointsAndStretches_addUpWindowByWindow_asHandComputed() {
    WindowValues.Builder b = new WindowValues.Builder();
    b.add(1, 2.0);
    b.addRun(0, 5, 0.5); // 0.5 in windows 0..4
    b.addRun(3, 10, 1.0); // 1.0 in windows 3..9
    b.add(4, -0.25);
    WindowValues v = b.build(12);
    assertArrayEquals(new double[] {0.5, 2.5, 0.5, 1.5, 1.25, 1, 1, 1, 1, 1, 0, 0}, v.toArray(), 0.0);
    assertEquals(12, v.windows());
    assertEquals(0.5 + 2.5 + 0.5 + 1.5 + 1.25 + 5, v.total(), 1e-12);
    assertEquals(2.5 + 0.5 + 1.5, v.sum(1, 4), 1e-12);
    assertEquals(1.0, v.get(9), 0.0);
    assertEquals(0.0, v.get(10), 0.0);
    assertEquals(3, v.sum(6, 9), 1e-12, "inside one run");
    assertEquals(0, v.sum(10, 12), 0.0);
  }

  @Test
  void quietYear_isAFewRuns_notAWindowEach() {
    // A fleet up for a year of 5-minute windows with traffic in two windows: the memory is the runs, not 105,120.
    long windows = 365L * 288;
    WindowValues.Builder b = new WindowValues.Builder();
    b.addRun(0, windows, 0.4);
    b.add(7, 3.0);
    b.add(windows - 1, 3.0);
    WindowValues v = b.build(windows);
    assertEquals(4, v.runs(), v.toString()); // 0..6, 7, 8..last-1, last
    assertEquals(0.4 * windows + 6.0, v.total(), 1e-6);
    assertEquals(0.4 * 100, v.sum(1_000, 1_100), 1e-9);
  }

  @Test
  void stretchesThatCancel_leaveNoResidue_afterTheyEnd() {
    WindowValues.Builder b = new WindowValues.Builder();
    b.addRun(0, 50_000, 0.1);
    b.addRun(10, 40_000, 0.7);
    b.addRun(20, 30_000, 0.2);
    WindowValues v = b.build(100_000);
    assertEquals(0.0, v.get(60_000), 0.0);
    assertEquals(3, v.runs() - 2, v.toString()); // 0.1, 0.8, 1.0, 0.8, 0.1: five runs, nothing after 50,000
  }

  @Test
  void sums_matchTheWindowByWindowSeries_onRandomData() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7);
    int n = 5_000;
    double[] dense = new double[n];
    WindowValues.Builder b = new WindowValues.Builder();
    for (int k = 0; k < 300; k++) {
      int a = rng.nextInt(n);
      int e = a + rng.nextInt(n - a) + 1;
      double x = rng.nextDouble();
      if (rng.nextBoolean()) {
        b.addRun(a, e, x);
        for (int w = a; w < e; w++) {
          dense[w] += x;
        }
      } else {
        b.add(a, x);
        dense[a] += x;
      }
    }
    WindowValues v = b.build(n);
    double[] got = v.toArray();
    for (int w = 0; w < n; w++) {
      assertEquals(dense[w], got[w], 1e-9, "window " + w);
    }
    for (int k = 0; k < 1_000; k++) {
      int a = rng.nextInt(n);
      int e = a + rng.nextInt(n - a + 1);
      double expected = 0;
      for (int w = a; w < e; w++) {
        expected += dense[w];
      }
      assertEquals(expected, v.sum(a, e), 1e-8, a + ".." + e);
    }
  }

  @Test
  void shares_addUpToOne_andAreEvenWhenNothingWasAdded() {
    WindowValues v = WindowValues.of(0, 3, 1, 0);
    assertArrayEquals(new double[] {0, 0.75, 0.25, 0}, v.shares().toArray(), 1e-15);
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, WindowValues.zero(4).shares().toArray(), 0.0);
    assertEquals(1, WindowValues.zero(1_000_000).shares().runs());
  }

  @Test
  void extendedTo_addsZeroWindows_andBuildKeepsWhatWasAddedPastThePeriod() {
    WindowValues v = WindowValues.of(1, 2).extendedTo(4);
    assertArrayEquals(new double[] {1, 2, 0, 0}, v.toArray(), 0.0);
    WindowValues.Builder b = new WindowValues.Builder();
    b.add(6, 1);
    assertEquals(7, b.build(3).windows(), "nothing added is dropped");
  }

  @Test
  void negativeWindow_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new WindowValues.Builder().add(-1, 1));
    assertTrue(new WindowValues.Builder().build(0).runs() == 0);
  }

  // ---- ExactBuilder ----

  static final long HOUR_US = 3_600_000_000L;

  @Test
  void exactSpread_splitsAStretchOverItsWindows_asHandComputed() {
    // 5 blocks from 00:30 to 03:15 in hourly windows from 00:00: 1,800 + 3,600 + 3,600 + 900 seconds × 5.
    WindowValues.ExactBuilder b = new WindowValues.ExactBuilder(-6);
    b.spread(0, HOUR_US, HOUR_US / 2, 3 * HOUR_US + HOUR_US / 4, 5);
    b.add(1, 250_000); // 0.25 s
    WindowValues v = b.build(6);
    assertArrayEquals(new double[] {9_000, 18_000.25, 18_000, 4_500, 0, 0}, v.toArray(), 0.0);
    assertEquals(49_500.25, v.total(), 0.0);
    assertEquals(4, v.runs(), v.toString()); // 9,000 | 18,000.25 | 18,000 | 4,500
  }

  @Test
  void exactSpread_cutIntoPiecesInAnyOrder_givesTheSameBits() {
    // What lets an idle replica report one long stretch instead of one per arrival: the pieces add up exactly.
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11);
    for (int round = 0; round < 200; round++) {
      long from = rng.nextLong(0, 50 * HOUR_US);
      long to = from + rng.nextLong(1, 30 * HOUR_US);
      long units = rng.nextLong(1, 3_000_000);
      WindowValues.ExactBuilder whole = new WindowValues.ExactBuilder(-6);
      whole.spread(0, HOUR_US, from, to, units);
      long[] cuts = new long[rng.nextInt(1, 40) + 2];
      cuts[0] = from;
      cuts[cuts.length - 1] = to;
      for (int i = 1; i < cuts.length - 1; i++) {
        cuts[i] = rng.nextLong(from, to + 1);
      }
      java.util.Arrays.sort(cuts);
      WindowValues.ExactBuilder pieces = new WindowValues.ExactBuilder(-6);
      for (int i = cuts.length - 2; i >= 0; i--) { // backwards: the order does not matter either
        pieces.spread(0, HOUR_US, cuts[i], cuts[i + 1], units);
      }
      WindowValues a = whole.build(100);
      WindowValues b = pieces.build(100);
      assertArrayEquals(a.toArray(), b.toArray(), 0.0, "round " + round);
      // and each window is units × its µs in the stretch, rounded once
      for (int w = 0; w < 100; w++) {
        long overlap = Math.max(0, Math.min(to, (w + 1) * HOUR_US) - Math.max(from, w * HOUR_US));
        assertEquals(new java.math.BigDecimal(java.math.BigInteger.valueOf(units).multiply(
            java.math.BigInteger.valueOf(overlap)), 6).doubleValue(), a.get(w), 0.0, "round " + round + " window " + w);
      }
    }
  }

  @Test
  void exactSums_pastALong_doNotOverflow_andCancelToZero() {
    // 4·10⁹ blocks over a one-day window: 3.456·10²⁰ block·µs, past Long.MAX_VALUE (9.2·10¹⁸).
    long day = 24 * HOUR_US;
    WindowValues.ExactBuilder b = new WindowValues.ExactBuilder(-6);
    b.spread(0, day, 0, 3 * day, 4_000_000_000L);
    b.add(1, Long.MAX_VALUE);
    b.add(1, Long.MAX_VALUE);
    b.add(1, -Long.MAX_VALUE);
    b.add(1, -Long.MAX_VALUE);
    WindowValues v = b.build(4);
    assertArrayEquals(new double[] {3.456e14, 3.456e14, 3.456e14, 0}, v.toArray(), 0.0);
    assertEquals(1, v.runs(), v.toString());
    // A stretch's per-window amount of exactly 2⁶⁴ (low word zero), started and ended: nothing after its end.
    long w = 1L << 32;
    WindowValues.ExactBuilder c = new WindowValues.ExactBuilder(0);
    c.spread(0, w, 0, 4 * w, 1L << 32);
    assertArrayEquals(new double[] {0x1p64, 0x1p64, 0x1p64, 0x1p64, 0, 0}, c.build(6).toArray(), 0.0);
  }

  @Test
  void exactBuilder_negativeWindow_isRefused() {
    WindowValues.ExactBuilder b = new WindowValues.ExactBuilder(-6);
    assertThrows(IllegalArgumentException.class, () -> b.add(-1, 1));
  }
}
