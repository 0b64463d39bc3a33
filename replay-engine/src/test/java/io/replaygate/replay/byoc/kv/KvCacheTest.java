package io.replaygate.replay.byoc.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The prefix cache's rules on hand-built chains (trace block 64 tokens, engine block 16 unless said). */
class KvCacheTest {
  static KvCache cache(long blocks, EvictionPolicies policy) {
    return new KvCache(blocks, 16, 64, policy.create(), null, null);
  }

  /** Inserts a whole prompt of {@code tokens} tokens with blocks {@code p} and releases it at {@code now}. */
  static boolean insert(KvCache c, long[] p, long tokens, long now) {
    int g = c.gpuPrefix(p);
    c.pin(p, g, now);
    boolean ok = c.reserve(c.ownedBlocks(g, p.length, tokens));
    if (ok) {
      c.commit(p, g, p.length, tokens, now);
    }
    c.unpin(p, ok ? p.length : g);
    return ok;
  }

  @Test
  void recommit_afterEviction_countsUsesFromOne() {
    // LFU: block 1 is used three times, evicted with its tail, then computed again: it comes back as a new block
    // (uses from one, a newer id), so it goes before block 5, used twice, though 5 is older.
    KvCache c = cache(12, EvictionPolicies.LFU);
    for (int t = 1; t <= 3; t++) {
      assertTrue(insert(c, new long[] {1, 2}, 128, t));
    }
    assertTrue(insert(c, new long[] {5}, 64, 4));
    assertTrue(insert(c, new long[] {5}, 64, 5));
    assertTrue(c.reserve(12), "nothing pinned: everything can go");
    c.release(12);
    assertEquals(0, c.gpuPrefix(new long[] {1, 2}));
    assertTrue(insert(c, new long[] {5}, 64, 6));
    assertTrue(insert(c, new long[] {5}, 64, 7));
    assertTrue(insert(c, new long[] {1}, 64, 8)); // back with one use; 5 has two
    assertTrue(insert(c, new long[] {9, 8}, 128, 9)); // full: one leaf of one use must go — 1 (older than 9, 8)
    assertEquals(0, c.gpuPrefix(new long[] {1}), "the recomputed block counts its uses from one");
    assertEquals(1, c.gpuPrefix(new long[] {5}));
  }

  @Test
  void ownedBlocks_splitTraceBlocksIntoEngineBlocks() {
    KvCache c = cache(100, EvictionPolicies.LRU);
    // 150 tokens: trace blocks of 64, 64 and 22 tokens; engine blocks of 16 → 4, 4 and 2 (⌈150/16⌉ = 10).
    assertEquals(4, c.ownedBlocks(0, 150));
    assertEquals(2, c.ownedBlocks(2, 150));
    assertEquals(10, c.promptBlocks(150));
    // A cached prefix saves whole engine blocks only, and never the last prompt token.
    assertEquals(144, c.usableTokens(3, 150));
    assertEquals(127, c.usableTokens(2, 128));
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicies.class)
  void evict_pinnedBlock_isKept(EvictionPolicies policy) {
    KvCache c = cache(12, policy);
    long[] a = {1, 2};
    c.reserve(8);
    c.commit(a, 0, 2, 128, 1); // a running request holds {1,2}: 8 blocks pinned
    assertTrue(insert(c, new long[] {7}, 64, 2)); // 4 more: full
    assertTrue(insert(c, new long[] {8}, 64, 3)); // evicts {7}, never the pinned chain
    assertEquals(2, c.gpuPrefix(a));
    assertFalse(c.reserve(5), "only the unpinned 4 blocks can be freed");
    c.unpin(a, 2);
    assertTrue(c.reserve(12), "released, everything can go");
    assertEquals(0, c.gpuPrefix(a));
  }

  @Test
  void evict_sharedPrefix_outlivesItsTails() {
    KvCache c = cache(16, EvictionPolicies.LRU);
    insert(c, new long[] {1, 2}, 128, 1);  // prefix 1, tail 2
    insert(c, new long[] {1, 3}, 128, 2);  // same prefix, tail 3
    insert(c, new long[] {9}, 64, 3);       // 16 blocks used
    insert(c, new long[] {10}, 64, 4);      // must free 4: leaves are 2 (used at 1), 3 (2), 9 (3) → 2 goes
    assertEquals(1, c.gpuPrefix(new long[] {1, 2}), "tail 2 went first");
    assertEquals(2, c.gpuPrefix(new long[] {1, 3}));
    insert(c, new long[] {11}, 64, 5);      // leaves 3 (used at 2), 9, 10; prefix 1 (also used at 2) is no leaf
    assertEquals(1, c.gpuPrefix(new long[] {1, 3}), "a prefix goes only after its tails");
  }

