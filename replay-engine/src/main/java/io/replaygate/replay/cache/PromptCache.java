package io.replaygate.replay.cache;

import io.replaygate.replay.core.Request;

/**
 * One provider's prompt cache as one path's account sees it. {@link #access} is called once per served
 * request, in simulated-time order; it decides the hit from what earlier requests left behind and records
 * what this request leaves for later ones.
 */
public interface PromptCache {
  /** When the request's first token and its last one come out, given how many prompt tokens it prefills. */
  interface Timing {
    long firstTokenUs(long uncachedTokens);

    long completionUs(long uncachedTokens);
  }

  /** Serves {@code r} at {@code nowUs}. */
  CacheResult access(Request r, long nowUs, Timing timing);
}
