package io.replaygate.replay.byoc.engine;

/**
 * A replica's scheduler (vLLM V1 / SGLang defaults).
 *
 * @param maxBatchTokens token budget of one step: decoding sequences take one each, prefill chunks the rest
 *                       [8192, vLLM's {@code max_num_batched_tokens} for chunked prefill]
 * @param maxRunning     sequences running at once [256, vLLM's {@code max_num_seqs}]
 */
public record EngineConfig(int maxBatchTokens, int maxRunning) {
  public static final EngineConfig DEFAULT = new EngineConfig(8192, 256);

  public EngineConfig {
    if (maxBatchTokens < 1 || maxRunning < 1) {
      throw new IllegalArgumentException("the step token budget and running sequences must be at least 1");
    }
  }
}
