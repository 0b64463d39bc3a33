package io.replaygate.replay.byoc.spec;

import io.replaygate.costmodel.catalog.GpuCatalog;

/**
 * One replica: a model on {@code tp} GPUs of one type, and what follows from it (DESIGN §4).
 *
 * <p>Per GPU: weights take {@code params × weight bytes ÷ tp}; of the device memory as the driver reports
 * it ({@link GpuCatalog.Spec#memoryBytes()}: 81,559 MiB on an H100 "80 GB"), the engine may use
 * {@code memoryUtilization} (vLLM's {@code gpu_memory_utilization}, a share of that total); {@code reserveGb} more is kept for
 * activations, CUDA graphs and the runtime; the rest holds KV cache. Usable KV tokens per replica =
 * that remainder ÷ KV bytes per token per GPU (every GPU holds its share of every token), rounded down to
 * whole engine blocks.
 *
 * @param model             the model
 * @param gpu               the GPU's datasheet figures
 * @param tp                tensor-parallel degree (GPUs per replica)
 * @param weights           weight format (FP8 also selects the GPU's FP8 FLOP/s)
 * @param kv                KV-cache format
 * @param blockTokens       the engine's KV block size in tokens (16 vLLM, 64 Dynamo/SGLang pages)
 * @param memoryUtilization share of HBM the engine may use [0.9]
 * @param reserveGb         GB per GPU kept for activations and runtime [4]
 */
public record ReplicaShape(ModelSpec model, GpuCatalog.Spec gpu, int tp, Dtype weights, Dtype kv, int blockTokens,
    double memoryUtilization, double reserveGb) {

  private static final double GB = 1e9;

  public ReplicaShape {
    if (tp < 1 || blockTokens < 1) {
      throw new IllegalArgumentException("tensor parallelism and block size must be at least 1");
    }
    if (!(memoryUtilization > 0 && memoryUtilization <= 1) || reserveGb < 0) {
      throw new IllegalArgumentException("memory utilisation must be in (0, 1] and the reserve ≥ 0");
    }
    if (model.heads() > 0 && model.heads() % tp != 0) {
      throw new IllegalArgumentException("tensor_parallel " + tp + " does not divide " + model.name() + "'s "
          + model.heads() + " attention heads (a serving engine refuses it): use a divisor of " + model.heads());
    }
    if (weights == Dtype.FP8 && gpu.fp8Tflops() == null) {
      throw new IllegalArgumentException(gpu.gpu() + " has no FP8: serve " + model.name() + " in bf16");
    }
    double weightBytes = model.params() * weights.bytes() / tp;
    double free = gpu.memoryBytes() * memoryUtilization - reserveGb * GB - weightBytes;
    if (free < (double) model.kvElementsPerTokenPerGpu(tp) * kv.bytes() * blockTokens) {
      throw new IllegalArgumentException(model.name() + " in " + weights.wireName() + " does not fit on " + tp + " × "
          + gpu.gpu() + ": weights need " + Math.round(weightBytes / GB) + " GB per GPU of "
          + Math.round(gpu.memoryBytes() / GB * memoryUtilization - reserveGb) + " GB usable (raise tensor_parallel)");
    }
  }

  /** Weight bytes on one GPU. */
  public double weightBytesPerGpu() {
    return model.params() * weights.bytes() / tp;
  }

  /** KV-cache bytes one token occupies on one GPU. */
  public long kvBytesPerTokenPerGpu() {
    return model.kvElementsPerTokenPerGpu(tp) * kv.bytes();
  }

  /** KV-cache bytes of one token over the whole replica (what a transfer to another tier moves). */
  public long kvBytesPerToken() {
    return kvBytesPerTokenPerGpu() * tp;
  }

  /** Tokens of KV cache the replica can hold. */
  public long kvTokens() {
    double free = gpu.memoryBytes() * memoryUtilization - reserveGb * GB - weightBytesPerGpu();
    long tokens = free <= 0 ? 0 : (long) (free / kvBytesPerTokenPerGpu());
    return tokens / blockTokens * blockTokens;
  }

  /** Engine KV blocks the replica can hold. */
  public long kvBlocks() {
    return kvTokens() / blockTokens;
  }

  /** Dense peak FLOP/s of one GPU in the weights' format. */
  public double peakFlopsPerGpu() {
    return (weights == Dtype.FP8 ? gpu.fp8Tflops() : gpu.bf16Tflops()) * 1e12;
  }

  /**
   * Bytes/s one GPU sends each way over its GPU-to-GPU link: half the datasheet's two-way figure (NVLink 4's
   * 900 GB/s is 450 GB/s out and 450 GB/s in), the ceiling of an all-reduce's bus bandwidth.
   */
  public double linkBytesPerSecondEachWay() {
    return gpu.interconnectGbPerS() * 1e9 / 2;
  }

  /** HBM bandwidth of one GPU in bytes/s. */
  public double hbmBytesPerSecond() {
    return gpu.hbmTbPerS() * 1e12;
  }
}
