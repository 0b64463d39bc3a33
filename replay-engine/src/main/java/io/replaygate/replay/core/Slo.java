package io.replaygate.replay.core;

/**
 * The latency objective (DESIGN §1a): a request meets it when its TTFT ≤ {@code ttftMs} and its TPOT ≤
 * {@code tpotMs}; a request that was not served misses it.
 */
public record Slo(double ttftMs, double tpotMs) {
  /** TTFT 2 s, TPOT 100 ms. */
  public static final Slo DEFAULT = new Slo(2000, 100);

  public Slo {
    if (!(ttftMs > 0) || !(tpotMs > 0)) {
      throw new IllegalArgumentException("SLO targets must be positive");
    }
  }

  public boolean met(Outcome o) {
    return o.ok() && o.ttftMs() <= ttftMs && (o.outputTokens() <= 1 || o.tpotMs() <= tpotMs);
  }
}
