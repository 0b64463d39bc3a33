package io.replaygate.costmodel.terms;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a BYOC cluster costs beyond its GPUs' tokens (which it serves at no token price).
 *
 * @param pools                  GPU pools and their price models
 * @param creditsMonthlyUsd      cloud credits per month, offsetting GPU spend (never below zero)
 * @param storage                host-memory / storage tiers provisioned for KV offload
 * @param egressUsdPerGb         network egress price
 * @param opsMonthlyUsd          operations burden (on-call, monitoring) per month
 * @param platformFees           platform fees (per GPU-hour, percent of GPU spend, flat monthly, per request)
 * @param engineeringOneTimeUsd  one-time engineering to stand the lane up
 * @param amortisationMonths     months over which it is amortised
 */
public record ClusterTerms(List<GpuPool> pools, BigDecimal creditsMonthlyUsd, List<StorageTier> storage,
    BigDecimal egressUsdPerGb, BigDecimal opsMonthlyUsd, List<PlatformFee> platformFees,
    BigDecimal engineeringOneTimeUsd, int amortisationMonths) {

  public ClusterTerms {
    pools = List.copyOf(pools);
    storage = List.copyOf(storage);
    platformFees = List.copyOf(platformFees);
    Terms.nonNegative(creditsMonthlyUsd, "credits");
    Terms.nonNegative(egressUsdPerGb, "egress price");
    Terms.nonNegative(opsMonthlyUsd, "operations cost");
    Terms.nonNegative(engineeringOneTimeUsd, "engineering cost");
    if (amortisationMonths < 1) {
      throw new IllegalArgumentException("amortisation needs at least one month");
    }
  }

  /**
   * The cost terms left at zero or empty, by their {@code cluster_terms} names — each one an assumption
   * the BYOC cost rests on, printed beside it.
   */
  public List<String> termsAtZero() {
    List<String> zero = new ArrayList<>();
    if (opsMonthlyUsd.signum() == 0) {
      zero.add("operations");
    }
    if (engineeringOneTimeUsd.signum() == 0) {
      zero.add("engineering");
    }
    if (egressUsdPerGb.signum() == 0) {
      zero.add("egress");
    }
    if (platformFees.isEmpty()) {
      zero.add("platform_fees");
    }
    if (storage.isEmpty()) {
      zero.add("storage");
    }
    return List.copyOf(zero);
  }

  public GpuPool pool(String name) {
    return pools.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no GPU pool named '" + name + "'"));
  }
}
