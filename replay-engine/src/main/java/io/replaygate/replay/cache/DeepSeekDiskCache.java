package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.core.PrefixTree;
import io.replaygate.replay.core.Request;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * DeepSeek's disk cache: automatic, prefixes matched from the start in units of the catalog's granularity
 * (64 tokens) above its minimum, kept the catalog's TTL after the last use; an entry is built once the
 * request completes. Hits are billed at the cache-hit price, misses at input; no write surcharge.
 */
final class DeepSeekDiskCache extends AbstractPromptCache {
  private final PrefixTree store = PrefixTree.unbounded();

  DeepSeekDiskCache(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng) {
    super(params, settings, rng);
  }

  @Override
  public CacheResult access(Request r, long nowUs, Timing timing) {
    return automatic(store, r, nowUs, timing, ttlUs(), PrefixTree.FOREVER, true, null);
  }
}
