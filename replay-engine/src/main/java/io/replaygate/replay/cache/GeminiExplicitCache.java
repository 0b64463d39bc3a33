package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.core.PrefixTree;
import io.replaygate.replay.core.Request;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Gemini explicit context caches, created by the application's policy
 * ({@link CacheSettings.GeminiExplicit}): once a prefix of at least the model's minimum has been seen in
 * {@code createAfterUses} requests, the request that sees it creates a cache of it, which lives
 * {@code ttl} (extended on each use when {@code refreshOnUse}). Storage is billed per token-hour for the
 * cache's whole life, bought when it is created or extended. Later requests whose prompt starts with a
 * live cache read it at the cached price.
 *
 * <p>Approximation, stated: the creating request is billed for the created prefix as a cache write (the
 * catalog's write price, else input), not also as a read of it.
 */
final class GeminiExplicitCache extends AbstractPromptCache {
  /** Blocks seen in recent requests, with how many requests included each. */
  private final PrefixTree seen = PrefixTree.unbounded();
  /** Live caches, keyed by the hash of their last block (a cache is one whole prefix). */
  private final BlockStore caches = new BlockStore();

  GeminiExplicitCache(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng) {
    super(params, settings, rng);
  }

  private long cacheTtlUs() {
    long s = settings.geminiExplicit().ttlSeconds();
    return (s > 0 ? s : params.ttlSeconds()) * US_PER_S;
  }

  @Override
  public CacheResult access(Request r, long nowUs, Timing timing) {
    long[] keys = r.blocks();
    long ttl = cacheTtlUs();
    double hours = ttl / 3.6e9;
    // The longest live cache this prompt starts with.
    int hit = 0;
    for (int i = keys.length - 1; i >= 0; i--) {
      BlockStore.Entry c = caches.live(keys[i], nowUs);
      if (c != null && c.readableUs <= nowUs) {
        hit = i + 1;
        break;
      }
    }
    long read = hit == 0 ? 0 : r.prefixTokens(hit);
    double storage = 0;
    if (hit > 0 && settings.geminiExplicit().refreshOnUse()) {
      BlockStore.Entry c = caches.live(keys[hit - 1], nowUs);
      long before = c.expiresUs();
      c.lastUseUs = nowUs;
      c.deadlineUs = Math.max(c.deadlineUs, nowUs + ttl);
      storage += read * ((c.expiresUs() - before) / 3.6e9); // the extension is bought now
    }
    // The longest prefix seen often enough to be worth a cache of its own.
    int need = settings.geminiExplicit().createAfterUses() - 1;
    int candidate = seen.usedPrefix(keys, need, nowUs);
    long created = 0;
    long candidateTokens = r.prefixTokens(candidate);
    if (candidate > hit && candidateTokens >= Math.max(1, params.minCacheableTokens())
        && candidateTokens - read >= params.minCacheableTokens()) {
      caches.write(keys[candidate - 1], nowUs, nowUs, ttl, ttl);
      created = candidateTokens;
      storage += candidateTokens * hours;
      read = 0; // billed as creating the cache (see the class comment)
      hit = 0;
    }
    seen.write(keys, 0, keys.length, nowUs, nowUs, ttl, PrefixTree.FOREVER, r.keyCopies());
    return new CacheResult(read, created, 0, storage, hit, null);
  }
}
