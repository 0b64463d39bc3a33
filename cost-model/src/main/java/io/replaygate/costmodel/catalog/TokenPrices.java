package io.replaygate.costmodel.catalog;

import java.math.BigDecimal;

/**
 * Token prices in USD per million tokens; storage in USD per million tokens per hour. A {@code null} price
 * is one the provider does not offer (e.g. OpenAI has no cache-write price: writes bill as input).
 */
public record TokenPrices(
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheRead,
    BigDecimal cacheWrite5m,
    BigDecimal cacheWrite1h,
    BigDecimal storagePerHour) {

  /**
   * The highest price a catalog accepts, USD per million tokens (or token-hours): above every real list price — the
   * highest in LiteLLM's database that is one, o1-pro's output, is $600 — so a larger figure is a unit mistake (a
   * price per thousand or per token entered as per million), not a price.
   */
  public static final BigDecimal MAX_PER_MILLION = new BigDecimal("1000");

  /**
   * What is wrong with one price, or null when it is a price: not negative and at most {@link #MAX_PER_MILLION}.
   * The one rule the catalog loader enforces and the LiteLLM importer applies before it writes an entry.
   */
  public static String problem(BigDecimal v) {
    if (v == null) {
      return null;
    }
    if (v.signum() < 0) {
      return "a price cannot be negative, got " + v.toPlainString();
    }
    if (v.compareTo(MAX_PER_MILLION) > 0) {
      return "$" + v.toPlainString() + " per million is above any real price ($" + MAX_PER_MILLION.toPlainString()
          + " per million at most; the highest listed, o1-pro's output, is $600): is it per token or per thousand?";
    }
    return null;
  }

  /** Each price by its catalog field name, in the catalog's order (nulls included). */
  public java.util.Map<String, BigDecimal> byField() {
    java.util.Map<String, BigDecimal> m = new java.util.LinkedHashMap<>();
    m.put("input", input);
    m.put("output", output);
    m.put("cache_read", cacheRead);
    m.put("cache_write_5m", cacheWrite5m);
    m.put("cache_write_1h", cacheWrite1h);
    m.put("storage_per_hour", storagePerHour);
    return m;
  }

  /** The first problem of any of these prices as "field: problem", or null. */
  public String problem() {
    for (var e : byField().entrySet()) {
      String p = problem(e.getValue());
      if (p != null) {
        return e.getKey() + ": " + p;
      }
    }
    return null;
  }

  /** Prices are compared by value: 10 and 10.00 are the same price (scale is normalised). */
  public TokenPrices {
    input = norm(input);
    output = norm(output);
    cacheRead = norm(cacheRead);
    cacheWrite5m = norm(cacheWrite5m);
    cacheWrite1h = norm(cacheWrite1h);
    storagePerHour = norm(storagePerHour);
  }

  static BigDecimal norm(BigDecimal v) {
    return v == null ? null : v.stripTrailingZeros();
  }

  /** These prices, with every price this one lacks taken from {@code base}. */
  public TokenPrices orElse(TokenPrices base) {
    if (base == null) {
      return this;
    }
    return new TokenPrices(or(input, base.input), or(output, base.output), or(cacheRead, base.cacheRead),
        or(cacheWrite5m, base.cacheWrite5m), or(cacheWrite1h, base.cacheWrite1h),
        or(storagePerHour, base.storagePerHour));
  }

  private static BigDecimal or(BigDecimal a, BigDecimal b) {
    return a != null ? a : b;
  }
}
