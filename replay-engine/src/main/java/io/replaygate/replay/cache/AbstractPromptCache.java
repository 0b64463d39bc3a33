package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.core.PrefixTree;
import io.replaygate.replay.core.Request;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Shared plumbing of the families: the catalog parameters (minimum, granularity, TTL), the scenario's
 * settings, the path's random stream, and the automatic prefix cache most families are variations of.
 */
abstract class AbstractPromptCache implements PromptCache {
  static final long US_PER_S = 1_000_000L;

  final CacheSemantics params;
  final CacheSettings settings;
  final UniformRandomProvider rng;

  AbstractPromptCache(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng) {
    this.params = params;
    this.settings = settings;
    this.rng = rng;
  }

  /** Matched prompt tokens as billed: 0 below the minimum, else rounded down to the granularity. */
  long billable(long matchedTokens) {
    if (matchedTokens <= 0 || matchedTokens < params.minCacheableTokens()) {
      return 0;
    }
    int step = Math.max(1, params.granularityTokens());
    return matchedTokens / step * step;
  }

  /** The catalog TTL in µs (after the last use). */
  long ttlUs() {
    return params.ttlSeconds() * US_PER_S;
  }

  /**
   * The automatic prefix cache: the longest cached, readable prefix is read (as billed by
   * {@link #billable}) and refreshed; then the whole prompt is stored, readable once the response starts
   * ({@code readableAtCompletion}: once it ends), with TTL {@code ttlUs} after the last use and at most
   * {@code capUs} after creation.
   */
  CacheResult automatic(PrefixTree store, Request r, long nowUs, Timing timing, long ttlUs, long capUs,
      boolean readableAtCompletion, String node) {
    long[] keys = r.blocks();
    int m = store.matchPrefix(keys, keys.length, nowUs);
    long read = billable(r.prefixTokens(m));
    if (read > 0) {
      store.touch(keys, m, nowUs);
    }
    long uncached = r.inputTokens() - read;
    long readable = readableAtCompletion ? timing.completionUs(uncached) : timing.firstTokenUs(uncached);
    store.write(keys, 0, keys.length, nowUs, readable, ttlUs, capUs, r.keyCopies());
    return new CacheResult(read, 0, 0, 0, m, node);
  }
}
