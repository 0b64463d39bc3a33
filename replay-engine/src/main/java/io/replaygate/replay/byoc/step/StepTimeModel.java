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

  /** Σ of context positions for a chunk of {@code chunk} tokens after {@code done} already computed. */
  static double attention(long done, long chunk) {
    return chunk * (double) done + chunk * (chunk + 1) / 2.0;
  }
}
