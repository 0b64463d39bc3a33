package io.replaygate.replay.byoc.route;

import io.replaygate.replay.core.Request;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * NVIDIA Dynamo's KV-aware router. For each replica: cost = overlap weight × prefill blocks + the replica's
 * active decode blocks, the lowest winning. Prefill blocks are the request's blocks still to compute there
 * (its blocks minus those the replica's GPU cache holds, from the KV events workers publish) plus the
 * prefill the replica already has queued (Dynamo tracks each worker's outstanding prefill tokens), so a
 * replica holding a popular prefix stops winning once its queue outweighs the reuse. With a temperature above zero the choice is
 * sampled, with probability ∝ exp(−cost ÷ (temperature × the largest cost)), to spread load.
 */
public final class DynamoKvRouter implements Router {
  private final double overlapWeight;
  private final double temperature;
  private final UniformRandomProvider rng;
  /** Each candidate's cost in the pick being made (reused: a pick per request over every replica). */
  private double[] costs = new double[16];

  public DynamoKvRouter(double overlapWeight, double temperature, UniformRandomProvider rng) {
    this.overlapWeight = overlapWeight;
    this.temperature = temperature;
    this.rng = rng;
  }

  @Override
  public boolean readsGpuCaches() {
    return true;
  }

  @Override
  public <T extends RoutingTarget> T pick(Request r, List<T> candidates, long nowUs) {
    int n = candidates.size();
    if (costs.length < n) {
      costs = new double[Math.max(n, 2 * costs.length)];
    }
    double[] cost = costs;
    int best = 0;
    double max = 0;
    for (int i = 0; i < n; i++) {
      T c = candidates.get(i);
      long hit = c.cachedPrefixTokens(r);
      double prefillBlocks = c.promptBlocks(r.inputTokens()) - (double) hit / c.engineBlockTokens()
          + (double) c.pendingPrefillTokens() / c.engineBlockTokens();
      cost[i] = overlapWeight * prefillBlocks + c.activeDecodeBlocks(nowUs);
      max = Math.max(max, cost[i]);
      if (cost[i] < cost[best]) {
        best = i;
      }
    }
    if (temperature <= 0 || max <= 0) {
      return candidates.get(best);
    }
    double[] w = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      w[i] = Math.exp(-(cost[i] - cost[best]) / (temperature * max));
      sum += w[i];
    }
    double u = rng.nextDouble() * sum;
    for (int i = 0; i < n; i++) {
      u -= w[i];
      if (u < 0) {
        return candidates.get(i);
      }
    }
    return candidates.get(n - 1);
  }
}
