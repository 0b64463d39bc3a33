package io.replaygate.replay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The run tree against the per-block model ({@link PerBlockModel}: a {@code LinkedHashMap} of one entry per
 * block hash, access-ordered when bounded), on prompts whose hashes are chained as the trace schema defines them
 * (a block's hash names its whole prefix). Every answer, and the live-block count, must agree at every step.
 */
class PrefixTreeTest {
  private static long chain(long parent, int choice) {
    long h = (parent + 0x9E3779B97F4A7C15L * (choice + 1)) * 0xBF58476D1CE4E5B9L;
    return h ^ (h >>> 31);
  }

  /** A prompt of 1..16 blocks: the first six choose between two continuations, the rest among four. */
  private static long[] prompt(UniformRandomProvider rng) {
    long[] keys = new long[1 + rng.nextInt(16)];
    long h = 0;
    for (int i = 0; i < keys.length; i++) {
      h = chain(h, rng.nextInt(i < 6 ? 2 : 4));
      keys[i] = h;
    }
    return keys;
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(longs = {1, 7, 64, 1_000, Long.MAX_VALUE})
  void randomTraffic_agreesWithThePerBlockModel(long capacity) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(capacity);
    PrefixTree tree = new PrefixTree(capacity);
    PerBlockModel model = new PerBlockModel(capacity);
    long now = 0;
    for (int step = 0; step < 200_000; step++) {
      now = Math.max(0, now + rng.nextInt(2_000) - (rng.nextInt(50) == 0 ? 60_000 : 0)); // now and then, earlier
      long[] keys = prompt(rng);
      long ttl = rng.nextBoolean() ? 300_000 : 3_600_000;
      long cap = rng.nextInt(4) == 0 ? 900_000 : PrefixTree.FOREVER;
      switch (rng.nextInt(4)) {
        case 0 -> {
          int max = rng.nextInt(keys.length + 1);
          assertEquals(model.matchPrefix(keys, max, now), tree.matchPrefix(keys, max, now),
              "matchPrefix at step " + step);
        }
        case 1 -> {
          int n = rng.nextInt(keys.length + 1);
          model.touch(keys, n, now);
          tree.touch(keys, n, now);
        }
        case 2 -> {
          int min = rng.nextInt(4);
          assertEquals(model.usedPrefix(keys, min, now), tree.usedPrefix(keys, min, now),
              "usedPrefix at step " + step);
        }
        default -> {
          int from = rng.nextInt(4) == 0 ? rng.nextInt(keys.length) : 0;
          long readable = now + rng.nextInt(1_000);
          model.write(keys, from, keys.length, now, readable, ttl, cap);
          tree.write(keys, from, keys.length, now, readable, ttl, cap);
        }
      }
      assertEquals(model.entries.size(), tree.size(), "size at step " + step);
    }
  }

  @Test
  void write_sessionTurns_areOneRunEach() {
    PrefixTree tree = PrefixTree.unbounded();
    long[] turn3 = new long[90];
    long h = 0;
    for (int i = 0; i < turn3.length; i++) {
      h = chain(h, 0);
      turn3[i] = h;
    }
    long now = 0;
    for (int end : new int[] {30, 60, 90}) {
      long[] keys = java.util.Arrays.copyOf(turn3, end);
      int m = tree.matchPrefix(keys, keys.length, now);
      assertEquals(end - 30, m, "the previous turn is read back");
      tree.touch(keys, m, now);
      tree.write(keys, 0, keys.length, now, now, 300_000_000, PrefixTree.FOREVER);
      now += 1_000_000;
    }
    assertEquals(90, tree.size());
    assertEquals(3, tree.runs(), "a run per turn, not an entry per block");
  }

  /**
   * A prompt's run cut by an eviction: the piece that stays moves to an array of its own, so the evicted blocks' keys
   * leave with them — and it still answers as before.
   */
  @Test
  void evict_tailOfASplitRun_itsKeysGoWithIt() {
    PrefixTree tree = new PrefixTree(100);
    long[] a = new long[100];
    long[] b = new long[40];
    long h = 0;
    for (int i = 0; i < a.length; i++) {
      h = chain(h, 0);
      a[i] = h;
    }
    for (int i = 0; i < b.length; i++) {
      h = chain(h, 1);
      b[i] = h;
    }
    tree.addAll(a);
    assertEquals(60, tree.matchPrefix(a, 60, 0), "a's first 60 blocks used: its last 40 are now the least recent");
    tree.addAll(b); // 140 blocks in a store of 100: a's last 40 go
    assertEquals(60, tree.held(a));
    assertEquals(40, tree.held(b));
    assertEquals(0, tree.unreadKeyBytes(), "no key of an evicted block is held");
  }

  /** Runs cut and dropped at random (answers held to the per-block model): the arrays hold the runs' keys only. */
  @Test
  void randomEvictions_holdNoDroppedKeys() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11);
    PrefixTree tree = new PrefixTree(500);
    PerBlockModel model = new PerBlockModel(500);
    for (int step = 0; step < 50_000; step++) {
      long[] keys = prompt(rng);
      if (rng.nextBoolean()) {
        int max = rng.nextInt(keys.length + 1);
        assertEquals(model.matchPrefix(keys, max, step), tree.matchPrefix(keys, max, step), "step " + step);
      } else {
        model.write(keys, 0, keys.length, step, step, PrefixTree.FOREVER, PrefixTree.FOREVER);
        tree.write(keys, 0, keys.length, step, step, PrefixTree.FOREVER, PrefixTree.FOREVER);
      }
    }
    assertEquals(model.entries.size(), tree.size());
    assertEquals(0, tree.unreadKeyBytes(), "every key held is a live block's or a dead path's");
  }

  /**
   * Three stores fed the same prompts, each prompt's ranges copied once for all three ({@link SharedKeyCopies}), as
   * the paths' caches are: a bounded store cuts and drops what an unbounded one keeps, and neither's answers move
   * from its own per-block model, so no store changes an array another holds. And they do hold the same arrays.
   */
  @Test
  void sharedKeyCopies_storesKeepingOneArray_eachAnswerAsTheirModel() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(17);
    long[] capacities = {7, 300, Long.MAX_VALUE};
    PrefixTree[] trees = new PrefixTree[capacities.length];
    PerBlockModel[] models = new PerBlockModel[capacities.length];
    for (int i = 0; i < capacities.length; i++) {
      trees[i] = new PrefixTree(capacities[i]);
      models[i] = new PerBlockModel(capacities[i]);
    }
    long now = 0;
    for (int step = 0; step < 50_000; step++) {
      now += rng.nextInt(2_000);
      long[] keys = prompt(rng);
      KeyCopies copies = new SharedKeyCopies(keys);
      int from = rng.nextInt(4) == 0 ? rng.nextInt(keys.length) : 0;
      long ttl = rng.nextBoolean() ? 300_000 : 3_600_000;
      for (int i = 0; i < trees.length; i++) {
        int max = rng.nextInt(keys.length + 1);
        assertEquals(models[i].matchPrefix(keys, max, now), trees[i].matchPrefix(keys, max, now),
            "store " + i + ", step " + step);
        models[i].write(keys, from, keys.length, now, now, ttl, PrefixTree.FOREVER);
        trees[i].write(keys, from, keys.length, now, now, ttl, PrefixTree.FOREVER, copies);
        assertEquals(models[i].entries.size(), trees[i].size(), "store " + i + ", step " + step);
      }
    }
    for (PrefixTree tree : trees) {
      assertEquals(0, tree.unreadKeyBytes(), "every array a store holds is its runs' keys");
    }
    java.util.Set<long[]> shared = trees[1].keyArrays();
    shared.retainAll(trees[2].keyArrays());
    assertTrue(!shared.isEmpty(), "the two larger stores hold arrays in common");
  }

  /** A prompt stored by two caches is one array in both; a cache that stores another range has its own. */
  @Test
  void sharedKeyCopies_samePromptInTwoStores_isOneArray() {
    long[] keys = new long[12];
    long h = 0;
    for (int i = 0; i < keys.length; i++) {
      h = chain(h, 0);
      keys[i] = h;
    }
    KeyCopies copies = new SharedKeyCopies(keys);
    PrefixTree a = PrefixTree.unbounded();
    PrefixTree b = new PrefixTree(100);
    PrefixTree c = PrefixTree.unbounded();
    a.write(keys, 0, keys.length, 0, 0, 1_000, PrefixTree.FOREVER, copies);
    b.write(keys, 0, keys.length, 5, 5, 9_000, PrefixTree.FOREVER, copies);
    c.write(keys, 4, keys.length, 0, 0, 1_000, PrefixTree.FOREVER, copies); // a path [0, 4) and blocks [4, 12)
    assertEquals(a.keyArrays(), b.keyArrays());
    assertEquals(1, a.keyArrays().size());
    assertEquals(12, a.keyArrays().iterator().next().length);
    java.util.Set<long[]> inC = c.keyArrays();
    inC.retainAll(a.keyArrays());
    assertTrue(inC.isEmpty(), "c stored other ranges");
    assertEquals(12, b.held(keys));
    assertEquals(8, c.size());
  }

  @Test
  void purge_expiredRuns_leaveNoDeadLeaves() {
    PrefixTree tree = PrefixTree.unbounded();
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7);
    long now = 0;
    for (int step = 0; step < 50_000; step++) {
      now += 1_000;
      long[] keys = prompt(rng);
      tree.write(keys, 0, keys.length, now, now, 5_000_000, PrefixTree.FOREVER);
    }
    long[] probe = prompt(rng);
    now += 10_000_000; // everything has expired
    for (int i = 0; i < 200_000 && tree.runs() > 1; i++) {
      // writes of fresh one-block prompts until the store purges what expired
      probe[0] = chain(now, i);
      tree.write(probe, 0, 1, now, now, 1, PrefixTree.FOREVER);
      now += 2;
    }
    assertEquals(tree.size(), tree.runs(), "after the purge only the live one-block runs are left");
  }

  /**
   * A TTL cache in a steady state (a fresh prompt every ms, each living 20 s): the blocks it holds, expired ones not
   * yet dropped included, stay within an eighth or so of the live ones — not up to twice, as when it looked for
   * expired runs only once it had doubled.
   */
  @Test
  void purge_unboundedStore_holdsExpiredBlocksToAnEighth() {
    PrefixTree tree = PrefixTree.unbounded();
    PerBlockModel model = new PerBlockModel(Long.MAX_VALUE);
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5);
    double worst = 0;
    for (int step = 1; step <= 120_000; step++) {
      long now = step * 1_000L;
      long[] keys = new long[1 + rng.nextInt(16)];
      keys[0] = chain(step, 0); // a fresh prompt: nothing is reused, so every block expires 20 s after it was written
      for (int i = 1; i < keys.length; i++) {
        keys[i] = chain(keys[i - 1], 0);
      }
      tree.write(keys, 0, keys.length, now, now, 20_000_000, PrefixTree.FOREVER);
      model.write(keys, 0, keys.length, now, now, 20_000_000, PrefixTree.FOREVER);
      assertEquals(model.entries.size(), tree.size(), "size at step " + step);
      if (step > 40_000 && step % 1_000 == 0) { // past two TTLs: the live set is steady (about 170,000 blocks)
        long live = model.entries.values().stream().filter(e -> PerBlockModel.expires(e) > now).count();
        worst = Math.max(worst, (double) tree.size() / live);
      }
    }
    assertTrue(worst > 1.05, "expired blocks do wait for a look: " + worst);
    assertTrue(worst <= 1.15, "held ÷ live at worst: " + worst);
  }

  /** The LRU set's model: an access-ordered map dropping its eldest beyond {@code capacity}. */
  private static LinkedHashMap<Long, Boolean> lruModel(long capacity) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(longs = {1, 7, 100, 5_000})
  void heldAndAddAll_matchAnAccessOrderedLinkedHashMap(long capacity) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(capacity + 1);
    PrefixTree set = new PrefixTree(capacity);
    LinkedHashMap<Long, Boolean> model = lruModel(capacity);
    for (int step = 0; step < 100_000; step++) {
      long[] keys = prompt(rng);
      if (rng.nextBoolean()) {
        set.addAll(keys);
        for (long k : keys) {
          model.put(k, Boolean.TRUE);
        }
      } else {
        int expected = 0;
        while (expected < keys.length && model.containsKey(keys[expected])) {
          expected++;
        }
        assertEquals(expected, set.held(keys), "step " + step);
      }
      assertEquals(model.size(), set.size(), "size at step " + step);
    }
  }

  @Test
  void held_isNotAUse_addAll_is() {
    long a = chain(0, 0);
    long b = chain(0, 1);
    long c = chain(0, 2);
    PrefixTree set = new PrefixTree(2);
    set.addAll(new long[] {a});
    set.addAll(new long[] {b});
    assertEquals(1, set.held(new long[] {a})); // not a use: a stays the eldest
    set.addAll(new long[] {c});
    assertEquals(0, set.held(new long[] {a}));
    set.addAll(new long[] {b}); // a use: c is now the eldest
    set.addAll(new long[] {a});
    assertEquals(0, set.held(new long[] {c}));
    assertEquals(1, set.held(new long[] {b}));
    assertEquals(1, set.held(new long[] {a}));
  }
}
