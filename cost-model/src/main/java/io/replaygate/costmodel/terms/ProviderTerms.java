package io.replaygate.costmodel.terms;

import java.math.BigDecimal;
import java.util.List;

/**
 * How provider token usage is billed on a path. List prices are {@link #LIST}; BYOK adds a negotiated
 * discount, an optional commitment and platform fees.
 *
 * @param negotiatedDiscount discount off list on every token, 0..1
 * @param commitment         a monthly commitment, or {@code null}
 * @param platformFees       fees on top (percent of provider spend, per request, flat monthly)
 */
public record ProviderTerms(BigDecimal negotiatedDiscount, Commitment commitment, List<PlatformFee> platformFees) {
  public static final ProviderTerms LIST = new ProviderTerms(BigDecimal.ZERO, null, List.of());

  public ProviderTerms {
    Terms.fraction(negotiatedDiscount, "negotiated discount");
    platformFees = List.copyOf(platformFees);
    for (PlatformFee f : platformFees) {
      if (f instanceof PlatformFee.PerGpuHour) {
        throw new IllegalArgumentException("a per-GPU-hour fee belongs to a BYOC cluster's terms");
      }
    }
  }
}
