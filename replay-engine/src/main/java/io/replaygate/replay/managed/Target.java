package io.replaygate.replay.managed;

import io.replaygate.costmodel.catalog.LatencyParams;
import io.replaygate.costmodel.catalog.LongContextTier;
import io.replaygate.costmodel.catalog.PriceEntry;
import io.replaygate.replay.cache.PromptCache;

/**
 * A provider model as one path uses it: its catalog entry (prices, semantics, latency), this path's cache
 * and rate limiter (state of this path's account only).
 *
 * @param id      {@code provider/model}, or {@code ideal}/{@code none} for the unpriced ceilings
 * @param entry   the catalog entry, {@code null} for an unpriced target
 * @param limiter the tier's rate limits, or {@code null} for none
 */
public record Target(String id, PriceEntry entry, PromptCache cache, LatencyParams latency, RateLimiter limiter) {
  public String provider() {
    return entry == null ? null : entry.provider();
  }

  /** Whether a prompt of {@code inputTokens} is billed at the long-context tier. */
  public boolean longContext(long inputTokens) {
    if (entry == null || entry.longContext().isEmpty()) {
      return false;
    }
    LongContextTier tier = entry.longContext().get(0);
    return inputTokens > tier.aboveTokens();
  }

  public boolean priced() {
    return entry != null;
  }
}
