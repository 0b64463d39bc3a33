package io.replaygate.replay.cache;

/**
 * What a prompt cache did for one request: prompt tokens billed as reads and as writes (by TTL class),
 * explicit-cache storage bought (token-hours), and how many trace blocks it found cached.
 *
 * @param readTokens        prompt tokens billed as cache reads (after the family's minimum and granularity)
 * @param write5mTokens     prompt tokens billed as short-TTL cache writes (families that bill writes)
 * @param write1hTokens     prompt tokens billed as 1-hour cache writes
 * @param storageTokenHours explicit cache storage bought by this request, token-hours
 * @param matchedBlocks     leading trace blocks found cached (before minimum and granularity)
 * @param cacheNode         where the prefix was looked up (a cache machine or replica), or {@code null}
 */
public record CacheResult(long readTokens, long write5mTokens, long write1hTokens, double storageTokenHours,
    int matchedBlocks, String cacheNode) {

  public static final CacheResult MISS = new CacheResult(0, 0, 0, 0, 0, null);

  /** What the trace recorded for {@code rec} (cached and cache-write tokens, clamped to {@code input}). */
  public static CacheResult recorded(io.replaygate.trace.TraceRecord rec, long input) {
    return RecordedUsageCache.recorded(rec, input);
  }

  public CacheResult {
    if (readTokens < 0 || write5mTokens < 0 || write1hTokens < 0 || storageTokenHours < 0) {
      throw new IllegalArgumentException("negative cache accounting: " + readTokens + "/" + write5mTokens + "/"
          + write1hTokens + "/" + storageTokenHours);
    }
  }

  /** Prompt tokens that had to be prefilled (not read from cache). */
  public long uncached(long inputTokens) {
    return inputTokens - readTokens;
  }
}
