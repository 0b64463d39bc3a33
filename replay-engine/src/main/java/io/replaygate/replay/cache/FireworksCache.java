package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.core.PrefixTree;
import io.replaygate.replay.core.Request;
import java.nio.charset.StandardCharsets;
import net.openhft.hashing.LongHashFunction;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Fireworks: each serving replica has its own prefix cache (LRU, {@code capacityTokensPerReplica}, entries
 * also dropped after the catalog's idle TTL). Requests of a session stick to one replica (session affinity,
 * {@code x-session-affinity}); requests without a session go to a replica drawn from the path's seeded
 * stream. Cached input is billed at the cached price; no write surcharge.
 */
final class FireworksCache extends AbstractPromptCache {
  private final PrefixTree[] replicas;

  FireworksCache(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng) {
    super(params, settings, rng);
    replicas = new PrefixTree[Math.max(1, settings.fireworks().replicas())];
  }

  @Override
  public CacheResult access(Request r, long nowUs, Timing timing) {
    String session = r.record().sessionId();
    int n = replicas.length;
    int replica = session != null
        ? (int) Math.floorMod(LongHashFunction.xx3().hashBytes(session.getBytes(StandardCharsets.UTF_8)), (long) n)
        : rng.nextInt(n);
    if (replicas[replica] == null) {
      long blocks = Math.max(1, settings.fireworks().capacityTokensPerReplica() / Math.max(1, r.blockTokens()));
      replicas[replica] = new PrefixTree(blocks);
    }
    return automatic(replicas[replica], r, nowUs, timing, ttlUs(), PrefixTree.FOREVER, false, "replica-" + replica);
  }
}
