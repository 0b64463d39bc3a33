package io.replaygate.replay.byoc.route;

import io.replaygate.replay.byoc.engine.Replica;
import io.replaygate.replay.core.Request;
import java.util.List;

/**
 * Picks the replica a request goes to, among the deployment's replicas accepting work (never empty, in
 * replica order). {@link Routers} names the implementations; each is one file.
 */
public interface Router {
  Replica pick(Request r, List<Replica> candidates, long nowUs);

  /** The request was sent to {@code chosen} (routers that learn from their own decisions record it). */
  default void routed(Request r, Replica chosen, long nowUs) {}
}
