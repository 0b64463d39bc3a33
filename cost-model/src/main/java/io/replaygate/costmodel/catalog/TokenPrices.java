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
