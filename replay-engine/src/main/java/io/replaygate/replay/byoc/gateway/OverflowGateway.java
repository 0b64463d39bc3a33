package io.replaygate.replay.byoc.gateway;

/** Ranked overflow: the first deployment always, the next only when those before it are at capacity. */
public final class OverflowGateway implements GatewayPolicy {
  @Override
  public int[] order(double[] capacityUnits) {
    int[] o = new int[capacityUnits.length];
    for (int i = 0; i < o.length; i++) {
      o[i] = i;
    }
    return o;
  }
}
