package io.replaygate.costmodel.stats;

import io.replaygate.costmodel.ledger.WindowValues;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Confidence interval for the savings of a candidate path over the baseline on the same traffic:
 * {@code savings = (Σ baseline − Σ candidate) ÷ Σ baseline} over the time windows.
 *
 * <p>Paired moving-block bootstrap: windows are resampled in blocks of {@code blockLength} consecutive
 * windows (any start, with replacement) until the series length is reached, the same blocks for both
 * paths (pairing keeps the traffic the same), and the statistic is recomputed per resample. The interval is
 * the percentile interval at {@code level} (quantiles with linear interpolation). Blocks keep the
 * correlation between neighbouring windows (diurnal load, sessions) that an i.i.d. bootstrap would break.
 * Seeded (commons-rng XO_RO_SHI_RO_128_PP): the same inputs and seed give the same interval.
 */
public final class PairedBlockBootstrap {

  /** The default number of resamples. */
  public static final int DEFAULT_RESAMPLES = 2_000;

  private PairedBlockBootstrap() {}

  /**
   * @param estimate    the savings on the data as observed
   * @param lower       the interval's lower end
   * @param upper       the interval's upper end
   * @param level       the confidence level, e.g. 0.90
   * @param resamples   bootstrap resamples used
   * @param blockLength windows per block
   */
  public record Interval(double estimate, double lower, double upper, double level, int resamples, int blockLength) {}

  public static Interval savings(double[] baseline, double[] candidate, int blockLength, double level, int resamples,
      long seed) {
    return savings(WindowValues.of(baseline), WindowValues.of(candidate), blockLength, level, resamples, seed);
  }

  /**
   * The same over series kept as runs: a block's sum is two prefix sums, so a long quiet period costs no memory
   * and a block takes the same time however many windows it spans.
   */
  public static Interval savings(WindowValues baseline, WindowValues candidate, int blockLength, double level,
      int resamples, long seed) {
    long n = baseline.windows();
    if (candidate.windows() != n) {
      throw new IllegalArgumentException("paired series must have the same windows: " + n + " vs "
          + candidate.windows());
    }
    if (n == 0) {
      throw new IllegalArgumentException("no windows to resample");
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many windows to resample: " + n);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    if (blockLength < 1 || resamples < 1) {
      throw new IllegalArgumentException("block length and resamples must be positive");
    }
    int block = (int) Math.min(blockLength, n);
    double base = baseline.total();
    if (!(base > 0)) {
      throw new IllegalArgumentException("the baseline costs nothing: savings are undefined");
    }
    double estimate = (base - candidate.total()) / base;
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    int starts = (int) (n - block + 1);
    double[] stats = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double b = 0;
      double c = 0;
      long filled = 0;
      while (filled < n) {
        int start = rng.nextInt(starts);
        int take = (int) Math.min(block, n - filled);
        b += baseline.sum(start, start + take);
        c += candidate.sum(start, start + take);
        filled += take;
      }
      stats[r] = b > 0 ? (b - c) / b : estimate;
    }
    Arrays.sort(stats);
    double alpha = (1 - level) / 2;
    return new Interval(estimate, quantile(stats, alpha), quantile(stats, 1 - alpha), level, resamples, block);
  }

  /** Linear interpolation between order statistics (Hyndman–Fan type 7). */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
