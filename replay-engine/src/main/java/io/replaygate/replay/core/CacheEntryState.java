package io.replaygate.replay.core;

/**
 * What a managed cache knows of a cached block (or of a run of blocks that agree on it): readable from
 * {@code readableUs}; expiring {@code ttlUs} after its last use and never after {@code deadlineUs} (its creation
 * plus the cap on its life); written {@code uses} times. One definition for {@link PrefixTree}'s runs and the managed
 * caches' single entries, each also an element of its store's recency list.
 *
 * @param <N> the element type
 */
public abstract class CacheEntryState<N extends CacheEntryState<N>> extends RecencyList.Node<N> {
  public long readableUs;
  public long lastUseUs;
  public long ttlUs;
  /** Creation plus the longest life: one field, not two (8 bytes less for each run of the provider caches). */
  public long deadlineUs;
  public int uses;

  public final long expiresUs() {
    return Math.min(lastUseUs + ttlUs, deadlineUs);
  }

  /** A new entry, written at {@code nowUs}. */
  public final void create(long nowUs, long readableUs, long ttlUs, long capUs) {
    this.readableUs = readableUs;
    this.lastUseUs = nowUs;
    this.ttlUs = ttlUs;
    this.deadlineUs = nowUs + capUs;
    this.uses = 1;
  }

  /** Written again at {@code nowUs}: it keeps the earlier readable time and takes the longer TTL. */
  public final void rewrite(long nowUs, long readableUs, long ttlUs) {
    uses++;
    this.readableUs = Math.min(this.readableUs, readableUs);
    this.lastUseUs = Math.max(this.lastUseUs, nowUs);
    this.ttlUs = Math.max(this.ttlUs, ttlUs);
  }

  public final void copyState(CacheEntryState<?> o) {
    readableUs = o.readableUs;
    lastUseUs = o.lastUseUs;
    ttlUs = o.ttlUs;
    deadlineUs = o.deadlineUs;
    uses = o.uses;
  }
}
