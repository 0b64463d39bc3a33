package io.replaygate.replay.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The block store against an independent model: the same operations on a {@link LinkedHashMap} (access order when
 * bounded, insertion order when not — what the store used before its primitive index and intrusive list), over
 * random traffic with expiry, reuse and eviction. Every answer must agree, so replays stay byte-identical.
 */
class BlockStoreTest {
  /** The reference: the former implementation, kept here only as the model. */
  static final class Model {
    final LinkedHashMap<Long, long[]> entries; // readable, lastUse, created, ttl, cap, uses
    final long capacity;
    long purgeAt = 1 << 16;

    Model(long capacity) {
      this.capacity = capacity;
      this.entries = new LinkedHashMap<>(16, 0.75f, capacity != Long.MAX_VALUE);
    }

    static long expires(long[] e) {
      return Math.min(e[1] + e[3], e[2] + e[4]);
    }

    long[] live(long key, long now) {
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

    void touch(long[] keys, int n, long now) {
      for (int i = 0; i < n; i++) {
        long[] e = entries.get(keys[i]);
        if (e != null) {
          e[1] = Math.max(e[1], now);
        }
      }
    }

    void write(long[] keys, int from, int to, long now, long readable, long ttl, long cap) {
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
        purgeAt = Math.max(1 << 16, 2L * entries.size());
      }
    }
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(longs = {1, 7, 64, 1_000, Long.MAX_VALUE})
  void randomTraffic_agreesWithTheLinkedHashMapModel(long capacity) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(capacity);
    BlockStore store = new BlockStore(capacity);
    Model model = new Model(capacity);
    long now = 0;
    for (int step = 0; step < 200_000; step++) {
      now += rng.nextInt(2_000);
      int prefix = rng.nextInt(8); // shared prefixes: keys 0..7 chains, tails drawn from a wider space
      long[] keys = new long[1 + rng.nextInt(12)];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = i < prefix ? i : 100 + rng.nextInt(3_000);
      }
      long ttl = rng.nextBoolean() ? 300_000 : 3_600_000;
      switch (rng.nextInt(3)) {
        case 0 -> assertEquals(model.matchPrefix(keys, keys.length, now), store.matchPrefix(keys, keys.length, now),
            "matchPrefix at step " + step);
        case 1 -> {
          int n = rng.nextInt(keys.length + 1);
          model.touch(keys, n, now);
          store.touch(keys, n, now);
        }
        default -> {
          int from = rng.nextInt(keys.length);
          model.write(keys, from, keys.length, now, now + 500, ttl, BlockStore.FOREVER);
          store.write(keys, from, keys.length, now, now + 500, ttl, BlockStore.FOREVER);
        }
      }
      assertEquals(model.entries.size(), store.size(), "size at step " + step);
    }
  }
}
