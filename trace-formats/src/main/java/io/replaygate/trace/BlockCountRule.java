package io.replaygate.trace;

/**
 * How the number of block hashes relates to {@code input_tokens} in a trace, with block size
 * {@code B = block_tokens}. Each source states its own rule; validation checks it.
 */
public enum BlockCountRule {
  /** {@code len = ceil(input_tokens / B)}: a final partial block is hashed (Mooncake). */
  CEIL,
  /** {@code len = floor(input_tokens / B)}: only full blocks are hashed (WEKA). */
  FLOOR,
  /** Either of the two (sources that do not say, e.g. Bailian). */
  CEIL_OR_FLOOR,
  /**
   * Hashes come from a different tokenizer than the one that counted {@code input_tokens} (raw gateway
   * logs: jtokkit o200k blocks, provider-reported counts), so the count is not checked.
   */
  APPROXIMATE;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether {@code blocks} hashes are consistent with {@code inputTokens} under this rule. */
  public boolean accepts(int blocks, int inputTokens, int blockTokens) {
    long floor = inputTokens / blockTokens;
    long ceil = (inputTokens + (long) blockTokens - 1) / blockTokens;
    return switch (this) {
      case CEIL -> blocks == ceil;
      case FLOOR -> blocks == floor;
      case CEIL_OR_FLOOR -> blocks == ceil || blocks == floor;
      case APPROXIMATE -> true;
    };
  }

  /** The expected count as a phrase for error messages. */
  public String describe(int inputTokens, int blockTokens) {
    long floor = inputTokens / blockTokens;
    long ceil = (inputTokens + (long) blockTokens - 1) / blockTokens;
    return switch (this) {
      case CEIL -> "ceil(" + inputTokens + "/" + blockTokens + ") = " + ceil;
      case FLOOR -> "floor(" + inputTokens + "/" + blockTokens + ") = " + floor;
      case CEIL_OR_FLOOR -> floor + " or " + ceil + " for " + inputTokens + " tokens in " + blockTokens
          + "-token blocks";
      case APPROXIMATE -> "any";
    };
  }
}
