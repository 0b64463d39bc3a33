package io.replaygate.replay.cache;

import io.replaygate.replay.core.CacheEntryState;
import io.replaygate.replay.core.LongObjectMap;
import io.replaygate.replay.core.PrefixTree;
import io.replaygate.replay.core.RecencyList;

/**
 * Cache entries each standing alone under one block hash: Gemini's explicit caches, one per cached prefix, keyed by
 * the hash of its last block (prefix matching lives in {@link PrefixTree}). An entry is readable from
 * {@code readableUs} until it expires: {@code ttlUs} after its last use, and never after {@code createdUs + capUs}.
 * Expired entries are removed when looked up and dropped as the store grows, so memory follows the live set, not the
 * trace.
 */
final class BlockStore {
  /** No expiry. */
  static final long FOREVER = PrefixTree.FOREVER;

  /** One cached entry, also a node of the store's list in creation order. */
  static final class Entry extends CacheEntryState<Entry> {
    private long key;
  }

  private final LongObjectMap<Entry> index = new LongObjectMap<>();
  private final RecencyList<Entry> order = new RecencyList<>();
  private long purgeAt = PrefixTree.PURGE_FLOOR; // as the tree: both are held to one per-block model

  /** The live entry for {@code key} at {@code nowUs}, readable or not, or {@code null} (an expired one is removed). */
  Entry live(long key, long nowUs) {
    Entry e = index.get(key);
    if (e != null && e.expiresUs() <= nowUs) {
      remove(e);
      return null;
    }
    return e;
  }

  /**
   * Writes the entry for {@code key}: a new one is readable at {@code readableUs}; one already there keeps its
   * earlier readable time and takes the longer TTL.
   */
  void write(long key, long nowUs, long readableUs, long ttlUs, long capUs) {
    Entry e = live(key, nowUs);
    if (e == null) {
      e = new Entry();
      e.key = key;
      e.create(nowUs, readableUs, ttlUs, capUs);
      index.put(key, e);
      order.append(e);
    } else {
      e.rewrite(nowUs, readableUs, ttlUs);
    }
    if (index.size() >= purgeAt) {
      for (Entry x = order.head(); x != null; ) {
        Entry next = x.next();
        if (x.expiresUs() <= nowUs) {
          remove(x);
        }
        x = next;
      }
      purgeAt = PrefixTree.nextPurgeAt(index.size(), false);
    }
  }

  int size() {
    return index.size();
  }

  private void remove(Entry e) {
    order.unlink(e);
    index.remove(e.key);
  }
}
