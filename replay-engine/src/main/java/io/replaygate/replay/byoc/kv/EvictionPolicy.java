package io.replaygate.replay.byoc.kv;

import java.util.Comparator;

/**
 * Which unpinned leaf block a tier evicts first: the comparator's least goes first. Only leaves of a tier (no
 * child resident in it) that no running request pins are candidates, so a shared prefix always outlives its
 * tails. A candidate is the tail of a {@link KvRun}, whose accessors are the tail block's; implementations must end
 * on {@link KvRun#id()} so the order is total.
 */
public interface EvictionPolicy extends Comparator<KvRun> {}
