package io.replaygate.replay.cache;

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

  /** One cached block, also a node of the store's recency list. */
  static final class Entry extends io.replaygate.replay.core.RecencyList.Node<Entry> {
    long readableUs;
    long lastUseUs;
    long createdUs;
    long ttlUs;
    long capUs;
    int uses;
    private long key;
    private boolean removed;
    /** The entry found after this one in the last prompt that walked through it (a hint; see {@link #find}). */
    private Entry after;

    long expiresUs() {
      return Math.min(lastUseUs + ttlUs, createdUs + capUs);
    }
  }

  /*
   * A primitive index (no Long boxes: ~20% of a managed replay's time went to HashMap<Long, …> probes) and an
   * intrusive doubly linked list in the order java.util.LinkedHashMap kept before it: insertion order when unbounded,
   * access order (a read moves the entry to the tail) when bounded, so eviction takes the same entries and every
   * output is byte-identical.
   */
  private final io.replaygate.replay.core.LongObjectMap<Entry> index = new io.replaygate.replay.core.LongObjectMap<>();
  private final boolean accessOrder;
  private final long capacity;
  private final io.replaygate.replay.core.RecencyList<Entry> order = new io.replaygate.replay.core.RecencyList<>();
  private long purgeAt = 1 << 16;

  /** @param capacityBlocks at most this many entries (LRU beyond), or {@code Long.MAX_VALUE} */
  BlockStore(long capacityBlocks) {
    this.capacity = capacityBlocks;
    this.accessOrder = capacityBlocks != Long.MAX_VALUE;
  }

  static BlockStore unbounded() {
    return new BlockStore(Long.MAX_VALUE);
  }

  /*
   * Walking a prompt probes the index once per block — on a store of millions of entries two or three cache misses
   * each, the whole cost of a long-context replay. But a prompt mostly repeats a chain some earlier prompt walked
   * (a session's previous turn, a shared system prompt), so each entry keeps the entry that followed it on the last
   * walk through it: when that hint is still in the store and carries the next key, it is exactly what the index
   * would return (keys are unique in it) — one pointer, no probe, usually the next object in memory, since a
   * write creates a prompt's entries in order. Only where a prompt leaves the chain it last took is the index probed.
   */

  /** The entry for {@code keys[i]} or {@code null}, through {@code before}'s hint when it holds (no side effects). */
  private Entry find(long[] keys, int i, Entry before) {
    long key = keys[i];
    if (before != null) {
      Entry h = before.after;
      if (h != null && !h.removed && h.key == key) {
        return h;
      }
    }
    Entry e = index.get(key);
    if (before != null && e != null) {
      before.after = e;
    }
    return e;
  }

  /** The entry for {@code keys[i]} (moved to the tail when the order is by access), or {@code null}. */
  private Entry get(long[] keys, int i, Entry before) {
    Entry e = find(keys, i, before);
    if (e != null && accessOrder) {
      order.moveToTail(e);
    }
    return e;
  }

  private void remove(Entry e) {
    order.unlink(e);
    index.remove(e.key);
    e.removed = true;
    e.after = null; // a removed entry holds nothing alive: a hint to it keeps one object, not a chain
  }

  /** The live entry for {@code keys[i]} at {@code nowUs}, readable or not, or {@code null}. */
  Entry live(long[] keys, int i, long nowUs) {
    return live(keys, i, null, nowUs);
  }

  /** The live entry for {@code keys[i]} at {@code nowUs} (found through {@code before}'s hint), or {@code null}. */
  private Entry live(long[] keys, int i, Entry before, long nowUs) {
    Entry e = get(keys, i, before);
    if (e == null) {
      return null;
    }
    if (e.expiresUs() <= nowUs) {
      remove(e);
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
    Entry before = null;
    while (i < n) {
      Entry e = live(keys, i, before, nowUs);
      if (e == null || e.readableUs > nowUs) {
        break;
      }
      before = e;
      i++;
    }
    return i;
  }

  /** Marks the first {@code n} blocks used at {@code nowUs} (TTL refreshed on a hit). */
  void touch(long[] keys, int n, long nowUs) {
    Entry before = null;
    for (int i = 0; i < n; i++) {
      Entry e = get(keys, i, before);
      if (e != null) {
        e.lastUseUs = Math.max(e.lastUseUs, nowUs);
      }
      before = e;
    }
  }

  /**
   * Writes blocks {@code [from, to)} of {@code keys}: new entries become readable at {@code readableUs};
   * an entry already there keeps its earlier readable time and takes the longer TTL.
   */
  void write(long[] keys, int from, int to, long nowUs, long readableUs, long ttlUs, long capUs) {
    Entry before = null;
    for (int i = from; i < to; i++) {
      Entry e = live(keys, i, before, nowUs);
      if (e == null) {
        e = new Entry();
        e.key = keys[i];
        e.readableUs = readableUs;
        e.createdUs = nowUs;
        e.lastUseUs = nowUs;
        e.ttlUs = ttlUs;
        e.capUs = capUs;
        e.uses = 1;
        index.put(keys[i], e);
        order.append(e);
        if (before != null) {
          before.after = e;
        }
      } else {
        e.uses++;
        e.readableUs = Math.min(e.readableUs, readableUs);
        e.lastUseUs = Math.max(e.lastUseUs, nowUs);
        e.ttlUs = Math.max(e.ttlUs, ttlUs);
      }
      before = e;
    }
    trim(nowUs);
  }

  int size() {
    return index.size();
  }

  private void trim(long nowUs) {
    while (index.size() > capacity) {
      remove(order.head());
    }
    if (index.size() >= purgeAt) {
      for (Entry e = order.head(); e != null; ) {
        Entry next = e.next();
        if (e.expiresUs() <= nowUs) {
          remove(e);
        }
        e = next;
      }
      purgeAt = Math.max(1 << 16, 2L * index.size());
    }
  }
}
