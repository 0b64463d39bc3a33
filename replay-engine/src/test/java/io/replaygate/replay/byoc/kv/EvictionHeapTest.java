package io.replaygate.replay.byoc.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The eviction heap answers what a sorted set of the same runs answers, under every policy. */
class EvictionHeapTest {
  @ParameterizedTest
  @EnumSource(EvictionPolicies.class)
  void first_isTheSortedSetsFirst_throughRandomAddsAndRemoves(EvictionPolicies which) {
    EvictionPolicy policy = which.create();
    SplittableRandom rng = new SplittableRandom(11);
    List<KvRun> runs = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      KvRun r = new KvRun();
      r.firstId = 4L * i; // ids (firstId + len - 1) unique, as the cache numbers blocks
      r.len = 1 + rng.nextInt(3);
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
}
