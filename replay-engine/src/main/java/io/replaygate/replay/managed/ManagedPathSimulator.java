package io.replaygate.replay.managed;

import io.replaygate.costmodel.ledger.UsageLedger;
import io.replaygate.costmodel.pricing.TokenCounts;
import io.replaygate.replay.cache.CacheResult;
import io.replaygate.replay.cache.PromptCache;
import io.replaygate.replay.core.EventQueue;
import io.replaygate.replay.core.Outcome;
import io.replaygate.replay.core.PathSimulator;
import io.replaygate.replay.core.PathStats;
import io.replaygate.replay.core.Request;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceRecord;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The {@code managed} and {@code byok} paths. Each request takes the first route matching its model path
 * and tries its targets in order: a target in an outage window is skipped (failover); a 429 from a
 * target's rate limits is retried with backoff, then the next target is tried (or at once, as configured);
 * with no target left the request fails ({@code error} after outages, {@code rate_limited} after 429s). A
 * served request reads and writes the target's prompt cache, takes the latency model's TTFT and TPOT (plus
 * the time spent waiting), and goes into the usage ledger at the time it was served. On a BYOK path,
 * requests beyond the key quota go to the fallback target, marked as fallback in the ledger.
 */
public final class ManagedPathSimulator implements PathSimulator {
  private static final long MONTH_US = 730L * 3600 * 1_000_000;

  private final ManagedPlan plan;
  private final UsageLedger ledger;
  private final Consumer<Outcome> sink;
  private final PathStats stats;
  private final UniformRandomProvider rng;
  private final EventQueue events = new EventQueue();
  private final Map<String, Route> routeByModelPath = new HashMap<>();
  private long quotaPeriod = -1;
  private long quotaUsed;

  /** One try of a request on a route's target. */
  private record Attempt(Request r, Route route, int target, int retries, int retriesHere, boolean failover,
      String lastFailure) {}

  public ManagedPathSimulator(ManagedPlan plan, UsageLedger ledger, Consumer<Outcome> sink, PathStats stats,
      UniformRandomProvider rng) {
    this.plan = plan;
    this.ledger = ledger;
    this.sink = sink;
    this.stats = stats;
    this.rng = rng;
  }

  @Override
  public String name() {
    return plan.path();
  }

  @Override
  public void arrive(Request r) {
    Route route = plan.observed() != null ? plan.observed().route(r.record(), r.index())
        : routeByModelPath.computeIfAbsent(r.record().modelPath(), this::route);
    events.at(r.arrivalUs(), () -> attempt(new Attempt(r, route, 0, 0, 0, false, "error")));
    events.runUntil(r.arrivalUs());
  }

  @Override
  public void finish() {
    events.runAll();
  }

  private Route route(String modelPath) {
    for (Route r : plan.routes()) {
      if (r.matches(modelPath)) {
        return r;
      }
    }
    throw new TraceInputException(null, null, "model_path", "path '" + plan.path() + "' has no route for model path '"
        + modelPath + "' (add a route, or one for '*')");
  }

  private void attempt(Attempt a) {
    long now = events.nowUs();
    if (a.target >= a.route.targets().size()) {
      fail(a, now);
      return;
    }
    Target t = a.route.targets().get(a.target);
    for (OutageWindow o : plan.outages()) {
      if (o.covers(t, now)) {
        attempt(new Attempt(a.r, a.route, a.target + 1, a.retries + (a.target + 1 < a.route.targets().size() ? 1 : 0),
            0, true, "error"));
        return;
      }
    }
    boolean fallback = false;
    long tokens = (long) a.r.inputTokens() + a.r.outputTokens();
    if (plan.byok() && plan.keyQuotaTokens() > 0) {
      long period = Math.floorDiv(now - ledger.originUs(), MONTH_US);
      if (period != quotaPeriod) {
        quotaPeriod = period;
        quotaUsed = 0;
      }
      if (quotaUsed + tokens > plan.keyQuotaTokens()) {
        t = plan.fallback();
        fallback = true;
      }
    }
    if (t.limiter() != null && !t.limiter().tryAcquire(now, a.r.inputTokens(), a.r.outputTokens())) {
      if (!plan.retry().routeImmediately() && a.retriesHere < plan.retry().maxRetries()) {
        long wait = plan.retry().backoffUs(a.retriesHere, rng);
        Attempt next = new Attempt(a.r, a.route, a.target, a.retries + 1, a.retriesHere + 1, a.failover, "rate_limited");
        events.at(now + wait, () -> attempt(next));
      } else {
        boolean more = a.target + 1 < a.route.targets().size();
        attempt(new Attempt(a.r, a.route, a.target + 1, a.retries + (more ? 1 : 0), 0, true, "rate_limited"));
      }
      return;
    }
    if (!fallback) {
      quotaUsed += tokens;
    }
    serve(a, t, now, fallback || plan.overflow());
  }

