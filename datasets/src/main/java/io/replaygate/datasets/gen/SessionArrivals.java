package io.replaygate.datasets.gen;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * When sessions start: a non-homogeneous Poisson process with intensity
 * {@code base × curve(t) × burst(t)}, drawn by thinning (Lewis–Shedler). {@code burst(t)} is a two-state
 * Markov-modulated factor: calm periods (factor 1) with exponential durations of mean {@code calmS}
 * alternate with bursts (factor {@code burstFactor}) of mean {@code burstS}. The base is chosen so that
 * the mean intensity over {@code [meanFromUs, meanToUs)} (the span, not the warm-up before it) is
 * {@code meanPerSecond}: it is divided by the curve's mean there and by the burst factor's time average
 * {@code (calmS + burstFactor·burstS) / (calmS + burstS)}. The process itself starts at {@code fromUs}.
 */
public final class SessionArrivals {
  private final UniformRandomProvider rng;
  private final WeeklyCurve curve;
  private final double burstFactor;
  private final double calmS;
  private final double burstS;
  private final double base;
  private final double maxIntensity;
  private long t;
  private boolean bursting;
  private long stateEndsUs;

  /**
   * @param meanPerSecond mean session starts per second over {@code [meanFromUs, meanToUs)}
   * @param burstFactor   intensity multiplier during a burst (1 = no bursts)
   * @param fromUs        where the process starts (before the span when there is a warm-up)
   */
  public SessionArrivals(UniformRandomProvider rng, double meanPerSecond, WeeklyCurve curve, double burstFactor,
      double calmS, double burstS, long fromUs, long meanFromUs, long meanToUs) {
    this.rng = rng;
    this.curve = curve;
    this.burstFactor = burstFactor;
    this.calmS = calmS;
    this.burstS = burstS;
    double burstMean = burstFactor == 1 ? 1 : (calmS + burstFactor * burstS) / (calmS + burstS);
    this.base = meanPerSecond / (curve.meanOver(meanFromUs, meanToUs) * burstMean);
    this.maxIntensity = base * curve.max() * Math.max(1, burstFactor);
    this.t = fromUs;
    this.stateEndsUs = fromUs + (burstFactor == 1 ? Long.MAX_VALUE / 4 : Sampling.micros(expo(calmS)));
  }

  /** The intensity (session starts per second) at {@code epochUs}: base × curve × burst state. */
  private double intensity(long epochUs) {
    return base * curve.at(epochUs) * (bursting ? burstFactor : 1);
  }

  /** The next session start, µs. */
  public long next() {
    while (true) {
      t += Sampling.micros(expo(1.0 / maxIntensity));
      while (t >= stateEndsUs) {
        bursting = !bursting;
        stateEndsUs += Sampling.micros(expo(bursting ? burstS : calmS));
      }
      if (rng.nextDouble() * maxIntensity < intensity(t)) {
        return t;
      }
    }
  }

  private double expo(double mean) {
    return -mean * Math.log(1 - rng.nextDouble());
  }
}
