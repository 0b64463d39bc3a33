package io.replaygate.replay.byoc.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The eviction heap answers what a sorted set of the same runs answers, under every policy; each policy's count of a
 * run's tails that stay first is the count taken one tail at a time.
 */
class EvictionHeapTest {
  @ParameterizedTest
  @EnumSource(EvictionPolicies.class)
  void firstAndSecond_areTheSortedSets_throughRandomAddsRemovesAndShortenings(EvictionPolicies which) {
    EvictionPolicy policy = which.create();
    SplittableRandom rng = new SplittableRandom(11);
    List<KvRun> runs = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      KvRun r = new KvRun();
      r.firstId = 4L * i; // ids (firstId + len - 1) unique, as the cache numbers blocks
      r.len = 1 + rng.nextInt(3); // shortened in place below, never below one block
      r.depth = rng.nextInt(40);
      r.lastUseUs = rng.nextInt(200); // many ties: the order's later keys decide
      r.uses = rng.nextInt(5);
      runs.add(r);
    }
    EvictionHeap gpu = new EvictionHeap(policy, true);
    EvictionHeap host = new EvictionHeap(policy, false);
    TreeSet<KvRun> gpuSet = new TreeSet<>(policy);
    TreeSet<KvRun> hostSet = new TreeSet<>(policy);
    for (int step = 0; step < 50_000; step++) {
      KvRun r = runs.get(rng.nextInt(runs.size()));
      boolean onGpu = rng.nextBoolean();
      EvictionHeap heap = onGpu ? gpu : host;
      TreeSet<KvRun> set = onGpu ? gpuSet : hostSet;
      if (set.contains(r)) {
        heap.remove(r);
        set.remove(r);
      } else {
        heap.add(r);
        set.add(r);
      }
      if (rng.nextInt(10) == 0 && !set.isEmpty()) { // evict the first, as a tier does
        assertSame(set.first(), heap.first());
        heap.remove(heap.first());
        set.pollFirst();
      }
      KvRun first = set.isEmpty() ? null : set.first();
      if (rng.nextInt(10) == 0 && first != null && first.len > 1 && !(onGpu ? hostSet : gpuSet).contains(first)) {
        set.remove(first); // a tier shortens its first run by its tail, in place
        first.len--;
        set.add(first);
        heap.reorder(first);
      }
      assertSame(set.size() < 2 ? null : set.higher(set.first()), heap.second(), "step " + step);
      assertEquals(set.isEmpty(), heap.isEmpty(), "step " + step);
      if (!set.isEmpty()) {
        assertSame(set.first(), heap.first(), "step " + step);
      }
    }
    for (int i = 0; i < 10_000; i++) { // the first key orders runs as the comparator does, where it differs
      KvRun a = runs.get(rng.nextInt(runs.size()));
      KvRun b = runs.get(rng.nextInt(runs.size()));
      if (policy.firstKey(a) != policy.firstKey(b)) {
        assertEquals(Long.signum(policy.firstKey(a) - policy.firstKey(b)), Integer.signum(policy.compare(a, b)));
      }
    }
    for (KvRun r : runs) { // positions are kept per tier, -1 out of it
      assertEquals(gpuSet.contains(r), r.gpuHeapPosition >= 0);
      assertEquals(hostSet.contains(r), r.hostHeapPosition >= 0);
    }
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicies.class)
  void tailsAhead_isTheShorteningsThatStayFirst_countedOneByOne(EvictionPolicies which) {
    EvictionPolicy policy = which.create();
    SplittableRandom rng = new SplittableRandom(23);
    int checked = 0;
    for (int trial = 0; trial < 20_000; trial++) {
      KvRun r = randomRun(rng, 1 + rng.nextInt(40));
      KvRun next = randomRun(rng, 1 + rng.nextInt(3));
      if (r.firstId <= next.firstId + next.len && next.firstId <= r.firstId + r.len) {
        continue; // ids are the blocks': two runs never share one
      }
      int byOne = 0; // the shortenings in a row that leave r before next, up to all but its first block
      KvRun s = copy(r);
      while (s.len > 1) {
        s.len--;
        if (policy.compare(s, next) >= 0) {
          break;
        }
        byOne++;
      }
      int counted = policy.tailsAhead(r, next);
      assertEquals(byOne, Math.min(counted, r.len - 1), which + " trial " + trial);
      checked += byOne > 0 && byOne < r.len - 1 ? 1 : 0;
    }
    if (which == EvictionPolicies.LRU) {
      assertTrue(checked > 100, "runs that fall behind part-way: " + checked); // the case the count must get right
    }
  }

  private static KvRun randomRun(SplittableRandom rng, int len) {
    KvRun r = new KvRun();
    r.len = len;
    r.depth = rng.nextInt(60);
    r.firstId = rng.nextInt(1_000);
    r.lastUseUs = rng.nextInt(3); // ties, so the deeper keys decide
    r.uses = rng.nextInt(3);
    return r;
  }

  private static KvRun copy(KvRun r) {
    KvRun c = new KvRun();
    c.len = r.len;
    c.depth = r.depth;
    c.firstId = r.firstId;
    c.lastUseUs = r.lastUseUs;
    c.uses = r.uses;
    return c;
  }
}
