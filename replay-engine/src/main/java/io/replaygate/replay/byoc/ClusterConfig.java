package io.replaygate.replay.byoc;

import io.replaygate.costmodel.terms.ClusterTerms;
import io.replaygate.replay.byoc.engine.EngineConfig;
import io.replaygate.replay.byoc.gateway.GatewayPolicies;
import io.replaygate.replay.byoc.kv.EvictionPolicies;
import io.replaygate.replay.byoc.kv.WritePolicy;
import io.replaygate.replay.byoc.route.Routers;
import io.replaygate.replay.byoc.scale.Autoscalers;
import io.replaygate.replay.byoc.spec.Dtype;
import io.replaygate.replay.byoc.step.StepTimeModels;
import java.math.BigDecimal;
import java.util.List;

/**
 * A BYOC path's cluster (DESIGN §2, §4): one deployment, or several behind a gateway; where overflow goes;
 * for a hybrid path, which model paths it serves. Defaults live in {@link ClusterDefaults}.
 *
 * @param deployments       one or more deployments, in gateway rank order
 * @param gateway           how requests are spread over several deployments [overflow]
 * @param fallback          managed target ({@code provider/model}) for overflow and unlaned traffic, or
 *                          {@code null}: overflow fails
 * @param overflow          when a deployment counts as at capacity
 * @param lanes             hybrid: the model paths the cluster serves; {@code null} for a BYOC path (all)
 * @param terms             what the cluster costs beyond GPUs (pools are filled in from the deployments)
 * @param egressBytesPerOutputToken bytes leaving the cloud per generated token [200: one streamed SSE chunk]
 */
