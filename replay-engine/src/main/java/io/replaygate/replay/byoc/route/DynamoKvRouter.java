package io.replaygate.replay.byoc.route;

import io.replaygate.replay.byoc.engine.Replica;
import io.replaygate.replay.byoc.kv.KvCache;
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

  public DynamoKvRouter(double overlapWeight, double temperature, UniformRandomProvider rng) {
    this.overlapWeight = overlapWeight;
    this.temperature = temperature;
    this.rng = rng;
  }

  @Override
  public Replica pick(Request r, List<Replica> candidates, long nowUs) {
    double[] cost = new double[candidates.size()];
    int best = 0;
    double max = 0;
    for (int i = 0; i < cost.length; i++) {
      Replica c = candidates.get(i);
      KvCache cache = c.cache();
      long hit = cache.usableTokens(cache.gpuPrefix(r.blocks()), r.inputTokens());
      double prefillBlocks = cache.promptBlocks(r.inputTokens()) - (double) hit / cache.engineBlockTokens()
          + (double) c.pendingPrefillTokens() / cache.engineBlockTokens();
      cost[i] = overlapWeight * prefillBlocks + c.activeDecodeBlocks();
      max = Math.max(max, cost[i]);
      if (cost[i] < cost[best]) {
        best = i;
      }
    }
    if (temperature <= 0 || max <= 0) {
      return candidates.get(best);
    }
    double[] w = new double[cost.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.exp(-(cost[i] - cost[best]) / (temperature * max));
      sum += w[i];
    }
    double u = rng.nextDouble() * sum;
    for (int i = 0; i < w.length; i++) {
      u -= w[i];
      if (u < 0) {
        return candidates.get(i);
      }
    }
    return candidates.get(w.length - 1);
  }
}
