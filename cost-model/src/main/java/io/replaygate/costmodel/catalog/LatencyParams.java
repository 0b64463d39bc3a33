package io.replaygate.costmodel.catalog;

/**
 * A managed model's latency, as the replay's latency model uses it: time to first token = {@code ttftBaseMs}
 * + {@code ttftMsPer1kUncached} × uncached prompt tokens ÷ 1000 (+ any rate-limit wait); time per output
 * token = {@code tpotMs}; end-to-end = TTFT + TPOT × (output tokens − 1).
 *
 * @param ttftBaseMs          fixed part of the time to first token, ms
 * @param ttftMsPer1kUncached prefill time per 1,000 prompt tokens not read from cache, ms
 * @param tpotMs              time per output token after the first, ms
 */
public record LatencyParams(double ttftBaseMs, double ttftMsPer1kUncached, double tpotMs) {
  public LatencyParams {
    if (!(ttftBaseMs >= 0) || !(ttftMsPer1kUncached >= 0) || !(tpotMs >= 0)
        || !Double.isFinite(ttftBaseMs + ttftMsPer1kUncached + tpotMs)) {
      throw new IllegalArgumentException("latency parameters must be finite and non-negative");
    }
  }

  /** Time to first token in ms for a prompt with {@code uncachedTokens} not read from cache. */
  public double ttftMs(long uncachedTokens) {
    return ttftBaseMs + ttftMsPer1kUncached * uncachedTokens / 1000.0;
  }
}
