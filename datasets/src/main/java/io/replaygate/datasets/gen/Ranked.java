package io.replaygate.datasets.gen;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;

/** Picks one of {@code n} ranked items with Zipf popularity (exponent 0 = uniform); 0-based rank. */
public final class Ranked {
  private final UniformRandomProvider rng;
  private final int n;
  private final DiscreteSampler zipf;

  public Ranked(UniformRandomProvider rng, int n, double exponent) {
    if (n <= 0) {
      throw new IllegalArgumentException("nothing to pick from");
    }
    this.rng = rng;
    this.n = n;
    this.zipf = exponent > 0 ? RejectionInversionZipfSampler.of(rng, n, exponent) : null;
  }

  public int pick() {
    return zipf == null ? rng.nextInt(n) : zipf.sample() - 1;
  }

  /** The expected share of rank {@code k} (0-based) under this popularity. */
  public static double share(int n, double exponent, int k) {
    double h = 0;
    for (int i = 1; i <= n; i++) {
      h += Math.pow(i, -exponent);
    }
    return Math.pow(k + 1, -exponent) / h;
  }

  /** Tenant names: {@code tenant-a} … {@code tenant-z}, then {@code tenant-a1} …. */
  public static String tenantName(int i) {
    return "tenant-" + (char) ('a' + i % 26) + (i >= 26 ? Integer.toString(i / 26) : "");
  }
}
