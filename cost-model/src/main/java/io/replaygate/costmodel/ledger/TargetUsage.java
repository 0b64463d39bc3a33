package io.replaygate.costmodel.ledger;

import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.pricing.TokenCounts;
import io.replaygate.costmodel.pricing.Usage;
import java.math.BigDecimal;

/**
 * What one cell consumed from its target: requests, tokens by class at the standard and the long-context
 * tier, and explicit-cache storage in token-hours. Immutable; {@link #plus} combines.
 */
public record TargetUsage(long requests, TokenCounts standard, TokenCounts longContext, BigDecimal storageTokenHours,
    ServiceTier serviceTier) {

  /**
   * Counts that are all zero are the one {@link TokenCounts#ZERO}: a ledger keeps a cell per key, and most cells are
   * never long-context.
   */
  public TargetUsage {
    standard = TokenCounts.ZERO.equals(standard) ? TokenCounts.ZERO : standard;
    longContext = TokenCounts.ZERO.equals(longContext) ? TokenCounts.ZERO : longContext;
  }

  public static TargetUsage empty(ServiceTier tier) {
    return new TargetUsage(0, TokenCounts.ZERO, TokenCounts.ZERO, BigDecimal.ZERO, tier);
  }

  public TargetUsage plus(TargetUsage o) {
    if (o.serviceTier != serviceTier) {
      throw new IllegalArgumentException("cannot add " + o.serviceTier + " usage to " + serviceTier + " usage");
    }
    return new TargetUsage(requests + o.requests, standard.plus(o.standard), longContext.plus(o.longContext),
        storageTokenHours.add(o.storageTokenHours), serviceTier);
  }

  /** As the pricer's input. */
  public Usage usage() {
    return new Usage(standard, longContext, storageTokenHours, serviceTier);
  }

  /** Every token counted: prompt (all classes) and output, both tiers. */
  public long totalTokens() {
    return standard.promptTokens() + standard.output() + longContext.promptTokens() + longContext.output();
  }
}
