package io.replaygate.replay.byoc.route;

import io.replaygate.replay.byoc.engine.Replica;
import io.replaygate.replay.core.Request;
import java.util.List;

/** The replica with the fewest requests queued or running (the first of equals). */
public final class LeastOutstandingRouter implements Router {
  @Override
  public Replica pick(Request r, List<Replica> candidates, long nowUs) {
    return leastOutstanding(candidates);
  }

  static Replica leastOutstanding(List<Replica> candidates) {
    Replica best = candidates.get(0);
    for (Replica c : candidates) {
      if (c.outstanding() < best.outstanding()) {
        best = c;
      }
    }
    return best;
  }
}
