package io.replaygate.replay.byoc.step;

/**
 * How long one engine step (one forward pass over the batch) takes. A step runs {@code prefillTokens}
 * prompt tokens (chunked prefill) and one token for each of {@code decodeSeqs} decoding sequences.
 * Implementations: {@link RooflineStepTime} (from datasheet figures) and {@link FittedStepTime} (fitted to
 * measured steps); {@link StepTimeModels} names them.
 */
public interface StepTimeModel {
  /**
   * Seconds for one step.
   *
   * @param prefillTokens    prompt tokens computed in the step
   * @param prefillAttention Σ over those tokens of the context each attends to (its position in its prompt)
   * @param decodeSeqs       sequences decoding one token each
   * @param decodeContext    Σ over those sequences of their context length (KV tokens read)
   */
  double stepSeconds(long prefillTokens, double prefillAttention, int decodeSeqs, long decodeContext);

  /**
   * Whether a decode-only step ({@code stepSeconds(0, 0, n, context)}) never takes less, as evaluated, for a larger
   * context at the same {@code n}: then a replica finds the decode steps that round to the same µs by search rather
   * than one at a time. Holds for a sum of non-negative multiples of the context and constants, a maximum of such
   * sums, and their quotients by positive constants: each floating-point operation rounds monotonically.
   */
  default boolean decodeNonDecreasingInContext() {
    return false;
  }

  /** Σ of context positions for a chunk of {@code chunk} tokens after {@code done} already computed. */
  static double attention(long done, long chunk) {
    return chunk * (double) done + chunk * (chunk + 1) / 2.0;
  }
}
