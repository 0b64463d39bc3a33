package io.replaygate.replay.byoc.step;

import io.replaygate.replay.byoc.spec.ReplicaShape;

/**
 * The roofline step time (DESIGN §4): a step takes the longer of its compute and its memory traffic, plus
 * its tensor-parallel communication and fixed and per-sequence host overheads. Per GPU of a {@code tp}-way replica:
 * <ul>
 *   <li>FLOPs = 2 × active parameters × (prefill tokens + decoding sequences) ÷ tp (the matrix
 *       multiplications) + 4 × layers × hidden × attended context ÷ tp (QKᵀ and AV; a prefill chunk attends to
 *       everything before each of its tokens, so its cost grows with the context it extends);</li>
 *   <li>bytes = weights per GPU + KV bytes per token per GPU × (decode context + prefill tokens written);
 *       prefill reads its own context from on-chip tiles, not HBM, so it adds only what it writes;</li>
 *   <li>all-reduce (tp &gt; 1) = 2 per layer, each its latency + 2 (tp − 1) ÷ tp × the step's activations
 *       (tokens × hidden × 2 bytes) ÷ (link bandwidth each way × link efficiency): a ring all-reduce's traffic,
 *       not overlapped with compute (vLLM's and SGLang's tensor-parallel layers wait for it);</li>
 *   <li>time = overhead + CPU per sequence × running sequences + all-reduce
 *       + max(FLOPs ÷ (peak FLOP/s × compute efficiency × s), bytes ÷ (HBM bandwidth × bandwidth efficiency × s)).</li>
 * </ul>
 * Tensor parallelism is paid once, by its communication: s = tp_scaling ^ log₂(tp) is an optional extra
 * penalty, 1 (none) by default. The efficiencies and overheads are {@link Params}; the defaults are fitted to
 * published vLLM and SGLang throughput ({@code StepTimeValidationTest}, docs/step-time-validation.md)
 * — a starting point, to be replaced by a {@link FittedStepTime} from your own measurements.
 */
public final class RooflineStepTime implements StepTimeModel {
  /** Bytes of one activation element an all-reduce moves (BF16, also under FP8 weights). */
  private static final double ACTIVATION_BYTES = 2;

  /**
   * @param computeEfficiency   achieved ÷ peak FLOP/s on matrix multiplications and attention [0.55]
   * @param bandwidthEfficiency achieved ÷ peak HBM bandwidth when streaming weights and KV [0.75]
   * @param overheadMs          fixed per-step cost: scheduling, kernel launches, the batch's bookkeeping [4]
   * @param allReduceUs         latency of one tensor-parallel all-reduce, before its bytes; two per layer [20]
   * @param tpScaling           extra efficiency kept per doubling of the tensor-parallel degree, on top of the
   *                            all-reduce terms [1: none, so tensor parallelism is charged once]
   * @param cpuUsPerSequence    host-side cost per running sequence per step: sampling, detokenisation, the
   *                            scheduler's per-request work (what vLLM's v0.6 profile showed dominating large
   *                            batches) [35]
   * @param linkEfficiency      achieved ÷ datasheet GPU-to-GPU bandwidth of an all-reduce's bus traffic
   *                            (NCCL's "busbw", for the mid-sized messages a step's activations make) [0.6]
   */
  public record Params(double computeEfficiency, double bandwidthEfficiency, double overheadMs, double allReduceUs,
      double tpScaling, double cpuUsPerSequence, double linkEfficiency) {
    /** Fitted to the published points in {@code StepTimeValidationTest}; see docs/step-time-validation.md. */
    public static final Params DEFAULT = new Params(0.55, 0.75, 4.0, 20, 1, 35, 0.6);

    /**
     * What {@link #DEFAULT} was checked against, as the outputs state it beside a result that rests on it;
     * {@code StepTimeValidationTest} holds these figures to the table it prints.
     */
    public static final String DEFAULT_VALIDATION = "within 0.88–1.14 of 8 published vLLM/SGLang throughputs and "
        + "0.35–0.84 of TensorRT-LLM's (docs/step-time-validation.md)";

    public Params {
      if (!(computeEfficiency > 0 && computeEfficiency <= 1) || !(bandwidthEfficiency > 0 && bandwidthEfficiency <= 1)
          || !(tpScaling > 0 && tpScaling <= 1) || !(linkEfficiency > 0 && linkEfficiency <= 1)) {
        throw new IllegalArgumentException("efficiencies must be in (0, 1]");
      }
      if (overheadMs < 0 || allReduceUs < 0 || cpuUsPerSequence < 0) {
        throw new IllegalArgumentException("overheads cannot be negative");
      }
    }
  }

  private final double flopsPerToken;
  private final double attentionFlopsPerContext;
  private final double weightBytes;
  private final double kvBytesPerToken;
  private final double flopsPerSecond;
  private final double bytesPerSecond;
  private final double fixedSeconds;
  private final double allReduceSecondsPerToken;
  private final double cpuSecondsPerSequence;

  public RooflineStepTime(ReplicaShape shape, Params p) {
    int tp = shape.tp();
    int layers = shape.model().layers();
    flopsPerToken = 2 * shape.model().activeParams() / tp;
    attentionFlopsPerContext = 4.0 * layers * shape.model().hidden() / tp;
    weightBytes = shape.weightBytesPerGpu();
    kvBytesPerToken = shape.kvBytesPerTokenPerGpu();
    double scaling = Math.pow(p.tpScaling(), Math.log(tp) / Math.log(2));
    flopsPerSecond = shape.peakFlopsPerGpu() * p.computeEfficiency() * scaling;
    bytesPerSecond = shape.hbmBytesPerSecond() * p.bandwidthEfficiency() * scaling;
    fixedSeconds = p.overheadMs() / 1e3 + (tp > 1 ? 2.0 * layers * p.allReduceUs() / 1e6 : 0);
    allReduceSecondsPerToken = tp == 1 ? 0
        : 2.0 * layers * 2.0 * (tp - 1) / tp * shape.model().hidden() * ACTIVATION_BYTES
            / (shape.linkBytesPerSecondEachWay() * p.linkEfficiency());
    cpuSecondsPerSequence = p.cpuUsPerSequence() / 1e6;
  }

  /** Every term is a non-negative multiple of the context or a constant, over positive rates. */
  @Override
  public boolean decodeNonDecreasingInContext() {
    return attentionFlopsPerContext >= 0 && kvBytesPerToken >= 0 && flopsPerSecond > 0 && bytesPerSecond > 0;
  }

  @Override
  public double stepSeconds(long prefillTokens, double prefillAttention, int decodeSeqs, long decodeContext) {
    double flops = flopsPerToken * (prefillTokens + decodeSeqs)
        + attentionFlopsPerContext * (prefillAttention + decodeContext);
    double bytes = weightBytes + kvBytesPerToken * (decodeContext + prefillTokens);
    return fixedSeconds + allReduceSecondsPerToken * (prefillTokens + decodeSeqs) + cpuSecondsPerSequence * decodeSeqs
        + Math.max(flops / flopsPerSecond, bytes / bytesPerSecond);
  }
}
