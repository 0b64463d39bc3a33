package io.replaygate.replay.byoc.route;

import io.replaygate.replay.core.Request;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's requests go to the replica its first request went to (sticky sessions); a new session, or
 * one whose replica has gone, goes to the least loaded. The session is the trace's {@code session_id},
 * else the prompt's first block (requests sharing a system prompt stay together), else none.
 */
public final class SessionAffinityRouter implements Router {
  private final Map<Object, Integer> replicaOf = new HashMap<>();

  @Override
  public <T extends RoutingTarget> T pick(Request r, List<T> candidates, long nowUs) {
    Object key = key(r);
    Integer id = key == null ? null : replicaOf.get(key);
    if (id != null) {
      for (T c : candidates) {
        if (c.id() == id) {
          return c;
        }
      }
    }
    return LeastOutstandingRouter.leastOutstanding(candidates);
  }

  @Override
  public void routed(Request r, RoutingTarget chosen, long nowUs) {
    Object key = key(r);
    if (key != null) {
      replicaOf.put(key, chosen.id());
    }
  }

  private static Object key(Request r) {
    if (r.record().sessionId() != null) {
      return r.record().sessionId();
    }
    long[] b = r.blocks();
    return b.length > 0 ? (Object) b[0] : null;
  }
}
