package io.replaygate.costmodel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.cost.CostCalculator;
import io.replaygate.costmodel.cost.PathCost;
import io.replaygate.costmodel.ledger.UsageLedger;
import io.replaygate.costmodel.pricing.TokenCounts;
import io.replaygate.costmodel.terms.ClusterTerms;
import io.replaygate.costmodel.terms.GpuPool;
import io.replaygate.costmodel.terms.PathTerms;
import io.replaygate.costmodel.terms.PriceModel;
import io.replaygate.costmodel.terms.ProviderTerms;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A month (730 one-hour windows): managed costs $1,000 of Sonnet input (333,333,333.33… tokens at 3.00/M
 * is not exact, so 300M tokens = $900 plus 20M output = $300: $1,200). The BYOC candidate serves the same
 * tokens on 1 reserved GPU at $1.00/GPU-h (730 × 1 = $730) plus $200/month operations: $930.
 * Savings = (1200 − 930) ÷ 1200 = 22.5%.
 */
class BreakEvenTest {
  static final LocalDate DAY = LocalDate.of(2026, 7, 24);
  static final long HOUR = 3_600_000_000L;

  static PathCost[] paths() {
    UsageLedger l = new UsageLedger(0, HOUR, 730 * HOUR);
    TokenCounts t = new TokenCounts(300_000_000, 0, 0, 0, 20_000_000);
    l.add("managed", 0, "acme", "coding", "anthropic/claude-sonnet-4-5", false, ServiceTier.STANDARD, 1000, t,
        TokenCounts.ZERO, BigDecimal.ZERO);
    l.add("byoc", 0, "acme", "coding", "cluster:gpus", false, ServiceTier.STANDARD, 1000, t, TokenCounts.ZERO,
        BigDecimal.ZERO);
    var catalog = CatalogLoader.bundled();
    PathCost managed = CostCalculator.cost(l, "managed", PathTerms.MANAGED, catalog, DAY);
    ClusterTerms cluster = new ClusterTerms(List.of(new GpuPool("gpus", "H100", 1,
        new PriceModel.Reserved(1, new BigDecimal("1.00")))), BigDecimal.ZERO, List.of(), BigDecimal.ZERO,
        new BigDecimal("200"), List.of(), BigDecimal.ZERO, 1);
    PathCost byoc = CostCalculator.cost(l, "byoc", new PathTerms(ProviderTerms.LIST, cluster), catalog, DAY);
    return new PathCost[] {managed, byoc};
  }

  @Test
  void breakEven_gpuPriceUtilisationAndVolume() {
    PathCost[] p = paths();
    assertEquals(1200.0, p[0].total().doubleValue(), 1e-9);
    assertEquals(930.0, p[1].total().doubleValue(), 1e-9);
    BreakEven.Result r = BreakEven.analyse(p[0], p[1], 0.70, 0.15);
    assertEquals(0.225, r.savings(), 1e-12);
    // GPU price: (1200 − (730k + 200)) ÷ 1200 = 0.15 ⇒ 730k = 820 ⇒ k = 1.1233 ⇒ $1.1233/GPU-h.
    assertEquals(820.0 / 730.0, r.gpuUsdPerHour(), 1e-9);
    assertEquals(1.0, r.currentGpuUsdPerHour(), 1e-12);
    // Utilisation: GPU cost 730 × 0.70 ÷ u = 820 ⇒ u = 0.6232.
    assertEquals(730.0 * 0.70 / 820.0, r.utilisation(), 1e-9);
    // Volume v: (1200v − (730v + 200)) ÷ 1200v = 0.15 ⇒ 1020v − 730v = 200 ⇒ v = 200/290;
    // monthly tokens now 320M ⇒ break-even 220.69M tokens a month.
    assertEquals(320_000_000.0 * 200.0 / 290.0, r.monthlyTokens(), 1e-3);
    // Tornado: largest swing first; GPU price ±20% moves savings by ±146 ÷ 1200 = ±12.17 pp.
    BreakEven.TornadoRow gpu = r.tornado().stream().filter(x -> x.input().equals("GPU price")).findFirst().orElseThrow();
    assertEquals(0.225 + 146.0 / 1200, gpu.savingsLow(), 1e-12);
    assertEquals(0.225 - 146.0 / 1200, gpu.savingsHigh(), 1e-12);
    for (int i = 1; i < r.tornado().size(); i++) {
      assertTrue(r.tornado().get(i - 1).swing() >= r.tornado().get(i).swing());
    }
  }

  @Test
  void unreachableBreakEven_isNull() {
    PathCost[] p = paths();
    // Savings of 90% cannot be reached at any utilisation ≤ 100%.
    BreakEven.Result r = BreakEven.analyse(p[0], p[1], 0.70, 0.90);
    assertNull(r.utilisation());
  }
}
