package io.replaygate.replay.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.replay.byoc.ClusterConfig;
import io.replaygate.replay.byoc.ClusterPathSimulator;
import io.replaygate.replay.byoc.DeploymentResult;
import io.replaygate.replay.byoc.PricedPool;
import io.replaygate.replay.byoc.WindowSeries;
import java.util.List;

/**
 * A BYOC or hybrid path's part of {@code summary.json}: {@code capacity_utilization} and
 * {@code business_hours_capacity_utilization} (work served ÷ what the provisioned fleet could serve at
 * saturation within the SLO, {@link io.replaygate.replay.byoc.ClusterDefaults#workSeconds}: the gate's figure),
 * {@code gpu_busy_fraction} and {@code business_hours_gpu_busy_fraction} (busy ÷ provisioned GPU-seconds, DESIGN
 * §1a's GPU utilisation, what DCGM shows; a continuously batching replica reads busy whenever anything runs) —
 * each null where nothing was provisioned, or no provisioned time fell in business hours — and a
 * {@code cluster} object with the
 * deployments as simulated and priced, hits by KV tier, overflow, and the cluster terms left at zero.
 */
public final class ClusterSummary {
  private ClusterSummary() {}

  public static void write(ObjectNode p, ClusterPathSimulator sim, List<PricedPool> pools) {
    List<DeploymentResult> ds = sim.results();
    double busy = 0;
    double provisioned = 0;
    double busyBiz = 0;
    double provisionedBiz = 0;
    double work = 0;
    double workBiz = 0;
    double replicaSeconds = 0;
    double replicaSecondsBiz = 0;
    double gpuHit = 0;
    double hostHit = 0;
    double poolHit = 0;
    long spilled = 0;
    long unattainable = 0;
    long unattainableTokens = 0;
    org.HdrHistogram.Histogram itl = new org.HdrHistogram.Histogram(3);
    for (DeploymentResult d : ds) {
      itl.add(d.interTokenUs());
      spilled += d.spilled();
      unattainable += d.unattainableRequests();
      unattainableTokens += d.unattainableTokens();
      busy += d.busyGpuSeconds();
      provisioned += d.provisionedGpuSeconds();
      busyBiz += d.busyBusinessGpuSeconds();
      provisionedBiz += d.provisionedBusinessGpuSeconds();
      work += d.workSeconds();
      workBiz += d.workBusinessSeconds();
      replicaSeconds += d.provisionedReplicaSeconds();
      replicaSecondsBiz += d.provisionedBusinessReplicaSeconds();
      gpuHit += d.series().total(WindowSeries.GPU_HIT_TOKENS);
      hostHit += d.series().total(WindowSeries.HOST_HIT_TOKENS);
      poolHit += d.series().total(WindowSeries.POOL_HIT_TOKENS);
    }
    ratio(p, "capacity_utilization", work, replicaSeconds);
    ratio(p, "business_hours_capacity_utilization", workBiz, replicaSecondsBiz);
    ratio(p, "gpu_busy_fraction", busy, provisioned);
    ratio(p, "business_hours_gpu_busy_fraction", busyBiz, provisionedBiz);
    if (provisionedBiz == 0) {
      p.put("business_hours_note", "no provisioned GPU time fell inside business hours "
          + "(trace.business_hours says which hours; a relative-time trace needs --anchor to have any)");
    }
    ClusterConfig cfg = sim.plan().config();
    ObjectNode c = p.putObject("cluster");
    if (sim.plan().lanes() == null) {
      c.putNull("lanes");
    } else {
      ArrayNode lanes = c.putArray("lanes");
      sim.plan().lanes().forEach(lanes::add);
    }
    c.put("gateway", cfg.gateway().wireName());
    c.put("fallback", cfg.fallback());
    c.put("overflowed", sim.overflowed);
    c.put("overflowed_prompt_tokens", sim.overflowedTokens);
    c.put("never_fit", sim.neverFit);
    c.put("never_fit_prompt_tokens", sim.neverFitTokens);
    c.put("spilled", spilled);
    ObjectNode itlNode = c.putObject("inter_token_latency_ms");
    itlNode.put("tokens", itl.getTotalCount());
    for (double q : new double[] {50, 90, 99}) {
      itlNode.put("p" + (int) q, itl.getTotalCount() == 0 ? null : Summary.ratio(itl.getValueAtPercentile(q) / 1e3));
    }
    itlNode.put("max", itl.getTotalCount() == 0 ? null : Summary.ratio(itl.getMaxValue() / 1e3));
    c.put("ttft_unattainable", unattainable);
    c.put("ttft_unattainable_prompt_tokens", unattainableTokens);
    c.put("unlaned", sim.unlaned);
    c.put("failed", sim.failed);
    c.put("provisioned_gpu_hours", Summary.ratio(provisioned / 3600));
    c.put("busy_gpu_hours", Summary.ratio(busy / 3600));
    ObjectNode hits = c.putObject("hit_tokens_by_tier");
    hits.put("gpu", (long) gpuHit);
    hits.put("host", (long) hostHit);
    hits.put("pool", (long) poolHit);
    ArrayNode unset = c.putArray("cluster_terms_at_zero");
    cfg.terms().termsAtZero().forEach(unset::add);
    ArrayNode deployments = c.putArray("deployments");
    for (int i = 0; i < ds.size(); i++) {
      DeploymentResult d = ds.get(i);
      ClusterConfig.Deployment dc = d.config();
      ObjectNode n = deployments.addObject();
      n.put("name", d.name());
      n.put("model", dc.model());
      n.put("gpu", d.shape().gpu().gpu());
      n.put("tensor_parallel", dc.tp());
      n.put("weights", dc.weights().wireName());
      n.put("kv_cache_dtype", dc.kv().wireName());
      n.put("block_tokens", dc.blockTokens());
      n.put("kv_bytes_per_token", d.shape().kvBytesPerToken());
      n.put("kv_tokens_per_replica", d.shape().kvTokens());
      n.put("router", dc.router().router().wireName());
      n.put("eviction", dc.eviction().wireName());
      n.put("step_time", dc.step().model().wireName());
      n.put("scaling", dc.scaling().policy().wireName());
      n.put("replicas", dc.scaling().replicas());
      n.put("peak_replicas", d.peakReplicas());
      n.put("capacity_units_per_replica", Summary.ratio(d.capacityUnitsPerReplica()));
      PricedPool pp = pools.get(i);
      ObjectNode pool = n.putObject("pool");
      pool.put("name", pp.name());
      pool.put("cloud", pp.cloud());
      pool.put("price_model", pp.priceModel());
      pool.put("usd_per_gpu_hour", pp.usdPerGpuHour());
      pool.put("price_source", pp.source());
      pool.put("price_pick", pp.pick());
      ArrayNode band = pool.putArray("price_band");
      for (PricedPool.BandPoint b : pp.band()) {
        ObjectNode bp = band.addObject();
        bp.put("pick", b.pick());
        bp.put("cloud", b.cloud());
        bp.put("usd_per_gpu_hour", b.usdPerGpuHour());
      }
      n.put("provisioned_gpu_hours", Summary.ratio(d.provisionedGpuSeconds() / 3600));
      n.put("busy_gpu_hours", Summary.ratio(d.busyGpuSeconds() / 3600));
      ratio(n, "capacity_utilization", d.workSeconds(), d.provisionedReplicaSeconds());
      ratio(n, "business_hours_capacity_utilization", d.workBusinessSeconds(), d.provisionedBusinessReplicaSeconds());
      ratio(n, "gpu_busy_fraction", d.busyGpuSeconds(), d.provisionedGpuSeconds());
      ratio(n, "business_hours_gpu_busy_fraction", d.busyBusinessGpuSeconds(), d.provisionedBusinessGpuSeconds());
      n.put("replica_lifetimes", d.replicaLifetimes());
      n.put("preemptions", d.preemptions());
      n.put("gpu_evictions", d.gpuEvictions());
    }
  }

  private static void ratio(ObjectNode n, String key, double part, double whole) {
    if (whole > 0) {
      n.put(key, Summary.ratio(part / whole));
    } else {
      n.putNull(key);
    }
  }
}
