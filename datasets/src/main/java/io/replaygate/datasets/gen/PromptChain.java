package io.replaygate.datasets.gen;

import java.util.Arrays;

/**
 * A prompt as a sequence of content segments, hashed in blocks the way a serving engine's prefix cache
 * sees it: {@code hash[i] = mix(hash[i-1], content of block i)}, where a block's content is the list of
 * (segment id, offset, length) pieces that fall into it. Equal segment sequences give equal hashes; a
 * block whose content differs, or whose predecessor differs, gets another hash (64-bit, so collisions are
 * negligible). Segment ids name content: a product's system prompt has one id shared by every session,
 * a user's message an id of its own.
 *
 * <p>Appending is incremental — a context that grows turn by turn hashes only its new blocks — and
 * {@link #hashes()} follows the CEIL rule: full blocks, then the final partial block when there is one.
 * A <em>dry</em> chain counts tokens only (used to estimate a workload's mean session length cheaply).
 */
public final class PromptChain {
  private static final long ORIGIN = 0x243F6A8885A308D3L;
  private static final long EMPTY_CONTENT = 0x13198A2E03707344L;

  private final int blockTokens;
  private final boolean dry;
  private long[] full;
  private int fullCount;
  private long content = EMPTY_CONTENT;
  private int fill;
  private int tokens;

  public PromptChain(int blockTokens, boolean dry) {
    this.blockTokens = blockTokens;
    this.dry = dry;
    this.full = dry ? new long[0] : new long[16];
  }

  private PromptChain(PromptChain o) {
    this.blockTokens = o.blockTokens;
    this.dry = o.dry;
    this.full = o.dry ? o.full : Arrays.copyOf(o.full, Math.max(16, o.fullCount + (o.fullCount >> 1)));
    this.fullCount = o.fullCount;
    this.content = o.content;
    this.fill = o.fill;
    this.tokens = o.tokens;
  }

  /** An independent copy (a shared prefix is built once and copied into every session). */
  public PromptChain copy() {
    return new PromptChain(this);
  }

  /** Appends {@code length} tokens of the segment {@code segmentId} (from its start). */
  public PromptChain append(long segmentId, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative segment length " + length);
    }
    if (dry) {
      tokens = Math.addExact(tokens, length);
      return this;
    }
    int offset = 0;
    while (offset < length) {
      int take = Math.min(length - offset, blockTokens - fill);
      content = mix(content ^ segmentId, offset, take);
      fill += take;
      offset += take;
      if (fill == blockTokens) {
        if (fullCount == full.length) {
          full = Arrays.copyOf(full, fullCount + (fullCount >> 1) + 16);
        }
        full[fullCount] = mix(previous(), content, blockTokens);
        fullCount++;
        content = EMPTY_CONTENT;
        fill = 0;
      }
    }
    tokens = Math.addExact(tokens, length);
    return this;
  }

  private long previous() {
    return fullCount == 0 ? ORIGIN : full[fullCount - 1];
  }

  public int tokens() {
    return tokens;
  }

  /** The block hashes of the prompt so far (CEIL rule), a fresh array; {@code null} for a dry chain. */
  public long[] hashes() {
    if (dry) {
      return null;
    }
    long[] out = Arrays.copyOf(full, fullCount + (fill > 0 ? 1 : 0));
    if (fill > 0) {
      out[fullCount] = mix(previous(), content, fill);
    }
    return out;
  }

  /** A 64-bit mix of three values (SplitMix64 finaliser over a multiply-add), also for segment ids. */
  public static long mix(long a, long b, long c) {
    long z = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + c * 0x165667B19E3779F9L + 0x27D4EB2F165667C5L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A segment id for named shared content (e.g. a product's system prompt), stable across seeds. */
  public static long sharedSegment(String name) {
    long h = 0x84222325CBF29CE4L;
    for (int i = 0; i < name.length(); i++) {
      h = mix(h, name.charAt(i), i);
    }
    return h;
  }
}
