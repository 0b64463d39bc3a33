package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.core.Request;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The reuse ceiling (DESIGN §1a): unbounded capacity, nothing expires, no minimum, token granularity, and
 * a prefix is readable from the moment its request arrives. Every realistic family reads at most this.
 *
 * <p>Nothing expires and a block is readable from its writer's arrival, so the cache is the set of blocks seen:
 * a primitive set, about 16 bytes per distinct block (an entry object per block took about 129, which put a
 * 10-million-request long-context trace at tens of gigabytes).
 */
final class IdealCache extends AbstractPromptCache {
  private final io.replaygate.trace.profile.LongHashSet seen = new io.replaygate.trace.profile.LongHashSet();

  IdealCache(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng) {
    super(params, settings, rng);
  }

  @Override
  public CacheResult access(Request r, long nowUs, Timing timing) {
    long[] keys = r.blocks();
    int m = 0;
    while (m < keys.length && seen.contains(keys[m])) {
      m++;
    }
    for (int i = m; i < keys.length; i++) {
      seen.add(keys[i]);
    }
    return new CacheResult(r.prefixTokens(m), 0, 0, 0, m, null);
  }
}
