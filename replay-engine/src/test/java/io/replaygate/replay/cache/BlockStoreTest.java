package io.replaygate.replay.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.replay.core.PerBlockModel;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * Gemini's explicit-cache entries against the per-block model: single-key lookups and writes over random traffic
 * with expiry, caps, reuse and purges; every entry found, and the count, must agree.
 */
class BlockStoreTest {
  @Test
  void randomTraffic_agreesWithThePerBlockModel() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11);
    BlockStore store = new BlockStore();
    PerBlockModel model = new PerBlockModel(Long.MAX_VALUE);
    long now = 0;
    for (int step = 0; step < 300_000; step++) {
      now += rng.nextInt(2_000);
      long key = rng.nextInt(100_000);
      if (rng.nextBoolean()) {
        long[] m = model.live(key, now);
        BlockStore.Entry e = store.live(key, now);
        assertEquals(m == null, e == null, "found at step " + step);
        if (m != null) {
          assertEquals(m[0], e.readableUs, "readable at step " + step);
          assertEquals(PerBlockModel.expires(m), e.expiresUs(), "expiry at step " + step);
          assertEquals(m[5], e.uses, "uses at step " + step);
        }
      } else {
        long ttl = rng.nextBoolean() ? 300_000 : 3_600_000;
        long cap = rng.nextInt(4) == 0 ? 900_000 : BlockStore.FOREVER;
        long readable = now + rng.nextInt(1_000);
        model.write(new long[] {key}, 0, 1, now, readable, ttl, cap);
        store.write(key, now, readable, ttl, cap);
      }
      assertEquals(model.entries.size(), store.size(), "size at step " + step);
    }
  }
}