  @Test
  void lfu_keepsTheOftenUsedBlock() {
    KvCache c = cache(8, EvictionPolicies.LFU);
    insert(c, new long[] {1}, 64, 1);
    insert(c, new long[] {1}, 64, 2);
    insert(c, new long[] {1}, 64, 3);
    insert(c, new long[] {2}, 64, 4);
    insert(c, new long[] {3}, 64, 5); // full: evicts 2 (one use), not 1 (three uses) though 1 is older
    assertEquals(1, c.gpuPrefix(new long[] {1}));
    assertEquals(0, c.gpuPrefix(new long[] {2}));
  }

  @Test
  void hostTier_writeBack_keepsEvictedBlocksBelow() {
    KvCache c = new KvCache(4, 16, 64, new LruEviction(), new KvCache.HostTier(8, WritePolicy.WRITE_BACK, 2), null);
    insert(c, new long[] {1}, 64, 1);
    assertEquals(0, c.hostUsedBlocks(), "write-back copies nothing until eviction");
    insert(c, new long[] {2}, 64, 2); // evicts 1 from the GPU into host memory
    assertEquals(new KvCache.Lookup(0, 1, 0), c.lookup(new long[] {1}));
    assertEquals(4, c.hostUsedBlocks());
  }

  @Test
  void lookup_hostBlocks_continueTheGpuPrefix() {
    // GPU 12 engine blocks = 3 trace blocks; host 16 = 4. A running request holds {1}; {1,2,3} then {9,8} fill the
    // GPU, so the unpinned leaves 3 and 2 go down to host memory (write-back) while 1 stays on the GPU.
    KvCache c = new KvCache(12, 16, 64, new LruEviction(), new KvCache.HostTier(16, WritePolicy.WRITE_BACK, 2), null);
    c.reserve(4);
    c.commit(new long[] {1}, 0, 1, 64, 1);
    assertTrue(insert(c, new long[] {1, 2, 3}, 192, 2));
    assertTrue(insert(c, new long[] {9, 8}, 128, 3));
    assertEquals(new KvCache.Lookup(1, 2, 0), c.lookup(new long[] {1, 2, 3, 4}),
        "the host blocks are found after the GPU prefix, under its last block");
    c.unpin(new long[] {1}, 1);
  }

  @Test
  void sharedPool_servesEveryReplica() {
    SharedPool pool = new SharedPool(100, WritePolicy.WRITE_THROUGH);
    KvCache a = new KvCache(40, 16, 64, new LruEviction(), null, pool);
    KvCache b = new KvCache(40, 16, 64, new LruEviction(), null, pool);
    insert(a, new long[] {1, 2, 3}, 192, 1);
    assertEquals(new KvCache.Lookup(0, 0, 3), b.lookup(new long[] {1, 2, 3, 4}), "b finds a's blocks in the pool");
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicies.class)
  void randomWork_neverOverfills_andPinsHold(EvictionPolicies policy) {
    // Why: conservation under arbitrary interleavings — memory never exceeds capacity and no pinned block
    // leaves the GPU, whatever the policy.
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(7);
    KvCache c = cache(64, policy);
    List<long[]> running = new ArrayList<>();
    for (int step = 0; step < 5_000; step++) {
      if (!running.isEmpty() && rng.nextInt(3) == 0) {
        int k = rng.nextInt(running.size());
        long[] p = running.remove(k);
        c.unpin(p, p.length);
        continue;
      }
      int len = 1 + rng.nextInt(4);
      long[] p = new long[len];
      long h = rng.nextInt(6);
      for (int i = 0; i < len; i++) {
        h = h * 31 + rng.nextInt(3);
        p[i] = h;
      }
      int g = c.gpuPrefix(p);
      c.pin(p, g, step);
      if (c.reserve(c.ownedBlocks(g, len, len * 64L))) {
        c.commit(p, g, len, len * 64L, step);
        running.add(p);
      } else {
        c.unpin(p, g);
      }
      assertTrue(c.gpuUsedBlocks() <= c.gpuCapacityBlocks());
      for (long[] r : running) {
        assertTrue(c.pinnedOnGpu(r, r.length), "a pinned block left the GPU");
      }
    }
  }
}
