package io.replaygate.costmodel.cost;

import io.replaygate.costmodel.ledger.WindowValues;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;

/**
 * A path's cost over the replayed period.
 *
 * @param path          the path's name
 * @param lines         line items, adding up to {@code total}
 * @param allocations   how each line (same index) spreads over windows, tenants and model paths
 * @param total         USD over the replayed period (monthly amounts prorated by hours ÷ 730)
 * @param perWindow     USD per ledger window (fixed amounts spread evenly), summing to {@code total}; kept as runs,
 *                      so idle stretches cost no memory per window
 * @param byTenant      USD per tenant (allocation rule in {@link CostCalculator})
 * @param byModelPath   USD per model path
 * @param tokens        tokens served (prompt + output, every class)
 * @param requests      requests served
 * @param hours         the replayed period, hours
 * @param monthly       the monthly projection
 */
public record PathCost(String path, List<CostLine> lines, List<Allocation> allocations, BigDecimal total,
    WindowValues perWindow,
    Map<String, BigDecimal> byTenant, Map<String, BigDecimal> byModelPath, long tokens, long requests, double hours,
    MonthlyProjection monthly) {

  /**
   * How one line's amount spreads: shares (each summing to 1) over the ledger's windows, the tenants and
   * the model paths.
   */
  public record Allocation(WindowValues windowShares, Map<String, Double> tenantShares,
      Map<String, Double> modelPathShares) {}

  /** A dimension to break line items down by. */
  public enum Dimension { WINDOW, TENANT, MODEL_PATH }

  /** One row of a tidy breakdown: a key of the dimension (window index, tenant, model path), a line, USD. */
  public record BreakdownRow(String key, String item, double usd) {}

  /**
   * Every line item split by {@code dimension}, as tidy rows (zero rows left out). For each key the rows
   * add up to that key's entry in {@link #perWindow()}, {@link #byTenant()} or {@link #byModelPath()}.
   */
  public List<BreakdownRow> breakdown(Dimension dimension) {
    List<BreakdownRow> rows = new java.util.ArrayList<>();
    breakdown(dimension, rows::add);
    return rows;
  }

  /**
   * The same rows, one at a time (a stretch of windows gives a row per window without holding them: the rows of a
   * long period are written as they are made).
   */
  public void breakdown(Dimension dimension, java.util.function.Consumer<BreakdownRow> rows) {
    for (int i = 0; i < lines.size(); i++) {
      CostLine line = lines.get(i);
      Allocation a = allocations.get(i);
      double amount = line.amount().doubleValue();
      switch (dimension) {
        case WINDOW -> a.windowShares().forEachRun((from, to, share) -> {
          for (long w = from; w < to; w++) {
            rows.accept(new BreakdownRow(Long.toString(w), line.item(), amount * share));
          }
        });
        case TENANT -> a.tenantShares().forEach((k, v) -> {
          if (v != 0) {
            rows.accept(new BreakdownRow(k, line.item(), amount * v));
          }
        });
        case MODEL_PATH -> a.modelPathShares().forEach((k, v) -> {
          if (v != 0) {
            rows.accept(new BreakdownRow(k, line.item(), amount * v));
          }
        });
      }
    }
  }

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
