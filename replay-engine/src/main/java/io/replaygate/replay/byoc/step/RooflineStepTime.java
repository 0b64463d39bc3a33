package io.replaygate.replay.byoc.step;

import io.replaygate.replay.byoc.spec.ReplicaShape;

/**
 * The roofline step time (DESIGN §4): a step takes the longer of its compute and its memory traffic, plus
 * fixed overheads. Per GPU of a {@code tp}-way replica:
 * <ul>
 *   <li>FLOPs = 2 × active parameters × (prefill tokens + decoding sequences) ÷ tp (the matrix
 *       multiplications) + 4 × layers × hidden × attended context ÷ tp (QKᵀ and AV);</li>
 *   <li>bytes = weights per GPU + KV bytes per token per GPU × (decode context + prefill tokens written);
 *       prefill reads its own context from on-chip tiles, not HBM, so it adds only what it writes;</li>
 *   <li>time = overhead + (tp &gt; 1 ? 2 × layers × all-reduce latency : 0)
 *       + max(FLOPs ÷ (peak FLOP/s × compute efficiency × s), bytes ÷ (HBM bandwidth × bandwidth efficiency × s)),
 *       where s = tensor-parallel scaling efficiency ^ log₂(tp): each GPU of a sharded replica runs narrower
 *       matrix multiplications and waits at every layer's synchronisation, so it reaches less of its peak
 *       (vLLM's published figures show tensor parallelism scaling well below linearly).</li>
 * </ul>
 * The efficiencies and overheads are {@link Params}; the defaults were set so that saturated throughput lands
 * on published vLLM figures for Llama-3.1-8B on one H100 and 70B on four (see {@code StepTimeValidationTest})
 * — a starting point, to be replaced by a {@link FittedStepTime} from your own measurements.
 */
public final class RooflineStepTime implements StepTimeModel {
  /**
   * @param computeEfficiency   achieved ÷ peak FLOP/s on matrix multiplications [0.4]
   * @param bandwidthEfficiency achieved ÷ peak HBM bandwidth when streaming weights and KV [0.75]
   * @param overheadMs          fixed per-step cost: scheduling, sampling, kernel launches [2.0]
   * @param allReduceUs         latency of one tensor-parallel all-reduce; two per layer [20]
   * @param tpScaling           efficiency kept per doubling of the tensor-parallel degree [0.7]. Charged on top of
   *                            the explicit all-reduce term, so tensor parallelism is paid twice: the double count
   *                            issue 11 names; 1 removes it, and the defaults stay until published points for
   *                            TP 2–8 can recalibrate them (docs/step-time-validation.md)
   * @param cpuUsPerSequence    host-side cost per running sequence per step: scheduling, sampling,
   *                            detokenisation (what vLLM's v0.6 profile showed dominating large batches) [0]
   */
  public record Params(double computeEfficiency, double bandwidthEfficiency, double overheadMs, double allReduceUs,
      double tpScaling, double cpuUsPerSequence) {
    public static final Params DEFAULT = new Params(0.4, 0.75, 2.0, 20, 0.7, 0);

    public Params(double computeEfficiency, double bandwidthEfficiency, double overheadMs, double allReduceUs,
        double tpScaling) {
      this(computeEfficiency, bandwidthEfficiency, overheadMs, allReduceUs, tpScaling, 0);
    }

    public Params {
      if (!(computeEfficiency > 0 && computeEfficiency <= 1) || !(bandwidthEfficiency > 0 && bandwidthEfficiency <= 1)
          || !(tpScaling > 0 && tpScaling <= 1)) {
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
  private final double cpuSecondsPerSequence;

  public RooflineStepTime(ReplicaShape shape, Params p) {
    int tp = shape.tp();
    flopsPerToken = 2 * shape.model().activeParams() / tp;
    attentionFlopsPerContext = 4.0 * shape.model().layers() * shape.model().hidden() / tp;
    weightBytes = shape.weightBytesPerGpu();
    kvBytesPerToken = shape.kvBytesPerTokenPerGpu();
    double scaling = Math.pow(p.tpScaling(), Math.log(tp) / Math.log(2));
    flopsPerSecond = shape.peakFlopsPerGpu() * p.computeEfficiency() * scaling;
    bytesPerSecond = shape.hbmBytesPerSecond() * p.bandwidthEfficiency() * scaling;
    fixedSeconds = p.overheadMs() / 1e3 + (tp > 1 ? 2.0 * shape.model().layers() * p.allReduceUs() / 1e6 : 0);
    cpuSecondsPerSequence = p.cpuUsPerSequence() / 1e6;
  }

  @Override
  public double stepSeconds(long prefillTokens, double prefillAttention, int decodeSeqs, long decodeContext) {
    double flops = flopsPerToken * (prefillTokens + decodeSeqs)
        + attentionFlopsPerContext * (prefillAttention + decodeContext);
    double bytes = weightBytes + kvBytesPerToken * (decodeContext + prefillTokens);
    return fixedSeconds + cpuSecondsPerSequence * decodeSeqs + Math.max(flops / flopsPerSecond, bytes / bytesPerSecond);
  }
}
