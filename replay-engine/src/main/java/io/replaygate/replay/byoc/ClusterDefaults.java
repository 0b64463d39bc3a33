package io.replaygate.replay.byoc;

import io.replaygate.costmodel.terms.ClusterTerms;
import io.replaygate.replay.byoc.engine.EngineConfig;
import io.replaygate.replay.byoc.gateway.GatewayPolicies;
import io.replaygate.replay.byoc.kv.EvictionPolicies;
import io.replaygate.replay.byoc.kv.WritePolicy;
import io.replaygate.replay.byoc.route.Routers;
import io.replaygate.replay.byoc.scale.Autoscalers;
import io.replaygate.replay.byoc.spec.Dtype;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import io.replaygate.replay.byoc.step.StepTimeModel;
import io.replaygate.replay.byoc.step.StepTimeModels;
import java.math.BigDecimal;
import java.util.List;

/**
 * Every BYOC default, in one place (what {@code --path byoc_dynamo}, {@code byoc_epp} and {@code hybrid}
 * run without a scenario, and what a scenario leaves unsaid):
 * <ul>
 *   <li>one deployment {@code cluster}: Llama-3.1-70B, FP8 weights, BF16 KV cache, on 4 × H100-SXM-80GB
 *       (tensor parallel), vLLM-style engine (16-token blocks, 90% of HBM, 4 GB reserve, 8,192-token step
 *       budget, 256 running sequences), roofline step time, LRU eviction, no KV tier below the GPU;</li>
 *   <li>router: Dynamo KV-aware (overlap weight 1, temperature 0) for {@code byoc_dynamo} and {@code hybrid},
 *       llm-d EPP (prefix 3, queue 2, KV utilisation 2, metrics 50 ms stale) for {@code byoc_epp};</li>
 *   <li>replicas: a fixed count {@linkplain #replicasFor sized from the traffic};</li>
 *   <li>pool {@code gpu}, on demand, at the median of the on-demand prices the GPU catalog has for the GPU
 *       across its clouds on the price date (the lower median, so it is one cloud's real, sourced price; the
 *       summary shows the cheapest and the cheapest hyperscaler beside it), per-second billing with a
 *       60-second minimum;</li>
 *   <li>overflow to {@code anthropic/claude-sonnet-4-5} (the default managed baseline) only when every
 *       replica is at capacity — 32 requests waiting, or prefill queued on it that would start a new request
 *       later than the SLO's TTFT — the router's pick spilling to the least-loaded replica with room first;
 *       requests past the served model's context window (or a replica's KV cache) go to the fallback as
 *       <em>never fit</em>, counted apart;</li>
 *   <li>hybrid: a lane for the top model path by token volume;</li>
 *   <li>cluster terms beyond GPUs (operations, engineering, egress price, platform fee): {@link FullCost}'s
 *       sourced, dated defaults until the scenario sets them; terms set to zero are listed in the summary.</li>
 * </ul>
 */
public final class ClusterDefaults {
  /** Marks a fixed scaling whose count is sized from the traffic. */
  public static final int SIZE_FROM_TRAFFIC = 0;

  public static final String FALLBACK = "anthropic/claude-sonnet-4-5";

  public static final ClusterConfig.Tiers NO_TIERS = new ClusterConfig.Tiers(null, 25, WritePolicy.WRITE_THROUGH, 2,
      null, 10, WritePolicy.WRITE_BACK);

  public static final ClusterConfig.Pool POOL = new ClusterConfig.Pool("gpu", null, "on_demand", null, null, 1, 60,
      "median");

  public static final ClusterConfig.Deployment DEPLOYMENT = new ClusterConfig.Deployment("cluster", "llama-3.1-70b",
      Dtype.FP8, Dtype.BF16, "H100-SXM-80GB", 4, 16, 0.9, 4, EngineConfig.DEFAULT, StepTimeModels.Config.DEFAULT,
      EvictionPolicies.LRU, NO_TIERS, Routers.Config.DYNAMO, Autoscalers.Config.fixed(SIZE_FROM_TRAFFIC), POOL, null);

  /** Operations, engineering, platform fee and egress: {@link FullCost}'s sourced defaults. */
  public static final ClusterTerms TERMS = FullCost.DEFAULT.terms();

  public static final int QUEUE_LIMIT = 32;

  public static final int EGRESS_BYTES_PER_OUTPUT_TOKEN = 200;

  /** Target utilisation of the sizing rule: headroom for bursts inside the peak window. */
  public static final double SIZING_UTILIZATION = 0.7;

  /** Context length at which saturated decode throughput (capacity units) is measured. */
  public static final int CAPACITY_CONTEXT = 2048;

  private ClusterDefaults() {}

