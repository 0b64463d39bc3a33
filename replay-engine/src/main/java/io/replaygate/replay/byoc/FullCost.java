package io.replaygate.replay.byoc;

import io.replaygate.costmodel.terms.ClusterTerms;
import io.replaygate.costmodel.terms.PlatformFee;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * What a self-hosted lane costs beyond its GPUs when the scenario does not say: sourced, dated defaults, so a
 * BYOC path is never flattered by terms left at zero (a zero is the user's to set, under
 * {@code cluster_terms}). Each figure and its source, as of {@link #AS_OF}:
 * <ul>
 *   <li><b>loaded FTE cost</b> $206,529 a year: the BLS OEWS May 2024 annual mean wage of Software Developers
 *       (SOC 15-1252), $144,570, ÷ 0.70, wages' share of total compensation in private industry (BLS Employer
 *       Costs for Employee Compensation, 2025: wages ≈ 70%, benefits ≈ 30%);</li>
 *   <li><b>operations</b> 0.5 FTE a month (on-call, upgrades, capacity and model rollouts of one lane): an
 *       assumption, stated as one — the loaded cost × 0.5 ÷ 12 = $8,605.38 a month;</li>
 *   <li><b>engineering</b> 3 FTE-months to stand the lane up (serving stack, router, autoscaling, fallback,
 *       observability), amortised over 12 months: an assumption — $51,632.25 one-time;</li>
 *   <li><b>platform fee</b> a managed Kubernetes control plane, $0.10 per cluster-hour (Amazon EKS standard
 *       support, aws.amazon.com/eks/pricing) × 730 h = $73 a month;</li>
 *   <li><b>egress</b> $0.09 per GB (AWS data transfer out to the internet, first 10 TB a month,
 *       aws.amazon.com/ec2/pricing/on-demand), at {@link ClusterDefaults#EGRESS_BYTES_PER_OUTPUT_TOKEN} bytes
 *       per output token.</li>
 * </ul>
 * KV storage tiers cost nothing by default because the default deployment has none.
 *
 * @param fteUsdPerYear      loaded cost of one full-time engineer
 * @param opsFte             FTEs running the lane, every month
 * @param engineeringFteMonths FTE-months to build it, one-time
 * @param amortisationMonths months the build is amortised over
 * @param platformUsdPerMonth  control-plane fee per month
 * @param egressUsdPerGb     egress price
 */
public record FullCost(BigDecimal fteUsdPerYear, BigDecimal opsFte, BigDecimal engineeringFteMonths,
    int amortisationMonths, BigDecimal platformUsdPerMonth, BigDecimal egressUsdPerGb) {

  /** When the sources were read. */
  public static final String AS_OF = "2026-11-30";

  public static final FullCost DEFAULT = new FullCost(new BigDecimal("206529"), new BigDecimal("0.5"),
      new BigDecimal("3"), 12, new BigDecimal("73"), new BigDecimal("0.09"));

  /** Each default in words with its source, for the verdict and the report. */
  public static final List<String> SOURCES = List.of(
      "loaded FTE cost $206,529/year: BLS OEWS May 2024 mean wage of Software Developers (SOC 15-1252) $144,570 "
          + "÷ 0.70, wages' share of compensation (BLS ECEC, private industry)",
      "operations 0.5 FTE/month for one self-hosted lane (assumption) = $8,605.38/month",
      "engineering 3 FTE-months to stand the lane up (assumption) = $51,632.25, amortised over 12 months",
      "platform fee $73/month: a managed Kubernetes control plane at $0.10/cluster-hour (Amazon EKS pricing)",
      "egress $0.09/GB: AWS data transfer out to the internet, first 10 TB/month (Amazon EC2 on-demand pricing)");

  /** Loaded cost of one FTE for one month. */
  public BigDecimal fteUsdPerMonth() {
    return fteUsdPerYear.divide(BigDecimal.valueOf(12), 2, RoundingMode.HALF_EVEN);
  }

  /** The defaults as cluster terms (no pools yet: the path's deployments add them). */
  public ClusterTerms terms() {
    return new ClusterTerms(List.of(), BigDecimal.ZERO, List.of(), egressUsdPerGb,
        fteUsdPerMonth().multiply(opsFte).setScale(2, RoundingMode.HALF_EVEN),
        List.of(new PlatformFee.FlatMonthly(platformUsdPerMonth)),
        fteUsdPerMonth().multiply(engineeringFteMonths).setScale(2, RoundingMode.HALF_EVEN), amortisationMonths);
  }
}
