package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.core.Request;
import io.replaygate.trace.TraceRecord;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Not a simulation: the cache reads and writes the provider reported for each request ({@code cached_tokens},
 * {@code cache_write_tokens}; none when the record has neither), so a path with this family prices the trace's
 * own observed usage — the bill as it was, beside the simulated one. Writes bill as 5-minute writes.
 */
final class RecordedUsageCache extends AbstractPromptCache {
  RecordedUsageCache(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng) {
    super(params, settings, rng);
  }

  @Override
  public CacheResult access(Request r, long nowUs, Timing timing) {
    return recorded(r.record(), r.inputTokens());
  }

  /** The recorded usage of {@code rec}, clamped to its {@code input} prompt tokens. */
  static CacheResult recorded(TraceRecord rec, long input) {
    long read = Math.min(input, rec.cachedTokens() == null ? 0 : rec.cachedTokens());
    long write = Math.min(input - read, rec.cacheWriteTokens() == null ? 0 : rec.cacheWriteTokens());
    return new CacheResult(read, write, 0, 0, 0, null);
  }
}
