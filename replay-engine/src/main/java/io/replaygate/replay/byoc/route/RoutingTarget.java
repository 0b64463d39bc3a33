package io.replaygate.replay.byoc.route;

import io.replaygate.replay.core.Request;

/**
 * What a router may read about a replica: the figures a real router has (its KV-event index, a worker's queue, a
 * scraped metric). The simulator's replicas and the emulator's ({@code replaygate emulate}) both answer, so one
 * router implementation routes both.
 */
public interface RoutingTarget {
  /** The replica's number within its deployment. */
  int id();

  /** Tokens per KV block of the engine. */
  int engineBlockTokens();

  /** KV blocks a prompt of {@code inputTokens} tokens takes. */
  long promptBlocks(long inputTokens);

  /** Tokens of {@code r}'s prompt the replica's GPU prefix cache holds and would serve (whole leading blocks). */
  long cachedPrefixTokens(Request r);

  /** Prompt tokens accepted and not yet prefilled. */
  long pendingPrefillTokens();

  /**
   * KV blocks held by sequences decoding, at {@code nowUs}. A simulated replica that is only decoding, with nothing
   * queued, may not have been run up to now ({@code Replica.settledUntilUs}): it answers from its run's steps.
   */
  long activeDecodeBlocks(long nowUs);

  /** Requests queued or running. */
  int outstanding();

  /** Requests queued, not yet running. */
  int waitingCount();

  /** GPU KV cache in use at {@code nowUs}, 0..1 (answered as {@link #activeDecodeBlocks} is). */
  double kvUtilization(long nowUs);

  /** How many of the request's prompt blocks the replica's KV capacity holds (what an approximate router remembers). */
  long kvCapacityPromptBlocks();
}
