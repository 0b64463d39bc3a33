package io.replaygate.costmodel.pricing;

import io.replaygate.costmodel.catalog.ServiceTier;
import java.math.BigDecimal;

/**
 * What to price for one model: token counts at the standard price tier and in requests above the model's
 * long-context threshold, cache storage in token-hours (Gemini explicit caches), and the service tier.
 *
 * @param standard           tokens of requests at or below the long-context threshold
 * @param longContext        tokens of requests above it (billed at the tier's prices)
 * @param storageTokenHours  cached tokens × hours stored
 * @param serviceTier        standard, batch, flex or priority
 */
public record Usage(TokenCounts standard, TokenCounts longContext, BigDecimal storageTokenHours,
    ServiceTier serviceTier) {

  public Usage {
    if (storageTokenHours.signum() < 0) {
      throw new IllegalArgumentException("storage token-hours cannot be negative");
    }
  }

  public static Usage of(TokenCounts standard) {
    return new Usage(standard, TokenCounts.ZERO, BigDecimal.ZERO, ServiceTier.STANDARD);
  }
}
