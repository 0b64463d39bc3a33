package io.replaygate.replay.byoc.route;

import io.replaygate.replay.core.Request;
import java.util.List;

/**
 * Picks the replica a request goes to, among the deployment's replicas accepting work (never empty, in
 * replica order), from what {@link RoutingTarget} says of each: the simulator's replicas and the emulator's alike.
 * {@link Routers} names the implementations; each is one file.
 */
public interface Router {
  <T extends RoutingTarget> T pick(Request r, List<T> candidates, long nowUs);

  /** The request was sent to {@code chosen} (routers that learn from their own decisions record it). */
  default void routed(Request r, RoutingTarget chosen, long nowUs) {}

  /** {@code gone} left the deployment for good (drained and released): routers that remember replicas forget it. */
  default void released(RoutingTarget gone) {}

  /**
   * Whether the router asks every candidate's GPU cache about every request ({@link RoutingTarget#cachedPrefixTokens}):
   * the simulator then keeps one index of the deployment's GPU prefixes (as Dynamo's KV-event indexer does) and
   * answers all candidates with one walk.
   */
  default boolean readsGpuCaches() {
    return false;
  }

  /**
   * Whether a pick at {@code nowUs} reads anything of {@code c}'s state ({@link RoutingTarget}), so that the simulator
   * must run it up to now first, unless it is settled (only decoding: it answers as a run up to now would,
   * {@code Replica.settledUntilUs}). A replica nobody reads is run later, in one piece, when it is chosen or read, at an
   * autoscaler's turn, or at the end: a replica's steps, finishes and occupancy do not depend on where its run is cut
   * ({@code BulkDecodeRunsTest.advance_cutAnywhere_sameStepsFinishesAndOccupancy}). Every replica, unless the router
   * says otherwise.
   */
  default boolean reads(RoutingTarget c, long nowUs) {
    return true;
  }
}
