package io.replaygate.datasets.gen;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.LogNormalSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/** The few distributions the workloads draw from, parameterised the way their defaults are documented. */
public final class Sampling {
  private Sampling() {
  }

  /** Log-normal with the given median ({@code e^mu}) and shape {@code sigma} (σ of the log). */
  public static ContinuousSampler logNormal(UniformRandomProvider rng, double median, double sigma) {
    if (sigma == 0) {
      return () -> median;
    }
    return LogNormalSampler.of(ZigguratSampler.NormalizedGaussian.of(rng), Math.log(median), sigma);
  }

  /** A positive whole number of tokens from {@code s}, at least {@code min}, at most {@code max}. */
  public static int tokens(ContinuousSampler s, int min, int max) {
    double v = Math.rint(s.sample());
    return (int) Math.max(min, Math.min(max, v));
  }

  /**
   * Inverse-CDF draws from a percentile table: {@code values[i]} is the {@code i/(n-1)} quantile, linear
   * in between (an empirical distribution, for figures no parametric family fits).
   */
  public static ContinuousSampler percentiles(UniformRandomProvider rng, double[] values) {
    double[] v = values.clone();
    return () -> {
      double x = rng.nextDouble() * (v.length - 1);
      int i = Math.min(v.length - 2, (int) x);
      return v[i] + (x - i) * (v[i + 1] - v[i]);
    };
  }

  /** Parses a percentile table {@code "a,b,c,…"} (at least 2, non-decreasing); {@code null} when malformed. */
  public static double[] parsePercentiles(String text) {
    String[] parts = text.split(",");
    if (parts.length < 2) {
      return null;
    }
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Double.parseDouble(parts[i].strip().replace("_", ""));
      } catch (NumberFormatException e) {
        return null;
      }
      if (!(out[i] >= 0) || (i > 0 && out[i] < out[i - 1])) {
        return null;
      }
    }
    return out;
  }

  /**
   * {@code E[clamp(round(X), min, max)]} for X log-normal (median, sigma): the mean of the whole counts a
   * model draws, by quadrature over the normal density (z in [-8, 8], 16,000 steps; error far below 0.1%).
   */
  public static double meanRoundedLogNormal(double median, double sigma, double min, double max) {
    int steps = 16_000;
    double dz = 16.0 / steps;
    double sum = 0;
    for (int i = 0; i < steps; i++) {
      double z = -8 + (i + 0.5) * dz;
      double x = Math.max(min, Math.min(max, Math.rint(median * Math.exp(sigma * z))));
      sum += x * Math.exp(-0.5 * z * z) * dz;
    }
    return sum / Math.sqrt(2 * Math.PI);
  }

  /** Exponential with the given mean. */
  public static ContinuousSampler exponential(UniformRandomProvider rng, double mean) {
    return ZigguratSampler.Exponential.of(rng, mean);
  }

  /** Seconds → µs, at least 1 µs (arrivals of one session are strictly ordered). */
  public static long micros(double seconds) {
    return Math.max(1L, Math.round(seconds * 1e6));
  }

  /** Geometric on {1, 2, …} with the given mean (≥ 1), capped at {@code max}. */
  public static int geometric(UniformRandomProvider rng, double mean, int max) {
    if (mean <= 1) {
      return 1;
    }
    double p = 1.0 / mean;
    int k = 1 + (int) Math.floor(Math.log(1 - rng.nextDouble()) / Math.log(1 - p));
    return Math.max(1, Math.min(max, k));
  }
}
