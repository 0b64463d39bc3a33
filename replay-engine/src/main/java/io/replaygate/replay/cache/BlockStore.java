package io.replaygate.replay.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cached prompt prefixes keyed by block hash (a block's hash names the whole prefix up to its end), the
 * plumbing every family shares. An entry is readable from {@code readableUs} (its writer's first token, or
 * completion) until it expires: {@code ttlUs} after its last use, and never after {@code createdUs + capUs}.
 * With a capacity, the least recently used entries go first (a shared prefix, used by every request that
 * extends it, outlives its tails). Expired entries are dropped as the store grows, so memory follows the
 * live set, not the trace.
 */
final class BlockStore {
  /** No expiry. */
  static final long FOREVER = Long.MAX_VALUE / 4;

  static final class Entry {
    long readableUs;
    long lastUseUs;
    long createdUs;
    long ttlUs;
    long capUs;
    int uses;

    long expiresUs() {
      return Math.min(lastUseUs + ttlUs, createdUs + capUs);
    }
  }

  private final LinkedHashMap<Long, Entry> entries;
  private final long capacity;
  private long purgeAt = 1 << 16;

  /** @param capacityBlocks at most this many entries (LRU beyond), or {@code Long.MAX_VALUE} */
  BlockStore(long capacityBlocks) {
    this.capacity = capacityBlocks;
    this.entries = new LinkedHashMap<>(1024, 0.75f, capacityBlocks != Long.MAX_VALUE);
  }

  static BlockStore unbounded() {
    return new BlockStore(Long.MAX_VALUE);
  }

  /** The live entry for {@code key} at {@code nowUs}, readable or not, or {@code null}. */
  Entry live(long key, long nowUs) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (e.expiresUs() <= nowUs) {
      entries.remove(key);
      return null;
    }
    return e;
  }

  /**
   * How many leading blocks of {@code keys} (at most {@code max}) are cached and readable at {@code nowUs}:
   * the longest cached prefix.
   */
  int matchPrefix(long[] keys, int max, long nowUs) {
    int n = Math.min(max, keys.length);
    int i = 0;
    while (i < n) {
      Entry e = live(keys[i], nowUs);
      if (e == null || e.readableUs > nowUs) {
        break;
      }
      i++;
    }
    return i;
  }

  /** Marks the first {@code n} blocks used at {@code nowUs} (TTL refreshed on a hit). */
  void touch(long[] keys, int n, long nowUs) {
    for (int i = 0; i < n; i++) {
      Entry e = entries.get(keys[i]);
      if (e != null) {
        e.lastUseUs = Math.max(e.lastUseUs, nowUs);
      }
    }
  }

  /**
   * Writes blocks {@code [from, to)} of {@code keys}: new entries become readable at {@code readableUs};
   * an entry already there keeps its earlier readable time and takes the longer TTL.
   */
  void write(long[] keys, int from, int to, long nowUs, long readableUs, long ttlUs, long capUs) {
    for (int i = from; i < to; i++) {
      Entry e = live(keys[i], nowUs);
      if (e == null) {
        e = new Entry();
        e.readableUs = readableUs;
        e.createdUs = nowUs;
        e.lastUseUs = nowUs;
        e.ttlUs = ttlUs;
        e.capUs = capUs;
        e.uses = 1;
        entries.put(keys[i], e);
      } else {
        e.uses++;
        e.readableUs = Math.min(e.readableUs, readableUs);
        e.lastUseUs = Math.max(e.lastUseUs, nowUs);
        e.ttlUs = Math.max(e.ttlUs, ttlUs);
      }
    }
    trim(nowUs);
  }

  int size() {
    return entries.size();
  }

  private void trim(long nowUs) {
    while (entries.size() > capacity) {
      Iterator<Map.Entry<Long, Entry>> it = entries.entrySet().iterator();
      it.next();
      it.remove();
    }
    if (entries.size() >= purgeAt) {
      entries.values().removeIf(e -> e.expiresUs() <= nowUs);
      purgeAt = Math.max(1 << 16, 2L * entries.size());
    }
  }
}
