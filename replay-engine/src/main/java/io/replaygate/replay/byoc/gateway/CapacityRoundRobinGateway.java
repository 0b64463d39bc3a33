package io.replaygate.replay.byoc.gateway;

/**
 * Capacity-based round robin: each deployment gets requests in proportion to its capacity units, in the
 * smooth weighted order nginx uses (no bursts to one deployment); a deployment at capacity passes the
 * request on in rank order. Capacity units normalise heterogeneous GPU SKUs by measured throughput.
 */
public final class CapacityRoundRobinGateway implements GatewayPolicy {
  private double[] current = new double[0];

  @Override
  public int[] order(double[] capacityUnits) {
    int n = capacityUnits.length;
    if (current.length != n) {
      current = new double[n];
    }
    double total = 0;
    int best = 0;
    for (int i = 0; i < n; i++) {
      current[i] += capacityUnits[i];
      total += capacityUnits[i];
      if (current[i] > current[best]) {
        best = i;
      }
    }
    current[best] -= total;
    int[] o = new int[n];
    o[0] = best;
    for (int i = 0, k = 1; i < n; i++) {
      if (i != best) {
        o[k++] = i;
      }
    }
    return o;
  }
}
