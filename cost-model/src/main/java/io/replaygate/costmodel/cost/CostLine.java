package io.replaygate.costmodel.cost;

import java.math.BigDecimal;

/**
 * One line of a path's cost; the lines of a {@link PathCost} add up to its total.
 *
 * @param item      what is billed
 * @param category  {@code usage} (scales with traffic) or {@code fixed} (a monthly amount, prorated)
 * @param quantity  how much
 * @param unit      of the quantity (tokens, GPU-hours, GB, months, requests, USD)
 * @param unitPrice USD per unit ({@code null} where the line is a share of other lines)
 * @param amount    USD
 * @param basis     how the amount was computed, in words a finance reader can check
 */
public record CostLine(String item, Category category, BigDecimal quantity, String unit, BigDecimal unitPrice,
    BigDecimal amount, String basis) {

  /** Whether a line scales with traffic or is a monthly amount. */
  public enum Category { USAGE, FIXED }
}
