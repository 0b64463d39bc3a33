package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.core.Request;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The reuse ceiling (DESIGN §1a): unbounded capacity, nothing expires, no minimum, token granularity, and
 * a prefix is readable from the moment its request arrives. Every realistic family reads at most this.
 */
final class IdealCache extends AbstractPromptCache {
  private final BlockStore store = BlockStore.unbounded();

  IdealCache(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng) {
    super(params, settings, rng);
  }

  @Override
  public CacheResult access(Request r, long nowUs, Timing timing) {
    long[] keys = r.blocks();
    int m = store.matchPrefix(keys, keys.length, nowUs);
    store.write(keys, m, keys.length, nowUs, nowUs, BlockStore.FOREVER, BlockStore.FOREVER);
    return new CacheResult(r.prefixTokens(m), 0, 0, 0, m, null);
  }
}
