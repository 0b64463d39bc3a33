package io.replaygate.datasets.gen;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * What a workload's session model draws on: one seeded random stream for session contents, the block
 * size, a salt for session-unique content, and whether chains are dry (token counts only, no hashes).
 *
 * @param rng         the stream every sampler of the model draws from
 * @param blockTokens tokens per hashed block
 * @param salt        mixed into session-unique segment ids (the seed), so two seeds never share them
 * @param dry         count tokens only (estimating mean session length)
 */
public record GenContext(UniformRandomProvider rng, int blockTokens, long salt, boolean dry) {

  public PromptChain chain() {
    return new PromptChain(blockTokens, dry);
  }

  /** A segment id unique to (session {@code order}, piece {@code k}) in this trace. */
  public long unique(long order, long k) {
    return PromptChain.mix(salt, order, k);
  }
}
