package io.replaygate.costmodel.terms;

import java.math.BigDecimal;

/** A platform's fee on a path: a share of spend, a price per request, a flat monthly sum, or per GPU-hour. */
public sealed interface PlatformFee {
  /** {@code fraction} of the spend it applies to (provider spend for BYOK, GPU spend for BYOC). */
  record PercentOfSpend(BigDecimal fraction) implements PlatformFee {}

  /** USD per request. */
  record PerRequest(BigDecimal usd) implements PlatformFee {}

  /** USD per month, prorated to the replayed period. */
  record FlatMonthly(BigDecimal usd) implements PlatformFee {}

  /** USD per billed GPU-hour (BYOC). */
  record PerGpuHour(BigDecimal usd) implements PlatformFee {}
}
