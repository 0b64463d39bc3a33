package io.replaygate.costmodel.terms;

import java.math.BigDecimal;

/**
 * A monthly committed spend with a provider. Usage (after the negotiated discount) is billed at
 * {@code commitDiscount} off until it has consumed the commitment, then at {@code overflowDiscount} off;
 * a commitment not consumed is still paid.
 *
 * @param monthlyUsd       the commitment, USD per month (prorated to the replayed period: × hours ÷ 730)
 * @param commitDiscount   discount on usage that draws the commitment down, 0..1
 * @param overflowDiscount discount on usage beyond it, 0..1
 */
public record Commitment(BigDecimal monthlyUsd, BigDecimal commitDiscount, BigDecimal overflowDiscount) {
  public Commitment {
    Terms.fraction(commitDiscount, "commitment discount");
    Terms.fraction(overflowDiscount, "overflow discount");
    Terms.nonNegative(monthlyUsd, "monthly commitment");
  }
}
