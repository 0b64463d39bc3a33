package io.replaygate.costmodel.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;

/**
 * A path's cost over the replayed period.
 *
 * @param path          the path's name
 * @param lines         line items, adding up to {@code total}
 * @param total         USD over the replayed period (monthly amounts prorated by hours ÷ 730)
 * @param perWindow     USD per ledger window (fixed amounts spread evenly), summing to {@code total}
 * @param byTenant      USD per tenant (allocation rule in {@link CostCalculator})
 * @param byModelPath   USD per model path
 * @param tokens        tokens served (prompt + output, every class)
 * @param requests      requests served
 * @param hours         the replayed period, hours
 * @param monthly       the monthly projection
 */
public record PathCost(String path, List<CostLine> lines, BigDecimal total, double[] perWindow,
    Map<String, BigDecimal> byTenant, Map<String, BigDecimal> byModelPath, long tokens, long requests, double hours,
    MonthlyProjection monthly) {

  /** USD per million tokens served; {@code null} when no tokens were served. */
  public BigDecimal usdPerMillionTokens() {
    return tokens == 0 ? null : total.multiply(BigDecimal.valueOf(1_000_000)).divide(BigDecimal.valueOf(tokens),
        MathContext.DECIMAL64);
  }

  /**
   * The monthly figure and how it was made.
   *
   * @param usd        USD per month (730 hours)
   * @param rule       the projection rule, stated for the report
   * @param shortTrace the replayed period covers less than 7 days, so the projection extrapolates a lot
   */
  public record MonthlyProjection(BigDecimal usd, String rule, boolean shortTrace) {}
}
