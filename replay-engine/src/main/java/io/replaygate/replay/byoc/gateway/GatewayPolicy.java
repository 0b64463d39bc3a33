package io.replaygate.replay.byoc.gateway;

/**
 * The order in which a gateway offers a request to the deployments behind it (ranked as configured);
 * a deployment at capacity passes it to the next, and when all are, it overflows to the managed fallback.
 * {@link GatewayPolicies} names the implementations.
 */
public interface GatewayPolicy {
  /**
   * @param capacityUnits each deployment's serving capacity now (replicas × capacity units per replica)
   * @return deployment indexes, first offered first; every deployment once
   */
  int[] order(double[] capacityUnits);
}
