package io.replaygate.replay.byoc;

import io.replaygate.replay.byoc.spec.ReplicaShape;

/**
 * A deployment's figures after the run, for the summary and {@code cluster.parquet}.
 *
 * <p>GPU utilisation (DESIGN §1a) = GPU-seconds spent executing batches ÷ provisioned GPU-seconds
 * (replica lifetimes × GPUs per replica, cold starts included), over the run, and separately over the
 * part of it inside business hours ({@code gpu_busy_fraction}: what DCGM or nvidia-smi would show).
 *
 * <p>Capacity utilisation ({@link ClusterDefaults#workSeconds}, the figure the gate reads) = work served ÷
 * provisioned replica-seconds; in business hours, the work of requests arriving in them ÷ the replica-seconds
 * inside them.
 *
 * <p>{@code spilled}: requests served by another replica than the router's pick (the pick was at
 * capacity); {@code unattainableRequests} / {@code unattainableTokens}: requests (and their prompt tokens)
 * whose own uncached prefill misses the TTFT target even on an idle replica of this shape — served, and
 * missing the SLO whatever the fleet size. {@code interTokenUs}: the gap before every generated token after
 * the first, µs — a step's duration for each sequence that decoded in it, so prefill chunks batched with
 * decoding show as stalls.
 */
public record DeploymentResult(String name, ClusterConfig.Deployment config, ReplicaShape shape, String pool,
    double capacityUnitsPerReplica, WindowSeries series, double busyBusinessGpuSeconds,
    double provisionedBusinessGpuSeconds, int peakReplicas, int fewestServingReplicas, long preemptions,
    long gpuEvictions, int replicaLifetimes, long spilled, long unattainableRequests, long unattainableTokens,
    org.HdrHistogram.Histogram interTokenUs, double workBusinessSeconds) {

  public double workSeconds() {
    return series.total(WindowSeries.WORK_SECONDS);
  }

  public double provisionedReplicaSeconds() {
    return provisionedGpuSeconds() / shape.tp();
  }

  public double provisionedBusinessReplicaSeconds() {
    return provisionedBusinessGpuSeconds / shape.tp();
  }

  public double busyGpuSeconds() {
    return series.total(WindowSeries.BUSY_GPU_SECONDS);
  }

  public double provisionedGpuSeconds() {
    return series.total(WindowSeries.PROVISIONED_GPU_SECONDS);
  }
}