  private void serve(Attempt a, Target t, long now, boolean fallback) {
    Request r = a.r;
    TraceRecord rec = r.record();
    int out = r.outputTokens();
    double tpotMs = t.latency().tpotMs();
    PromptCache.Timing timing = new PromptCache.Timing() {
      @Override
      public long firstTokenUs(long uncached) {
        return now + Math.round(t.latency().ttftMs(uncached) * 1000);
      }

      @Override
      public long completionUs(long uncached) {
        return firstTokenUs(uncached) + Math.round(tpotMs * Math.max(0, out - 1) * 1000);
      }
    };
    long input = r.inputTokens();
    CacheResult c = rec.blockHashes() == null ? withoutHashes(rec, input) : t.cache().access(r, now, timing);
    long plain = input - c.readTokens() - c.write5mTokens() - c.write1hTokens();
    double queueMs = (now - r.arrivalUs()) / 1000.0;
    double ttftMs = queueMs + t.latency().ttftMs(c.uncached(input));
    double e2eMs = ttftMs + tpotMs * Math.max(0, out - 1);
    if (t.priced()) {
      TokenCounts counts = new TokenCounts(plain, c.readTokens(), c.write5mTokens(), c.write1hTokens(), out);
      boolean lc = t.longContext(input);
      ledger.add(plan.path(), now, rec.tenant(), rec.modelPath(), t.id(), fallback, plan.tier(), 1,
          lc ? TokenCounts.ZERO : counts, lc ? counts : TokenCounts.ZERO, BigDecimal.valueOf(c.storageTokenHours()));
    }
    stats.storageTokenHours += c.storageTokenHours();
    Outcome o = new Outcome(plan.path(), r.index(), rec.requestId(), r.arrivalUs(), rec.tenant(), rec.modelPath(),
        t.id(), fallback, a.failover, r.inputTokens(), c.readTokens(), c.write5mTokens(), c.write1hTokens(), out,
        queueMs, ttftMs, tpotMs, e2eMs, "ok", a.retries, rec.cachedTokens(), rec.ttftMs(), rec.e2eMs(), null);
    stats.record(o, r.blocks().length, c.matchedBlocks(), t.provider(), rec.provider(), plan.slo());
    sink.accept(o);
  }

  /**
   * A request whose trace has no block hashes: what it shares with earlier prompts is unknown, so the
   * provider's caching cannot be simulated. The trace's observed usage ({@code cached_tokens},
   * {@code cache_write_tokens}) is billed when present; otherwise the prompt is billed as plain input —
   * never as a cache write no later request could read.
   */
  private CacheResult withoutHashes(TraceRecord rec, long input) {
    if (rec.cachedTokens() == null && rec.cacheWriteTokens() == null) {
      stats.notCachedRequests++;
      return CacheResult.MISS;
    }
    stats.observedUsageRequests++;
    return CacheResult.recorded(rec, input);
  }

  private void fail(Attempt a, long now) {
    Request r = a.r;
    TraceRecord rec = r.record();
    Outcome o = new Outcome(plan.path(), r.index(), rec.requestId(), r.arrivalUs(), rec.tenant(), rec.modelPath(),
        null, false, a.failover, r.inputTokens(), 0, 0, 0, r.outputTokens(), (now - r.arrivalUs()) / 1000.0,
        Double.NaN, Double.NaN, Double.NaN, a.lastFailure, a.retries, rec.cachedTokens(), rec.ttftMs(), rec.e2eMs(), null);
    stats.record(o, r.blocks().length, 0, null, rec.provider(), plan.slo());
    sink.accept(o);
  }
}
