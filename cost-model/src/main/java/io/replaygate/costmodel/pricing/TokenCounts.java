package io.replaygate.costmodel.pricing;

/**
 * Token counts by billing class. {@code input} is prompt tokens billed at the plain input price (neither
 * read from nor written to a cache); the prompt is {@code input + cacheRead + cacheWrite5m + cacheWrite1h}.
 */
public record TokenCounts(long input, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output) {
  public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0, 0);

  public TokenCounts {
    if (input < 0 || cacheRead < 0 || cacheWrite5m < 0 || cacheWrite1h < 0 || output < 0) {
      throw new IllegalArgumentException("token counts cannot be negative: " + this);
    }
  }

  public TokenCounts plus(TokenCounts o) {
    return new TokenCounts(input + o.input, cacheRead + o.cacheRead, cacheWrite5m + o.cacheWrite5m,
        cacheWrite1h + o.cacheWrite1h, output + o.output);
  }

  public long promptTokens() {
    return input + cacheRead + cacheWrite5m + cacheWrite1h;
  }
}
