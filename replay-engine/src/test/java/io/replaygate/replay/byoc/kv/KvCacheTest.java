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
    List<KvNode> pins = new ArrayList<>();
    int g = c.gpuPrefix(p);
    c.pin(p, g, now, pins);
    boolean ok = c.reserve(c.ownedBlocks(g, p.length, tokens));
    if (ok) {
      c.commit(p, g, p.length, tokens, now, pins);
    }
    c.unpin(pins);
    return ok;
  }

  @Test
  void recommit_afterEviction_isANewNode() {
    KvCache c = cache(8, EvictionPolicies.LRU);
    long[] a = {1, 2};
    List<KvNode> first = new ArrayList<>();
    c.reserve(8);
    c.commit(a, 0, 2, 128, 1, first);
    KvNode was = first.get(1);
    assertEquals(2, c.gpuPrefix(a));
    c.unpin(first);
    assertTrue(c.reserve(8), "both nodes evicted: they leave the tree");
    c.release(8);
    assertEquals(0, c.gpuPrefix(a));
    List<KvNode> again = new ArrayList<>();
    c.reserve(8);
    c.commit(a, 0, 2, 128, 2, again);
    KvNode now = again.get(1);
    // The evicted nodes left the tree: the commit makes new ones (new ids, counts from one), never revives them.
    assertTrue(now != was, "a block that left the tree comes back as a new node");
    assertEquals(1, now.uses());
    assertTrue(now.id() > was.id());
    assertEquals(2, c.gpuPrefix(a));
    c.unpin(again);
  }

  @Test
  void recommit_ofAnEvictedTail_underAKeptParent_isANewNode() {
    KvCache c = cache(12, EvictionPolicies.LRU);
    long[] a = {1, 2};
    assertTrue(insert(c, a, 128, 1)); // {1,2}: 8 blocks
    List<KvNode> first = new ArrayList<>();
    c.pin(a, c.gpuPrefix(a), 2, first); // the walk through 1 goes on to 2 (what a hint would remember)
    KvNode was = first.get(1);
    c.unpin(first);
    assertTrue(insert(c, new long[] {7}, 64, 3)); // full
    assertTrue(insert(c, new long[] {8}, 64, 4)); // evicts the least recent leaf, 2; its parent 1 stays
    assertEquals(1, c.gpuPrefix(a));
    assertTrue(insert(c, a, 128, 5)); // 2 is computed again
    List<KvNode> again = new ArrayList<>();
    c.pin(a, c.gpuPrefix(a), 6, again);
    KvNode now = again.get(1);
    assertTrue(now != was, "the evicted tail comes back as a new node, never the one it was");
    assertEquals(2, now.uses(), "committed once, pinned once");
    assertTrue(now.id() > was.id());
    c.unpin(again);
  }

  /**
   * The GPU prefix resumed from the last walk with the same first block equals the tree walked from the root block
   * by block, on random traffic: prompts along a few system prompts and sessions that extend and branch, running
   * requests that pin while others evict, a host tier that brings evicted nodes back, and — {@code chained} false —
   * block hashes reused at other positions (the same hash under different prefixes: different nodes).
   */
  @ParameterizedTest(name = "chained hashes {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void gpuPrefix_resumedWalk_equalsTheWalkFromTheRoot(boolean chained) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(chained ? 1 : 2);
    KvCache c = new KvCache(120, 16, 64, EvictionPolicies.LRU.create(),
        new KvCache.HostTier(80, WritePolicy.WRITE_BACK, 2), null); // 30 trace blocks: constant eviction
    List<long[]> sessions = new ArrayList<>();
    List<List<KvNode>> running = new ArrayList<>();
    int checked = 0;
    for (int step = 0; step < 20_000; step++) {
      long[] p;
      if (!sessions.isEmpty() && rng.nextInt(3) > 0) {
        long[] prev = sessions.get(rng.nextInt(sessions.size()));
        int keep = rng.nextInt(prev.length + 1); // extend the session, or branch inside it
        p = java.util.Arrays.copyOf(prev, keep + 1 + rng.nextInt(6));
        for (int i = keep; i < p.length; i++) {
          p[i] = next(p, i, chained, 1 + rng.nextInt(1_000), rng);
        }
      } else {
        p = new long[1 + rng.nextInt(12)];
        for (int i = 0; i < p.length; i++) {
          p[i] = next(p, i, chained, i < 4 ? 7 : 1 + rng.nextInt(1_000), rng); // a shared 4-block system prompt
        }
      }
      sessions.add(p);
      if (sessions.size() > 50) {
        sessions.remove(rng.nextInt(sessions.size()));
      }
      int expected = c.gpuPrefixByWalk(p);
      assertEquals(expected, c.gpuPrefix(p), "step " + step);
      checked += expected;
      // Serve it: pin what is there, load the rest from the host or compute it, keep some running a while.
      KvCache.Lookup l = c.lookup(p);
      List<KvNode> pins = new ArrayList<>();
      c.pin(p, l.gpu(), step, pins);
      long tokens = 64L * p.length;
      if (c.reserve(c.ownedBlocks(l.gpu(), p.length, tokens))) {
        c.commit(p, l.gpu(), p.length, tokens, step, pins);
      }
      running.add(pins);
      while (running.size() > rng.nextInt(8)) {
        c.unpin(running.remove(rng.nextInt(running.size())));
      }
      assertEquals(c.gpuPrefixByWalk(p), c.gpuPrefix(p), "after serving, step " + step);
    }
    assertTrue(checked > 5_000, "the traffic must hit: " + checked);
  }

  /** Block {@code i}'s hash: chained (the prefix's hash mixed with the block's content), or drawn from 24 values. */
  private static long next(long[] p, int i, boolean chained, int content, UniformRandomProvider rng) {
    if (!chained) {
      return rng.nextInt(24);
    }
    return i == 0 ? 1 + rng.nextInt(16) : io.replaygate.replay.core.Mix.mix(p[i - 1] * 1_009 + content);
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
    List<KvNode> pins = new ArrayList<>();
    c.reserve(8);
    c.commit(a, 0, 2, 128, 1, pins); // a running request holds {1,2}: 8 blocks pinned
    assertTrue(insert(c, new long[] {7}, 64, 2)); // 4 more: full
    assertTrue(insert(c, new long[] {8}, 64, 3)); // evicts {7}, never the pinned chain
    assertEquals(2, c.gpuPrefix(a));
    assertFalse(c.reserve(5), "only the unpinned 4 blocks can be freed");
    c.unpin(pins);
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
    List<KvNode> running = new ArrayList<>();
    c.reserve(4);
    c.commit(new long[] {1}, 0, 1, 64, 1, running);
    assertTrue(insert(c, new long[] {1, 2, 3}, 192, 2));
    assertTrue(insert(c, new long[] {9, 8}, 128, 3));
    assertEquals(new KvCache.Lookup(1, 2, 0), c.lookup(new long[] {1, 2, 3, 4}),
        "the host blocks are found after the GPU prefix, under its last block");
    c.unpin(running);
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
    List<List<KvNode>> running = new ArrayList<>();
    List<long[]> prompts = new ArrayList<>();
    for (int step = 0; step < 5_000; step++) {
      if (!running.isEmpty() && rng.nextInt(3) == 0) {
        int k = rng.nextInt(running.size());
        c.unpin(running.remove(k));
        c.release(0);
        prompts.remove(k);
        continue;
      }
      int len = 1 + rng.nextInt(4);
      long[] p = new long[len];
      long h = rng.nextInt(6);
      for (int i = 0; i < len; i++) {
        h = h * 31 + rng.nextInt(3);
        p[i] = h;
      }
      List<KvNode> pins = new ArrayList<>();
      int g = c.gpuPrefix(p);
      c.pin(p, g, step, pins);
      if (c.reserve(c.ownedBlocks(g, len, len * 64L))) {
        c.commit(p, g, len, len * 64L, step, pins);
        running.add(pins);
        prompts.add(p);
      } else {
        c.unpin(pins);
      }
      assertTrue(c.gpuUsedBlocks() <= c.gpuCapacityBlocks());
      for (List<KvNode> r : running) {
        for (KvNode n : r) {
          assertTrue(KvCache.pinnedOnGpu(n), "a pinned block left the GPU");
        }
      }
    }
  }
}
