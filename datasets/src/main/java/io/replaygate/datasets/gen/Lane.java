package io.replaygate.datasets.gen;

import io.replaygate.trace.TraceRecord;

/**
 * Who a generated request is addressed to: its logical route and the concrete model and provider behind
 * it, and the model's context window (prompts never exceed it).
 *
 * @param modelPath        logical route, e.g. {@code coding/claude-sonnet-4-5}
 * @param model            concrete (dated) model id, e.g. {@code claude-sonnet-4-5-20250929}
 * @param provider         provider that serves it, e.g. {@code anthropic}
 * @param maxContextTokens the model's context window in tokens
 */
public record Lane(String modelPath, String model, String provider, int maxContextTokens) {

  /** Largest output drawn: an eighth of the window, at most 32,000 tokens (what agents and chats set). */
  public int maxOutputTokens() {
    return Math.max(1, Math.min(32_000, maxContextTokens / 8));
  }

  /** Largest prompt: the window less the largest output, so prompt + output always fit. */
  public int maxInputTokens() {
    return maxContextTokens - maxOutputTokens();
  }

  /**
   * A generated request on this lane: status {@code ok}, no provider-reported cache counts or latencies (the
   * replay computes those), and the prompt's block hashes.
   */
  public TraceRecord request(long arrivalUs, String requestId, String tenant, String sessionId, int inputTokens,
      int outputTokens, long[] blockHashes, String sloClass) {
    return new TraceRecord(arrivalUs, requestId, tenant, modelPath, model, provider, sessionId, inputTokens,
        outputTokens, null, null, blockHashes, null, null, "ok", sloClass);
  }
}
