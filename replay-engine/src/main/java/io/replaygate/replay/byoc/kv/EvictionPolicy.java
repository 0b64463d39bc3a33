package io.replaygate.replay.byoc.kv;

import java.util.Comparator;

/**
 * Which unpinned leaf block a tier evicts first: the comparator's least goes first. Only leaves of a tier (no
 * child resident in it) that no running request pins are candidates, so a shared prefix always outlives its
 * tails. A candidate is the tail of a {@link KvRun}, whose accessors are the tail block's; implementations must end
 * on {@link KvRun#id()} so the order is total.
 */
public interface EvictionPolicy extends Comparator<KvRun> {
  /**
   * The order's first key: of two runs whose first keys differ, the smaller goes first, as {@link #compare} says
   * ({@code EvictionHeapTest} holds every policy to it). The eviction heap keeps it beside each run and compares runs
   * by it, so that its sifting reads one array and not two runs a level; only runs with equal first keys are compared.
   */
  long firstKey(KvRun r);
}
