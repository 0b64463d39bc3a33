package io.replaygate.replay.core;

import org.HdrHistogram.Histogram;

/**
 * A path's running totals for its summary; fed by the path's own thread.
 *
 * <p>Definitions (DESIGN §1a): token hit ratio = cache-read tokens ÷ prompt tokens of served requests;
 * block hit ratio = trace blocks found cached ÷ trace blocks; SLO attainment = requests meeting the
 * {@link Slo} ÷ all requests (unserved ones miss); error rate = requests not served ÷ all requests.
 * Latency percentiles are over served requests, recorded in µs with 3 significant digits.
 */
public final class PathStats {
  public long requests;
  public long ok;
  public long errors;
  public long rateLimited;
  public long failovers;
  public long fallbacks;
  public long retries;
  public long inputTokens;
  public long cacheReadTokens;
  public long cacheWrite5mTokens;
  public long cacheWrite1hTokens;
  public long outputTokens;
  public double storageTokenHours;
  public long blocks;
  public long matchedBlocks;
  public long sloMet;
  public final Histogram ttftUs = new Histogram(3);
  public final Histogram e2eUs = new Histogram(3);
  public final Histogram queueUs = new Histogram(3);
  /**
   * Served requests without block hashes (caching cannot be simulated): billed with the trace's observed
   * cache usage, or (none observed) as plain input.
   */
  public long observedUsageRequests;
  public long notCachedRequests;
  /** Requests whose trace row has {@code cached_tokens} from the provider that served them here. */
  public long observedCacheRequests;
  public long observedCacheInput;
  public long observedCachedTokens;
  public long simulatedCachedTokensOnObserved;
  /** Requests whose trace row has an observed TTFT: observed and simulated, over the same requests. */
  public final Histogram observedTtftUs = new Histogram(3);
  public final Histogram simulatedTtftUsOnObserved = new Histogram(3);

  /**
   * For paths that serve some requests themselves and send others to a managed fallback (BYOC, hybrid):
   * the same figures for each part, so the cluster's own hit ratio and latency are never read off a blend.
   * {@code null} on paths that do not split.
   */
  public PathStats primary;
  public PathStats fallback;

  /** Keeps separate figures for primary-served and fallback-served requests from now on. */
  public PathStats splitByServedBy() {
    primary = new PathStats();
    fallback = new PathStats();
    return this;
  }

  /** Counts one outcome; {@code provider} is the provider of the target that served it (or null). */
  public void record(Outcome o, int blockCount, int matched, String provider, String traceProvider, Slo slo) {
    if (primary != null && o.ok()) {
      (o.fallback() ? fallback : primary).record(o, blockCount, matched, provider, traceProvider, slo);
    }
    requests++;
    retries += o.retries();
    blocks += blockCount;
    if (slo.met(o)) {
      sloMet++;
    }
    if (!o.ok()) {
      if ("rate_limited".equals(o.status())) {
        rateLimited++;
      } else {
        errors++;
      }
      return;
    }
    ok++;
    matchedBlocks += matched;
    if (o.failover()) {
      failovers++;
    }
    if (o.fallback()) {
      fallbacks++;
    }
    inputTokens += o.inputTokens();
    cacheReadTokens += o.cacheReadTokens();
    cacheWrite5mTokens += o.cacheWrite5mTokens();
    cacheWrite1hTokens += o.cacheWrite1hTokens();
    outputTokens += o.outputTokens();
    ttftUs.recordValue(micros(o.ttftMs()));
    e2eUs.recordValue(micros(o.e2eMs()));
    queueUs.recordValue(micros(o.queueDelayMs()));
    if (o.observedCachedTokens() != null && provider != null && provider.equals(traceProvider)) {
      observedCacheRequests++;
      observedCacheInput += o.inputTokens();
      observedCachedTokens += o.observedCachedTokens();
      simulatedCachedTokensOnObserved += o.cacheReadTokens();
    }
    if (o.observedTtftMs() != null && o.observedTtftMs() >= 0) {
      observedTtftUs.recordValue(micros(o.observedTtftMs()));
      simulatedTtftUsOnObserved.recordValue(micros(o.ttftMs()));
    }
  }

  private static long micros(double ms) {
    return Math.max(0, Math.round(ms * 1000));
  }

  /** Cache-read tokens ÷ prompt tokens of served requests (0 when none). */
  public double tokenHitRatio() {
    return inputTokens == 0 ? 0 : (double) cacheReadTokens / inputTokens;
  }

  /** Trace blocks found cached ÷ trace blocks of served requests. */
  public double blockHitRatio() {
    return blocks == 0 ? 0 : (double) matchedBlocks / blocks;
  }

  public double sloAttainment() {
    return requests == 0 ? 0 : (double) sloMet / requests;
  }

  /** Requests not served (errors and exhausted rate limits) ÷ requests. */
  public double errorRate() {
    return requests == 0 ? 0 : (double) (errors + rateLimited) / requests;
  }
}
