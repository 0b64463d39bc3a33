package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.core.PrefixTree;
import io.replaygate.replay.core.Request;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Gemini implicit caching (best effort). The documented hit model: the longest prefix cached within the
 * catalog's TTL after its last use, at least the model's minimum, is a hit with probability
 * {@link CacheSettings.GeminiImplicit#hitProbability()} (one draw per eligible request from the path's
 * seeded stream); a hit is billed at the cached price. Entries are readable once the response starts.
 */
final class GeminiImplicitCache extends AbstractPromptCache {
  private final PrefixTree store = PrefixTree.unbounded();

  GeminiImplicitCache(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng) {
    super(params, settings, rng);
  }

  @Override
  public CacheResult access(Request r, long nowUs, Timing timing) {
    long[] keys = r.blocks();
    int m = store.matchPrefix(keys, keys.length, nowUs);
    long read = billable(r.prefixTokens(m));
    if (read > 0 && rng.nextDouble() >= settings.geminiImplicit().hitProbability()) {
      read = 0; // eligible, but the best-effort cache missed
    }
    if (read > 0) {
      store.touch(keys, m, nowUs);
    }
    long readable = timing.firstTokenUs(r.inputTokens() - read);
    store.write(keys, 0, keys.length, nowUs, readable, ttlUs(), PrefixTree.FOREVER, r.keyCopies());
    return new CacheResult(read, 0, 0, 0, m, null);
  }
}
