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

  /**
   * How many of {@code r}'s tail blocks can leave one after another, each leaving {@code r} still before {@code next}:
   * the largest {@code n} such that {@code r} shortened by {@code i} blocks (its tail's depth and id {@code i} less,
   * its other keys as they are) compares below {@code next} for every {@code i} in {@code 1..n};
   * {@link Integer#MAX_VALUE} when every shortening does. Lets a tier evict a run's tails in one step, not block by
   * block with a comparison each ({@code EvictionHeapTest} holds every policy to that count).
   */
  int tailsAhead(KvRun r, KvRun next);
}
