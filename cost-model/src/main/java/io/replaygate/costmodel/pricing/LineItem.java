package io.replaygate.costmodel.pricing;

import java.math.BigDecimal;

/**
 * One line of an invoice: {@code amount = quantity × unitPrice ÷ per}, exactly (BigDecimal), in USD.
 *
 * @param item       what is billed, e.g. {@code cache write (5 min)}
 * @param quantity   how much (tokens, token-hours)
 * @param unit       the unit of the quantity
 * @param unitPrice  USD per {@code per} units, after any service-tier multiplier
 * @param per        the price's denominator (1,000,000 for per-million-token prices)
 * @param amount     USD
 * @param basis      how the unit price was derived, e.g. {@code 3.75 × batch 0.5}
 */
public record LineItem(String item, BigDecimal quantity, String unit, BigDecimal unitPrice, BigDecimal per,
    BigDecimal amount, String basis) {}
