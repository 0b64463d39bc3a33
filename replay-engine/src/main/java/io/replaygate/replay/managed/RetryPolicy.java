package io.replaygate.replay.managed;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * What a client does on a 429: retry the same target up to {@code maxRetries} times with exponential
 * backoff ({@code baseMs × multiplier^n}, stretched by up to {@code jitter} of itself, drawn from the
 * path's seeded stream), then move to the next target of the route; with {@code routeImmediately} it moves
 * on at once.
 */
public record RetryPolicy(int maxRetries, double baseMs, double multiplier, double jitter, boolean routeImmediately) {
  /** 3 retries, 1 s doubling, 25% jitter, then the next target. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, 1000, 2, 0.25, false);

  public RetryPolicy {
    if (maxRetries < 0 || !(baseMs >= 0) || !(multiplier >= 1) || !(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("retry: max_retries >= 0, base_ms >= 0, multiplier >= 1, jitter in [0, 1]");
    }
  }

  /** The wait before retry number {@code n} (0-based), µs. */
  public long backoffUs(int n, UniformRandomProvider rng) {
    double ms = baseMs * Math.pow(multiplier, n);
    double u = jitter == 0 ? 0 : rng.nextDouble() * jitter;
    return Math.round(ms * (1 + u) * 1000);
  }
}
