package io.replaygate.costmodel.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class PairedBlockBootstrapTest {

  /**
   * A day of 5-minute windows: a diurnal baseline with AR(1) noise, and a candidate that saves exactly
   * {@code trueSavings} in expectation (its noise has mean zero).
   */
  static double[][] day(long seed, double trueSavings) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
    int n = 288;
    double[] b = new double[n];
    double[] c = new double[n];
    double ar = 0;
    for (int i = 0; i < n; i++) {
      ar = 0.7 * ar + g.sample();
      b[i] = 10 + 6 * Math.sin(2 * Math.PI * i / n) + ar;
      c[i] = b[i] * (1 - trueSavings) + 1.5 * g.sample();
    }
    return new double[][] {b, c};
  }

  @Test
  void sameSeed_sameInterval_otherSeed_otherResamples() {
    double[][] d = day(1, 0.2);
    var a = PairedBlockBootstrap.savings(d[0], d[1], 12, 0.90, 1000, 42);
    var b = PairedBlockBootstrap.savings(d[0], d[1], 12, 0.90, 1000, 42);
    var c = PairedBlockBootstrap.savings(d[0], d[1], 12, 0.90, 1000, 43);
    assertEquals(a, b);
    assertNotEquals(a.lower(), c.lower());
    assertEquals(a.estimate(), c.estimate(), 0.0, "the point estimate does not depend on the seed");
    assertTrue(a.lower() < a.estimate() && a.estimate() < a.upper());
  }

  @Test
  void identicalPaths_haveZeroSavingsAndAZeroWidthInterval() {
    double[] b = day(2, 0)[0];
    var i = PairedBlockBootstrap.savings(b, b.clone(), 12, 0.90, 500, 1);
    assertEquals(0.0, i.estimate(), 1e-15);
    assertEquals(0.0, i.lower(), 1e-15);
    assertEquals(0.0, i.upper(), 1e-15);
  }

  @Test
  void coverage_ninetyPercentInterval_coversTheTrueSavingsAboutNinetyPercentOfTheTime() {
    // 300 independent days with true savings 0.20. Each day's 90% interval should cover 0.20 in ~90% of
    // days. Tolerance: a binomial proportion over 300 repetitions has sd ≈ 1.7 pp, and the percentile
    // bootstrap on 288 correlated windows runs slightly narrow, so accept 82%–97%.
    int covered = 0;
    int reps = 300;
    for (int r = 0; r < reps; r++) {
      double[][] d = day(1000 + r, 0.20);
      var i = PairedBlockBootstrap.savings(d[0], d[1], 12, 0.90, 400, r);
      if (i.lower() <= 0.20 && 0.20 <= i.upper()) {
        covered++;
      }
    }
    double rate = covered / (double) reps;
    System.out.println("bootstrap coverage: " + rate);
    assertTrue(rate >= 0.82 && rate <= 0.97, "coverage " + rate);
  }

  @Test
  void badArguments_areRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> PairedBlockBootstrap.savings(new double[] {1}, new double[] {1, 2}, 1, 0.9, 10, 1));
    assertThrows(IllegalArgumentException.class,
        () -> PairedBlockBootstrap.savings(new double[] {0, 0}, new double[] {1, 2}, 1, 0.9, 10, 1));
    assertThrows(IllegalArgumentException.class,
        () -> PairedBlockBootstrap.savings(new double[] {1, 1}, new double[] {1, 2}, 1, 1.5, 10, 1));
  }
}
