package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.core.Request;
import org.apache.commons.rng.UniformRandomProvider;

/** No prompt caching: every prompt token is billed as input. */
final class NoCache extends AbstractPromptCache {
  NoCache(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng) {
    super(params, settings, rng);
  }

  @Override
  public CacheResult access(Request r, long nowUs, Timing timing) {
    return CacheResult.MISS;
  }
}
