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
}
