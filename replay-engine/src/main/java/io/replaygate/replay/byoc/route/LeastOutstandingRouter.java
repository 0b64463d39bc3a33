package io.replaygate.replay.byoc.route;

import io.replaygate.replay.core.Request;
import java.util.List;

/** The replica with the fewest requests queued or running (the first of equals). */
public final class LeastOutstandingRouter implements Router {
  @Override
  public <T extends RoutingTarget> T pick(Request r, List<T> candidates, long nowUs) {
    return leastOutstanding(candidates);
  }

  static <T extends RoutingTarget> T leastOutstanding(List<T> candidates) {
    T best = candidates.get(0);
    for (T c : candidates) {
      if (c.outstanding() < best.outstanding()) {
        best = c;
      }
    }
    return best;
  }
}