  /** The default cluster of a quick path: the default deployment with the profile's router. */
  public static ClusterConfig quick(Routers.Config router, double sloTtftMs, ClusterConfig.Lanes lanes) {
    return new ClusterConfig(List.of(DEPLOYMENT.withRouter(router)), GatewayPolicies.OVERFLOW, FALLBACK,
        new ClusterConfig.Overflow(QUEUE_LIMIT, sloTtftMs), lanes, TERMS, EGRESS_BYTES_PER_OUTPUT_TOKEN);
  }

  /**
   * Replicas a fixed fleet needs for the traffic: in the busiest window, its work in
   * {@linkplain #workSeconds capacity-utilisation terms} with no cache credit (every prompt token prefilled:
   * conservative) and decode at the window's output-weighted mean context, ÷ the window, ÷
   * {@link #SIZING_UTILIZATION}, rounded up, at least one — so the fleet reads about that capacity utilisation
   * in the window it was sized from, and less with its prefix cache.
   */
  public static int replicasFor(ReplicaShape shape, StepTimeModel step, EngineConfig engine, double tpotMs,
      double peakInputTokens, double peakOutputTokens, double meanContextTokens, double windowSeconds) {
    double busySeconds = peakInputTokens / prefillTokensPerSecond(step, engine)
        + peakOutputTokens * decodeSecondsPerToken(shape, step, engine, tpotMs, meanContextTokens);
    return Math.max(1, (int) Math.ceil(busySeconds / windowSeconds / SIZING_UTILIZATION));
  }

  /**
   * Capacity utilisation, defined once (summary {@code capacity_utilization}, the gate's utilisation rule, the
   * report): work served ÷ the work the provisioned fleet could serve at saturation while meeting the SLO. The
   * work of a request, in replica-seconds: its computed (uncached) prompt tokens ÷ the replica's
   * {@linkplain #prefillTokensPerSecond saturated prefill rate}, plus its output tokens × the
   * {@linkplain #decodeSecondsPerToken replica-time per output token} of a saturated batch of sequences like it
   * (its mean context: prompt + half its output). The fleet's capacity is its provisioned replica-seconds. A
   * continuously batching replica reads busy whenever anything runs ({@code gpu_busy_fraction}, what DCGM
   * shows); this figure reads how much of its throughput is used.
   */
  public static double workSeconds(ReplicaShape shape, StepTimeModel step, EngineConfig engine, double tpotMs,
      double prefillTokensPerSecond, long computedPromptTokens, long promptTokens, long outputTokens) {
    double context = promptTokens + outputTokens / 2.0;
    return computedPromptTokens / prefillTokensPerSecond
        + outputTokens * decodeSecondsPerToken(shape, step, engine, tpotMs, context);
  }

  /**
   * Replica-seconds per output token when decoding at saturation sequences of {@code contextTokens} each: the
   * largest batch that fits the KV cache at that context, the running limit, and a decode step within the TPOT
   * target (the SLO holds at saturation) — one sequence when even that misses the target — and its step time ÷
   * its size. Long contexts fill the KV cache with fewer sequences, so each of their tokens costs more.
   */
  public static double decodeSecondsPerToken(ReplicaShape shape, StepTimeModel step, EngineConfig engine,
      double tpotMs, double contextTokens) {
    long ctx = Math.max(1, Math.round(contextTokens));
    int most = (int) Math.max(1, Math.min(engine.maxRunning(), shape.kvTokens() / ctx));
    int lo = 1;
    int hi = most;
    while (lo < hi) { // the largest batch whose step is within the target (step time grows with the batch)
      int mid = (lo + hi + 1) >>> 1;
      if (step.stepSeconds(0, 0, mid, mid * ctx) * 1e3 <= tpotMs) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return step.stepSeconds(0, 0, lo, lo * ctx) / lo;
  }

  /** Output tokens per second of a saturated replica within the TPOT target at {@link #CAPACITY_CONTEXT}. */
  public static double sloDecodeTokensPerSecond(ReplicaShape shape, StepTimeModel step, EngineConfig engine,
      double tpotMs) {
    return 1 / decodeSecondsPerToken(shape, step, engine, tpotMs, CAPACITY_CONTEXT);
  }

  /** Prompt tokens per second of a replica running full prefill steps (one step budget from scratch). */
  public static double prefillTokensPerSecond(StepTimeModel step, EngineConfig engine) {
    int budget = engine.maxBatchTokens();
    return budget / step.stepSeconds(budget, StepTimeModel.attention(0, budget), 0, 0);
  }

  /**
   * Output tokens per second of a replica decoding a full batch at {@link #CAPACITY_CONTEXT} tokens of
   * context each (as many sequences as fit in its KV cache, at most the running limit): the capacity
   * unit a gateway normalises SKUs by.
   */
  public static double saturatedDecodeTokensPerSecond(ReplicaShape shape, StepTimeModel step, EngineConfig engine) {
    int batch = (int) Math.max(1, Math.min(engine.maxRunning(), shape.kvTokens() / CAPACITY_CONTEXT));
    return batch / step.stepSeconds(0, 0, batch, (long) batch * CAPACITY_CONTEXT);
  }
}
