package io.replaygate.replay.cache;

import io.replaygate.replay.core.RecencyList;

/**
 * What a managed cache knows of a cached block (or of a run of blocks that agree on it): readable from
 * {@code readableUs}; expiring {@code ttlUs} after its last use and never after {@code createdUs + capUs}; written
 * {@code uses} times. One definition for {@link PrefixTree}'s runs and {@link BlockStore}'s entries, each also an
 * element of its store's recency list.
 *
 * @param <N> the element type
 */
abstract class CacheEntryState<N extends CacheEntryState<N>> extends RecencyList.Node<N> {
  long readableUs;
  long lastUseUs;
  long createdUs;
  long ttlUs;
  long capUs;
  int uses;

  final long expiresUs() {
    return Math.min(lastUseUs + ttlUs, createdUs + capUs);
  }

  /** A new entry, written at {@code nowUs}. */
  final void create(long nowUs, long readableUs, long ttlUs, long capUs) {
    this.readableUs = readableUs;
    this.lastUseUs = nowUs;
    this.createdUs = nowUs;
    this.ttlUs = ttlUs;
    this.capUs = capUs;
    this.uses = 1;
  }

  /** Written again at {@code nowUs}: it keeps the earlier readable time and takes the longer TTL. */
  final void rewrite(long nowUs, long readableUs, long ttlUs) {
    uses++;
    this.readableUs = Math.min(this.readableUs, readableUs);
    this.lastUseUs = Math.max(this.lastUseUs, nowUs);
    this.ttlUs = Math.max(this.ttlUs, ttlUs);
  }

  final void copyState(CacheEntryState<?> o) {
    readableUs = o.readableUs;
    lastUseUs = o.lastUseUs;
    createdUs = o.createdUs;
    ttlUs = o.ttlUs;
    capUs = o.capUs;
    uses = o.uses;
  }
}
