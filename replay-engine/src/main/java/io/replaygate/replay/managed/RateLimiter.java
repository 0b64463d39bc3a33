package io.replaygate.replay.managed;

/**
 * A provider tier's rate limits as token buckets (how Anthropic and OpenAI enforce them): requests, input
 * tokens and output tokens per minute, each bucket holding at most one minute's allowance and refilling
 * continuously. A request is admitted when every bucket has room for it, and then takes its share; a
 * request that does not fit gets a 429 and takes nothing.
 */
public final class RateLimiter {
  private final double[] perMinute;
  private final double[] level;
  private long lastUs = Long.MIN_VALUE;

  /** Limits per minute; 0 means no limit on that dimension. */
  public RateLimiter(long requestsPerMinute, long inputTokensPerMinute, long outputTokensPerMinute) {
    perMinute = new double[] {requestsPerMinute, inputTokensPerMinute, outputTokensPerMinute};
    level = perMinute.clone();
  }

  /** Takes one request with these tokens at {@code nowUs}, or returns false (429). */
  public boolean tryAcquire(long nowUs, long inputTokens, long outputTokens) {
    if (lastUs != Long.MIN_VALUE && nowUs > lastUs) {
      double minutes = (nowUs - lastUs) / 60e6;
      for (int i = 0; i < 3; i++) {
        level[i] = Math.min(perMinute[i], level[i] + perMinute[i] * minutes);
      }
    }
    lastUs = Math.max(lastUs, nowUs);
    double[] need = {1, inputTokens, outputTokens};
    for (int i = 0; i < 3; i++) {
      if (perMinute[i] > 0 && level[i] < need[i]) {
        return false;
      }
    }
    for (int i = 0; i < 3; i++) {
      if (perMinute[i] > 0) {
        level[i] -= need[i];
      }
    }
    return true;
  }
}
