package io.replaygate.replay.live;

import io.replaygate.costmodel.catalog.TokenPrices;
import java.math.BigDecimal;

/**
 * The spend cap of a managed probe: real money. Before a request is sent its worst case is reserved — every prompt
 * token at the dearest input price the target has (plain, cache write) and the full recorded output at the output
 * price — and a request whose reservation would cross the cap is not sent: the run stops sending there, so the cap is
 * never crossed whatever the concurrency and the retries (a retry reuses its request's reservation; a 429 is not
 * billed). When a request ends its reservation is replaced by its cost from the provider's usage (uncached input,
 * cache reads, cache writes at the 5-minute price, output).
 */
public final class SpendCap {
  private final double capUsd;
  private final TokenPrices prices;
  private double committedUsd;
  private double spentUsd;
  private long notSent;

  public SpendCap(double capUsd, TokenPrices prices) {
    if (!(capUsd > 0)) {
      throw new IllegalArgumentException("--max-spend-usd must be positive");
    }
    this.capUsd = capUsd;
    this.prices = prices;
  }

  /** The most a request can cost (USD). */
  public double worstCase(long promptTokens, long maxOutputTokens) {
    double in = Math.max(perToken(prices.input()), Math.max(perToken(prices.cacheWrite5m()),
        perToken(prices.cacheWrite1h())));
    return promptTokens * in + maxOutputTokens * perToken(prices.output());
  }

  /** What a request cost, from the provider's usage. */
  public double cost(long promptTokens, long cachedTokens, long writtenTokens, long outputTokens) {
    long plain = Math.max(0, promptTokens - cachedTokens - writtenTokens);
    double read = prices.cacheRead() != null ? perToken(prices.cacheRead()) : perToken(prices.input());
    double write = prices.cacheWrite5m() != null ? perToken(prices.cacheWrite5m()) : perToken(prices.input());
    return plain * perToken(prices.input()) + cachedTokens * read + writtenTokens * write
        + outputTokens * perToken(prices.output());
  }

  /** Reserves a request's worst case; false (and nothing reserved) when it would cross the cap. */
  public synchronized boolean reserve(double worstUsd) {
    if (committedUsd + worstUsd > capUsd) {
      notSent++;
      return false;
    }
    committedUsd += worstUsd;
    return true;
  }

  /** Replaces a reservation by what the request cost (0 when it failed unbilled). */
  public synchronized void settle(double worstUsd, double actualUsd) {
    committedUsd += actualUsd - worstUsd;
    spentUsd += actualUsd;
  }

  public synchronized double spentUsd() {
    return spentUsd;
  }

  public synchronized long notSent() {
    return notSent;
  }

  public double capUsd() {
    return capUsd;
  }

  private static double perToken(BigDecimal perMillion) {
    return perMillion == null ? 0 : perMillion.doubleValue() / 1e6;
  }
}