public record ClusterConfig(List<Deployment> deployments, GatewayPolicies gateway, String fallback,
    Overflow overflow, Lanes lanes, ClusterTerms terms, int egressBytesPerOutputToken) {

  public ClusterConfig {
    deployments = List.copyOf(deployments);
    if (deployments.isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one deployment");
    }
  }

  /**
   * One deployment: a model on a GPU SKU in a pool, its engine, cache, router and scaling.
   *
   * @param name          the deployment's name (replicas are {@code name-0}, {@code name-1}, …)
   * @param model         serving-model table name
   * @param weights       weight format
   * @param kv            KV-cache format
   * @param gpu           GPU catalog name
   * @param tp            tensor-parallel degree (GPUs per replica)
   * @param blockTokens   engine KV block size
   * @param memoryUtilization share of HBM the engine may use
   * @param reserveGb     GB per GPU kept for activations
   * @param engine        scheduler limits
   * @param step          step-time model
   * @param eviction      eviction policy of every tier
   * @param tiers         KV tiers below the GPU
   * @param router        router and its parameters
   * @param scaling       autoscaling (replica count sized from the traffic when {@code null} replicas)
   * @param pool          GPU pool and its price
   * @param capacityUnits capacity units per replica for a gateway, or {@code null}: measured from the step
   *                      model's saturated decode throughput
   */
  public record Deployment(String name, String model, Dtype weights, Dtype kv, String gpu, int tp, int blockTokens,
      double memoryUtilization, double reserveGb, EngineConfig engine, StepTimeModels.Config step,
      EvictionPolicies eviction, Tiers tiers, Routers.Config router, Autoscalers.Config scaling, Pool pool,
      Double capacityUnits) {

    public Deployment withRouter(Routers.Config r) {
      return new Deployment(name, model, weights, kv, gpu, tp, blockTokens, memoryUtilization, reserveGb, engine, step,
          eviction, tiers, r, scaling, pool, capacityUnits);
    }

    public Deployment withScaling(Autoscalers.Config s) {
      return new Deployment(name, model, weights, kv, gpu, tp, blockTokens, memoryUtilization, reserveGb, engine, step,
          eviction, tiers, router, s, pool, capacityUnits);
    }

    public Deployment withStep(StepTimeModels.Config s) {
      return new Deployment(name, model, weights, kv, gpu, tp, blockTokens, memoryUtilization, reserveGb, engine, s,
          eviction, tiers, router, scaling, pool, capacityUnits);
    }
  }

  /**
   * KV tiers below the GPU (SGLang HiCache, LMCache, Mooncake store); a {@code null} size is no tier.
   *
   * @param hostGbPerReplica   host DRAM for KV per replica
   * @param hostGbPerSecond    host ↔ GPU bandwidth (PCIe 5 x16 ≈ 50 GB/s, effective less) [25]
   * @param hostWrite          when blocks are copied to host [write_through]
   * @param selectiveThreshold uses before selective write-through copies a block [2]
   * @param poolGb             capacity of a pool shared by the deployment's replicas
   * @param poolGbPerSecond    per-replica bandwidth to the pool (RDMA 400 Gb/s ≈ 50 GB/s; TCP less) [10]
   * @param poolWrite          when blocks are copied to the pool [write_back]
   */
  public record Tiers(Double hostGbPerReplica, double hostGbPerSecond, WritePolicy hostWrite, int selectiveThreshold,
      Double poolGb, double poolGbPerSecond, WritePolicy poolWrite) {}

  /**
   * The GPU pool a deployment's replicas run in and its price.
   *
   * @param name           pool name (ledger and cost lines)
   * @param cloud          catalog cloud to price at, or {@code null}: picked from the catalog's clouds by
   *                       {@code pricePick}
   * @param priceModel     on_demand, reserved, reserved_1y, reserved_3y or spot [on_demand]
   * @param pricePick      with no cloud named, which catalog price the verdict uses: {@code cheapest},
   *                       {@code median} (the lower median of the clouds' prices) or {@code hyperscaler}
   *                       (the cheapest of AWS, Azure and GCP) [median]; the summary shows all three
   * @param usdPerGpuHour  a price of your own, replacing the catalog's
   * @param reservedGpus   reserved models: GPUs reserved, or {@code null}: the most replicas × tp
   * @param granularitySeconds on-demand / spot: billing step [1]
   * @param minimumSeconds on-demand / spot: shortest billed lifetime [60]
   */
  public record Pool(String name, String cloud, String priceModel, BigDecimal usdPerGpuHour, Integer reservedGpus,
      long granularitySeconds, long minimumSeconds, String pricePick) {

    /** The catalog price picks with no cloud named. */
    public static final java.util.List<String> PICKS = java.util.List.of("cheapest", "median", "hyperscaler");
    /** Clouds that count as hyperscalers for the {@code hyperscaler} pick. */
    public static final java.util.Set<String> HYPERSCALERS = java.util.Set.of("aws", "azure", "gcp");
  }

  /**
   * When the deployment a request is offered to counts as at capacity (then the next deployment, then
   * the managed fallback, takes it).
   *
   * @param queueLimit         the chosen replica already has this many requests waiting [32]
   * @param maxPredictedTtftMs the chosen replica's queued prefill work would put the request's first token
   *                           later than this [the SLO's TTFT]; 0 disables
   * @param maxPredictedTpotMs a decode step of the replica's batch with this request added would take longer
   *                           than this: its tokens would come slower than the SLO's TPOT [the SLO's TPOT,
   *                           100 ms]; 0 disables
   */
  public record Overflow(int queueLimit, double maxPredictedTtftMs, double maxPredictedTpotMs) {
    public Overflow(int queueLimit, double maxPredictedTtftMs) {
      this(queueLimit, maxPredictedTtftMs, io.replaygate.replay.core.Slo.DEFAULT.tpotMs());
    }
  }

  /**
   * Hybrid lanes: the named model paths, or the {@code top} model paths by token volume in the trace.
   */
  public record Lanes(List<String> modelPaths, int top) {
    public Lanes {
      modelPaths = modelPaths == null ? List.of() : List.copyOf(modelPaths);
    }
  }
}
