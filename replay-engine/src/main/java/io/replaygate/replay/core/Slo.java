package io.replaygate.replay.core;

import java.util.List;

/**
 * The latency objective (DESIGN §1a): a request meets it when its TTFT ≤ the TTFT target for its prompt
 * length and its TPOT ≤ {@code tpotMs}; a request that was not served misses it.
 *
 * @param ttftMs      TTFT target of prompts beyond every bucket (of every prompt when there are none) [2,000]
 * @param tpotMs      TPOT target [100]
 * @param ttftBuckets TTFT targets by prompt length, ascending {@code upToTokens} (a long prompt's prefill takes
 *                    time on any server, so its target may be longer) [none: one target for every prompt]
 */
public record Slo(double ttftMs, double tpotMs, List<TtftBucket> ttftBuckets) {
  /** TTFT 2 s for every prompt, TPOT 100 ms. */
  public static final Slo DEFAULT = new Slo(2000, 100);

  /** Prompts of at most {@code upToTokens} tokens have TTFT target {@code ttftMs}. */
  public record TtftBucket(long upToTokens, double ttftMs) {}

  public Slo {
    if (!(ttftMs > 0) || !(tpotMs > 0)) {
      throw new IllegalArgumentException("SLO targets must be positive");
    }
    ttftBuckets = ttftBuckets == null ? List.of() : List.copyOf(ttftBuckets);
    for (int i = 0; i < ttftBuckets.size(); i++) {
      TtftBucket b = ttftBuckets.get(i);
      if (!(b.ttftMs() > 0) || b.upToTokens() < 1 || (i > 0 && b.upToTokens() <= ttftBuckets.get(i - 1).upToTokens())) {
        throw new IllegalArgumentException("TTFT buckets need positive targets and ascending prompt lengths");
      }
    }
  }

  public Slo(double ttftMs, double tpotMs) {
    this(ttftMs, tpotMs, List.of());
  }

  /** The TTFT target of a prompt of {@code inputTokens} tokens. */
  public double ttftTargetMs(long inputTokens) {
    for (TtftBucket b : ttftBuckets) {
      if (inputTokens <= b.upToTokens()) {
        return b.ttftMs();
      }
    }
    return ttftMs;
  }

  public boolean met(Outcome o) {
    return o.ok() && o.ttftMs() <= ttftTargetMs(o.inputTokens()) && (o.outputTokens() <= 1 || o.tpotMs() <= tpotMs);
  }
}
