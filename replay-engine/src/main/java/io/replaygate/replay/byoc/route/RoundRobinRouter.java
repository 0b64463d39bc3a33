package io.replaygate.replay.byoc.route;

import io.replaygate.replay.core.Request;
import java.util.List;

/** Each request to the next replica in turn. */
public final class RoundRobinRouter implements Router {
  private long next;

  @Override
  public <T extends RoutingTarget> T pick(Request r, List<T> candidates, long nowUs) {
    return candidates.get((int) Math.floorMod(next++, (long) candidates.size()));
  }

  @Override
  public boolean reads(RoutingTarget c, long nowUs) {
    return false;
  }
}
