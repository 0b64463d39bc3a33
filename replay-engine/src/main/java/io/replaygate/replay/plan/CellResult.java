package io.replaygate.replay.plan;

import java.util.List;

/**
 * What one cell came to.
 *
 * @param cell    the configuration
 * @param status  replayed, pruned before replaying (it cannot hold the model) or failed
 * @param detail  why it was pruned or failed (one line), or {@code null}
 * @param figures the replay's figures ({@code null} unless {@link Status#OK})
 */
public record CellResult(PlanCell cell, Status status, String detail, Figures figures) {

  /** How a cell ended. */
  public enum Status {
    OK, PRUNED, FAILED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Whether the cell passed every gate rule. */
  public boolean passed() {
    return status == Status.OK && figures.failedRules().isEmpty();
  }

  /** Whether it meets the SLO rule (what a replica bisection searches for). */
  public boolean meetsSlo() {
    return status == Status.OK && !figures.failedRules().contains("slo");
  }

  /**
   * One replayed cell's figures, with the definitions {@code run} uses (verdict.json, summary.json).
   *
   * @param costUsd            the varied path's cost over the replayed span, USD
   * @param monthlyUsd         its monthly projection, USD
   * @param baselineMonthlyUsd the baseline's monthly projection, USD
   * @param savings            1 − cost ÷ baseline cost over the replayed span
   * @param savingsLower       the gate's interval on {@code savings}, lower end (paired block bootstrap)
   * @param savingsUpper       its upper end
   * @param sloAttainment      share of the path's requests meeting the TTFT and TPOT targets
   * @param baselineSlo        the same for the baseline
   * @param errorRate          share of the path's requests that failed
   * @param utilisation        business-hours capacity utilisation, or {@code null} (not measured)
   * @param fallbackTokenShare share of the path's input tokens served by its managed fallback
   * @param replicas           the fleet's replicas at its peak (over every deployment)
   * @param gpuHours           GPU-hours provisioned over the replayed span
   * @param failedRules        the gate rules it failed (empty: it passed every one)
   */
  public record Figures(double costUsd, double monthlyUsd, double baselineMonthlyUsd, double savings,
      double savingsLower, double savingsUpper, double sloAttainment, double baselineSlo, double errorRate,
      Double utilisation, double fallbackTokenShare, int replicas, double gpuHours, List<String> failedRules) {
    public Figures {
      failedRules = List.copyOf(failedRules);
    }
  }
}
