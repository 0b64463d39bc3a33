package io.replaygate.costmodel.cost;

import java.math.BigDecimal;

/**
 * One line of a path's cost; the lines of a {@link PathCost} add up to its total.
 *
 * @param item      what is billed
 * @param category  {@code usage} (scales with traffic) or {@code fixed} (a monthly amount, prorated)
 * @param kind      what drives the line (provider tokens, GPUs, ...), for break-even and sensitivity
 * @param quantity  how much
 * @param unit      of the quantity (tokens, GPU-hours, GB, months, requests, USD)
 * @param unitPrice USD per unit ({@code null} where the line is a share of other lines)
 * @param amount    USD
 * @param basis     how the amount was computed, in words a finance reader can check
 */
public record CostLine(String item, Category category, Kind kind, BigDecimal quantity, String unit, BigDecimal unitPrice,
    BigDecimal amount, String basis) {

  /** Whether a line scales with traffic or is a monthly amount. */
  public enum Category { USAGE, FIXED }

  /** What drives a line's amount. */
  public enum Kind {
    /** Provider tokens at list and the terms on them (discounts, commitment, provider-side fees). */
    PROVIDER,
    /** Fallback tokens at list. */
    FALLBACK,
    /** GPU pools and fees on GPU spend or GPU-hours. */
    GPU,
    /** Cloud credits against GPU spend. */
    CREDITS,
    /** Other traffic-driven cluster costs (egress, per-request fees). */
    OTHER_USAGE,
    /** Other monthly cluster costs (storage, operations, engineering, flat fees). */
    OTHER_FIXED
  }
}
