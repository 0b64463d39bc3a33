package io.replaygate.costmodel.terms;

import java.math.BigDecimal;

/** Provisioned KV-offload capacity (host DRAM, local NVMe, a remote pool), billed per GB-month. */
public record StorageTier(String name, BigDecimal gb, BigDecimal usdPerGbMonth) {
  public StorageTier {
    Terms.nonNegative(gb, "storage size");
    Terms.nonNegative(usdPerGbMonth, "storage price");
  }
}
