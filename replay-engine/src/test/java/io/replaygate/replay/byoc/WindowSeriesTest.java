package io.replaygate.replay.byoc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.costmodel.ledger.WindowValues;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The series gathers an integral field's reports inside the window the last one fell in before they reach its builder:
 * what it reads is what the builder would hold had every report gone straight to it — whatever is still gathered,
 * reports that cross windows, amounts whose sum passes a long.
 */
class WindowSeriesTest {
  static final long WINDOW_US = 300_000_000L;

  @Test
  void gatheredReports_readAsIfEachWentStraightToTheBuilder() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(17);
    WindowSeries series = new WindowSeries(1_000, WINDOW_US);
    WindowValues.ExactBuilder direct = new WindowValues.ExactBuilder(-6);
    long t = 0; // from before the origin: window 0 counts it
    for (int i = 0; i < 5_000; i++) {
      long to = t + rng.nextLong(1, i % 100 == 0 ? 3 * WINDOW_US : 2_000_000L);
      long units = i % 1_000 == 7 ? Long.MAX_VALUE / 4 : rng.nextLong(0, 200_000);
      series.spread(WindowSeries.GPU_BLOCK_SECONDS, t, to, units);
      direct.spread(1_000, WINDOW_US, t, to, units);
      long busy = i % 500 < 3 ? Long.MAX_VALUE / 3 : rng.nextLong(1, 100_000); // three in a row pass a long
      series.addExact(WindowSeries.GPU_BLOCK_SECONDS, t, busy);
      direct.add(Math.max(0, Math.floorDiv(t - 1_000, WINDOW_US)), busy);
      t = to;
    }
    // read straight away: what the open window still holds counts
    WindowValues v = series.values(WindowSeries.GPU_BLOCK_SECONDS);
    assertEquals(direct.extent(), series.windows());
    assertArrayEquals(direct.build(series.windows()).toArray(), v.toArray(), 0.0);
  }
}
