package io.replaygate.costmodel.terms;

/**
 * A pool of GPUs replicas run on.
 *
 * @param name           the pool's name (replica lifetimes in the ledger name it)
 * @param gpu            the GPU type, e.g. {@code H100-SXM-80GB}
 * @param gpusPerReplica GPUs one replica occupies (tensor-parallel degree)
 * @param priceModel     reserved, on-demand or spot, with its price
 */
public record GpuPool(String name, String gpu, int gpusPerReplica, PriceModel priceModel) {
  public GpuPool {
    if (gpusPerReplica < 1) {
      throw new IllegalArgumentException("a replica needs at least one GPU");
    }
  }
}
