package io.replaygate.replay.byoc.kv;

import java.util.Comparator;

/**
 * Which unpinned leaf a tier evicts first: the comparator's least node goes first. Only leaves of a tier
 * (no child resident in it) that no running request pins are candidates, so a shared prefix always
 * outlives its tails. Implementations must end on {@link KvNode#id()} so the order is total.
 */
public interface EvictionPolicy extends Comparator<KvNode> {}
