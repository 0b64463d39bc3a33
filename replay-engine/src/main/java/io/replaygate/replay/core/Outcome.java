package io.replaygate.replay.core;

/**
 * What happened to one request on one path (one row of {@code outcomes.parquet}).
 *
 * <p>Latencies are simulated, in ms: {@code queueDelayMs} is the time from arrival until the request was
 * admitted (rate-limit waits and retries); {@code ttftMs} runs from arrival to the first token and so
 * includes the queue delay; {@code tpotMs} is the time per output token after the first; {@code e2eMs} =
 * TTFT + TPOT × (output tokens − 1). They are {@code NaN} for a request that was not served.
 *
 * @param servedBy          the target that served it ({@code provider/model}, a replica), or {@code null}
 * @param fallback          served by the path's fallback (key quota exhausted, cluster overflow)
 * @param failover          served by a backup target because the primary was out or rate limited
 * @param cacheReadTokens   prompt tokens billed as cache reads
 * @param cacheWrite5mTokens prompt tokens billed as cache writes with the short (5-minute) TTL
 * @param cacheWrite1hTokens prompt tokens billed as cache writes with the 1-hour TTL
 * @param status            {@code ok}, {@code error} (no target available) or {@code rate_limited}
 * @param retries           attempts after the first (429 retries and failovers)
 * @param tiers             on a BYOC replica, the prompt tokens found in each KV tier; {@code null} elsewhere
 */
public record Outcome(
    String path,
    long requestIndex,
    String requestId,
    long arrivalUs,
    String tenant,
    String modelPath,
    String servedBy,
    boolean fallback,
    boolean failover,
    int inputTokens,
    long cacheReadTokens,
    long cacheWrite5mTokens,
    long cacheWrite1hTokens,
    int outputTokens,
    double queueDelayMs,
    double ttftMs,
    double tpotMs,
    double e2eMs,
    String status,
    int retries,
    Integer observedCachedTokens,
    Float observedTtftMs,
    Float observedE2eMs,
    TierHits tiers) {

  /** Prompt tokens a BYOC replica found cached in GPU memory, host memory and the shared pool. */
  public record TierHits(long gpu, long host, long pool) {}

  public boolean ok() {
    return "ok".equals(status);
  }
}
