package io.replaygate.replay.core;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The specification of the managed caches' stores, as plain as it gets: one {@link LinkedHashMap} entry per block hash
 * (access order when bounded, insertion order when not), each entry {readable, lastUse, created, ttl, cap, uses}. An
 * entry expires {@code ttl} after its last use and never after {@code created + cap}; a lookup removes an expired
 * entry; a bounded store drops its least recently used entries; the store purges expired entries as it grows
 * ({@link PrefixTree#nextPurgeAt}).
 * {@link PrefixTree} and the cache package's {@code BlockStore} are held to it operation by operation.
 */
public final class PerBlockModel {

  public final LinkedHashMap<Long, long[]> entries; // readable, lastUse, created, ttl, cap, uses
  final long capacity;
  long purgeAt = PrefixTree.PURGE_FLOOR;

  public PerBlockModel(long capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, capacity != Long.MAX_VALUE);
  }

  public static long expires(long[] e) {
    return Math.min(e[1] + e[3], e[2] + e[4]);
  }

  public long[] live(long key, long now) {
    long[] e = entries.get(key);
    if (e != null && expires(e) <= now) {
      entries.remove(key);
      return null;
    }
    return e;
  }

  int matchPrefix(long[] keys, int max, long now) {
    int i = 0;
    while (i < Math.min(max, keys.length)) {
      long[] e = live(keys[i], now);
      if (e == null || e[0] > now) {
        break;
      }
      i++;
    }
    return i;
  }

  int usedPrefix(long[] keys, int minUses, long now) {
    int i = 0;
    while (i < keys.length) {
      long[] e = live(keys[i], now);
      if (e == null || e[5] < minUses) {
        break;
      }
      i++;
    }
    return i;
  }

  void touch(long[] keys, int n, long now) {
    for (int i = 0; i < n; i++) {
      long[] e = entries.get(keys[i]);
      if (e != null) {
        e[1] = Math.max(e[1], now);
      }
    }
  }

  public void write(long[] keys, int from, int to, long now, long readable, long ttl, long cap) {
    for (int i = from; i < to; i++) {
      long[] e = live(keys[i], now);
      if (e == null) {
        entries.put(keys[i], new long[] {readable, now, now, ttl, cap, 1});
      } else {
        e[5]++;
        e[0] = Math.min(e[0], readable);
        e[1] = Math.max(e[1], now);
        e[3] = Math.max(e[3], ttl);
      }
    }
    while (entries.size() > capacity) {
      Iterator<Map.Entry<Long, long[]>> it = entries.entrySet().iterator();
      it.next();
      it.remove();
    }
    if (entries.size() >= purgeAt) {
      entries.values().removeIf(e -> expires(e) <= now);
      purgeAt = PrefixTree.nextPurgeAt(entries.size(), capacity != Long.MAX_VALUE);
    }
  }
}
