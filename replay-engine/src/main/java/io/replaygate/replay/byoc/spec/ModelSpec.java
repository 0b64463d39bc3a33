package io.replaygate.replay.byoc.spec;

/**
 * A served model's architecture: what sizes its weights and its KV cache (DESIGN §4).
 *
 * @param name         the table's name for it, e.g. {@code llama-3.1-70b}
 * @param params       total parameters (weights held in GPU memory)
 * @param activeParams parameters used per token (= {@code params} for a dense model; fewer for MoE)
 * @param layers       transformer layers
 * @param hidden       hidden size (attention FLOPs scale with it)
 * @param heads        attention heads
 * @param kvHeads      key/value heads (grouped-query attention)
 * @param headDim      dimension of one head
 * @param mlaKvDim     elements cached per token per layer under multi-head latent attention, or 0
 * @param context      maximum context length in tokens
 * @param source       where the figures come from
 * @param managedEquivalents price-catalog targets ({@code provider/model}) that serve these same weights on a
 *                     managed host — the like-for-like comparator of a cluster serving this model [none]
 */
public record ModelSpec(String name, double params, double activeParams, int layers, int hidden, int heads,
    int kvHeads, int headDim, int mlaKvDim, int context, String source, java.util.List<String> managedEquivalents) {

  public ModelSpec {
    managedEquivalents = managedEquivalents == null ? java.util.List.of() : java.util.List.copyOf(managedEquivalents);
    if (params <= 0 || activeParams <= 0 || activeParams > params) {
      throw new IllegalArgumentException(name + ": parameters must be positive and active ≤ total");
    }
    if (layers < 1 || hidden < 1 || heads < 1 || kvHeads < 1 || headDim < 1 || mlaKvDim < 0 || context < 1) {
      throw new IllegalArgumentException(name + ": layers, hidden, heads, kv_heads, head_dim and context must be positive");
    }
  }

  /**
   * KV-cache elements one token occupies on one GPU of a {@code tp}-way tensor-parallel replica: per
   * layer, a key and a value per KV head (heads are split over GPUs, and replicated when there are fewer
   * KV heads than GPUs); under MLA the latent vector, which every GPU holds whole.
   */
  public long kvElementsPerTokenPerGpu(int tp) {
    if (mlaKvDim > 0) {
      return (long) layers * mlaKvDim;
    }
    int headsPerGpu = Math.max(1, (kvHeads + tp - 1) / tp);
    return 2L * layers * headsPerGpu * headDim;
  }
}
