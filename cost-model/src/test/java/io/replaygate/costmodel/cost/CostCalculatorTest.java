package io.replaygate.costmodel.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.ledger.ReplicaLifetime;
import io.replaygate.costmodel.ledger.UsageLedger;
import io.replaygate.costmodel.pricing.TokenCounts;
import io.replaygate.costmodel.terms.ClusterTerms;
import io.replaygate.costmodel.terms.Commitment;
import io.replaygate.costmodel.terms.GpuPool;
import io.replaygate.costmodel.terms.PathTerms;
import io.replaygate.costmodel.terms.PlatformFee;
import io.replaygate.costmodel.terms.PriceModel;
import io.replaygate.costmodel.terms.ProviderTerms;
import io.replaygate.costmodel.terms.StorageTier;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed invoices for the terms of each path. One million plain input tokens of Claude Sonnet 4.5
 * cost $3.00 at list (3.00 per million); most cases build on that.
 */
class CostCalculatorTest {
  static final PriceCatalog CATALOG = CatalogLoader.bundled();
  static final LocalDate DAY = LocalDate.of(2026, 7, 24);
  static final long HOUR = 3_600_000_000L;
  static final String SONNET = "anthropic/claude-sonnet-4-5";

  /** A ledger of {@code hours} one-hour windows with $3.00 of list usage in window 0 (and more if asked). */
  static UsageLedger ledger(long hours, boolean fallbackToo) {
    UsageLedger l = new UsageLedger(0, HOUR, hours * HOUR);
    l.add("p", 0, "acme", "coding/sonnet", SONNET, false, ServiceTier.STANDARD, 10,
        new TokenCounts(1_000_000, 0, 0, 0, 0), TokenCounts.ZERO, BigDecimal.ZERO);
    if (fallbackToo) {
      l.add("p", HOUR, "globex", "coding/sonnet", SONNET, true, ServiceTier.STANDARD, 5,
          new TokenCounts(1_000_000, 0, 0, 0, 0), TokenCounts.ZERO, BigDecimal.ZERO);
    }
    return l;
  }

  static PathCost cost(UsageLedger l, PathTerms t) {
    return CostCalculator.cost(l, "p", t, CATALOG, DAY);
  }

  static void assertUsd(String expected, BigDecimal actual) {
    assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + ", got " + actual);
  }

  static void assertConsistent(PathCost c) {
    // Lines add up to the total; windows, tenants and model paths each add up to it too.
    BigDecimal lines = c.lines().stream().map(CostLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(0, lines.compareTo(c.total()));
    double total = c.total().doubleValue();
    assertEquals(total, c.perWindow().total(), 1e-9);
    assertEquals(total, c.byTenant().values().stream().mapToDouble(BigDecimal::doubleValue).sum(), 1e-5);
    assertEquals(total, c.byModelPath().values().stream().mapToDouble(BigDecimal::doubleValue).sum(), 1e-5);
    // Line items per tenant add up to each tenant's total (and likewise per window).
    java.util.Map<String, Double> byTenant = new java.util.HashMap<>();
    c.breakdown(PathCost.Dimension.TENANT).forEach(r -> byTenant.merge(r.key(), r.usd(), Double::sum));
    c.byTenant().forEach((k, v) -> assertEquals(v.doubleValue(), byTenant.getOrDefault(k, 0.0), 1e-5, k));
    double[] byWindow = new double[Math.toIntExact(c.perWindow().windows())];
    c.breakdown(PathCost.Dimension.WINDOW).forEach(r -> byWindow[Integer.parseInt(r.key())] += r.usd());
    for (int w = 0; w < byWindow.length; w++) {
      assertEquals(c.perWindow().get(w), byWindow[w], 1e-9);
    }
  }

  @Test
  void replicaLifetimes_landInTheWindowsTheyRan() {
    // Lifetimes 0–90 s (window 0), 3600–3601 s (window 1), 7200–10800 s (window 2): per-minute billing
    // charges 120 s, 60 s and 3,600 s × 2 GPUs × 3.00/h, the rounding in each lifetime's last window.
    PathCost c = cost(clusterLedger(), new PathTerms(ProviderTerms.LIST, cluster(List.of(
        new GpuPool("od", "H100", 2, new PriceModel.OnDemand(new BigDecimal("3.00"), 60, 60))))));
    double perGpuSecond = 3.00 * 2 / 3600;
    assertEquals(120 * perGpuSecond, c.perWindow().get(0), 1e-9);
    assertEquals(60 * perGpuSecond, c.perWindow().get(1), 1e-9);
    assertEquals(3600 * perGpuSecond, c.perWindow().get(2), 1e-9);
    assertEquals(0.0, c.perWindow().get(5), 0.0);
  }

  @Test
  void quietYear_costSeries_areRuns_notAWindowEach() {
    // 364 days of 5-minute windows (104,832), one on-demand replica up throughout, $730/month of operations, and
    // traffic in the first and last windows only. Every window costs 300 s × 2 GPUs × 3.00/h = 0.50 of GPU and
    // 1/12 of operations (730/month is 1.00 an hour); the series hold that as a few runs.
    long window = 300_000_000L;
    long end = 364 * 24 * HOUR;
    UsageLedger l = new UsageLedger(0, window, end);
    l.add("p", 0, "acme", "coding/llama", "cluster:od", false, ServiceTier.STANDARD, 1,
        new TokenCounts(1_000, 0, 0, 0, 1_000), TokenCounts.ZERO, BigDecimal.ZERO);
    l.add("p", end - 1, "acme", "coding/llama", "cluster:od", false, ServiceTier.STANDARD, 1,
        new TokenCounts(1_000, 0, 0, 0, 1_000), TokenCounts.ZERO, BigDecimal.ZERO);
    l.addReplica(new ReplicaLifetime("p", "od", 0, end));
    l.setPeriodEnd(end);
    ClusterTerms t = new ClusterTerms(List.of(new GpuPool("od", "H100", 2,
        new PriceModel.OnDemand(new BigDecimal("3.00"), 60, 60))), BigDecimal.ZERO, List.of(), BigDecimal.ZERO,
        new BigDecimal("730"), List.of(), BigDecimal.ZERO, 1);
    PathCost c = cost(l, new PathTerms(ProviderTerms.LIST, t));
    assertEquals(104_832, c.perWindow().windows());
    assertTrue(c.perWindow().runs() <= 3, c.perWindow().toString());
    c.allocations().forEach(a -> assertTrue(a.windowShares().runs() <= 3, a.windowShares().toString()));
    assertEquals(0.5 + 1.0 / 12, c.perWindow().get(50_000), 1e-9);
    assertEquals(0.5 + 1.0 / 12, c.perWindow().get(104_831), 1e-9);
    assertUsd("61152.00", c.total().setScale(2, java.math.RoundingMode.HALF_EVEN)); // 8,736 h × (6.00 + 1.00)
    assertConsistent(c);
  }

  static PathTerms byok(BigDecimal discount, Commitment c, PlatformFee... fees) {
    return new PathTerms(new ProviderTerms(discount, c, List.of(fees)), null);
  }

  @Test
  void managed_listPrice() {
    PathCost c = cost(ledger(730, false), PathTerms.MANAGED);
    assertUsd("3.00", c.total());
    assertUsd("3.00", c.usdPerMillionTokens());
    assertConsistent(c);
  }

  @Test
  void byok_negotiatedDiscount() {
    // 3.00 − 20% = 2.40
    assertUsd("2.40", cost(ledger(730, false), byok(new BigDecimal("0.20"), null)).total());
  }

  @Test
  void byok_commitment_under_at_over() {
    // A 730-hour ledger is exactly one month, so the commitment is not prorated.
    // Under: usage at the commitment rate 3.00 × 0.9 = 2.70 < 10.00 committed ⇒ pay 10.00.
    PathCost under = cost(ledger(730, false), byok(BigDecimal.ZERO,
        new Commitment(new BigDecimal("10"), new BigDecimal("0.10"), BigDecimal.ZERO)));
    assertUsd("10.00", under.total());
    assertTrue(under.lines().stream().anyMatch(l -> l.item().equals("unused commitment")
        && l.amount().compareTo(new BigDecimal("7.30")) == 0));
    assertConsistent(under);
    // At: 3.00 × 0.8 = 2.40 = the commitment ⇒ pay 2.40, nothing unused.
    PathCost at = cost(ledger(730, false), byok(BigDecimal.ZERO,
        new Commitment(new BigDecimal("2.40"), new BigDecimal("0.20"), BigDecimal.ZERO)));
    assertUsd("2.40", at.total());
    // Over: 1.80 committed at 10% off consumes 1.80 ÷ 0.9 = 2.00 of list; the other 1.00 at 5% off = 0.95.
    // Total 1.80 + 0.95 = 2.75.
    PathCost over = cost(ledger(730, false), byok(BigDecimal.ZERO,
        new Commitment(new BigDecimal("1.80"), new BigDecimal("0.10"), new BigDecimal("0.05"))));
    assertUsd("2.75", over.total());
    assertConsistent(over);
  }

  @Test
  void byok_platformFeeVariants() {
    // 73 one-hour windows = 0.1 month. Spend 3.00; 5% of spend = 0.15; 10 requests × 0.001 = 0.01;
    // 100/month × 0.1 = 10.00. Total 3.00 + 0.15 + 0.01 + 10.00 = 13.16.
    PathCost c = cost(ledger(73, false), byok(BigDecimal.ZERO, null,
        new PlatformFee.PercentOfSpend(new BigDecimal("0.05")), new PlatformFee.PerRequest(new BigDecimal("0.001")),
        new PlatformFee.FlatMonthly(new BigDecimal("100"))));
    assertUsd("13.16", c.total());
    assertConsistent(c);
  }

  @Test
  void quotaOverflow_fallbackBilledAtList() {
    // 20% off the key's own 3.00 = 2.40; the 3.00 that overflowed to the fallback stays at list. Total 5.40.
    PathCost c = cost(ledger(730, true), byok(new BigDecimal("0.20"), null));
    assertUsd("5.40", c.total());
    assertTrue(c.lines().stream().anyMatch(l -> l.item().startsWith("fallback: ")));
    assertConsistent(c);
    // The fallback's cost belongs to the tenant that overflowed.
    assertEquals(3.00, c.byTenant().get("globex").doubleValue(), 1e-9);
    assertEquals(2.40, c.byTenant().get("acme").doubleValue(), 1e-9);
  }

  static ClusterTerms cluster(List<GpuPool> pools) {
    return new ClusterTerms(pools, BigDecimal.ZERO, List.of(), BigDecimal.ZERO, BigDecimal.ZERO, List.of(),
        BigDecimal.ZERO, 1);
  }

  static UsageLedger clusterLedger() {
    UsageLedger l = new UsageLedger(0, HOUR, 10 * HOUR);
    l.add("p", 0, "acme", "coding/llama", "cluster:od", false, ServiceTier.STANDARD, 3,
        new TokenCounts(500_000, 0, 0, 0, 500_000), TokenCounts.ZERO, BigDecimal.ZERO);
    // Three replica lifetimes: 90 s, 1 s, and one hour.
    l.addReplica(new ReplicaLifetime("p", "od", 0, 90_000_000L));
    l.addReplica(new ReplicaLifetime("p", "od", HOUR, HOUR + 1_000_000L));
    l.addReplica(new ReplicaLifetime("p", "od", 2 * HOUR, 3 * HOUR));
    return l;
  }

  @Test
  void byoc_reservedVsOnDemand_withBillingGranularity() {
    // Reserved: 8 GPUs × 10 h × 2.00 = 160.00, whatever runs.
    PathCost reserved = cost(clusterLedger(), new PathTerms(ProviderTerms.LIST, cluster(List.of(
        new GpuPool("od", "H100", 2, new PriceModel.Reserved(8, new BigDecimal("2.00")))))));
    assertUsd("160.00", reserved.total());
    // Per-second billing with a 60 s minimum, rounded up to 60 s: 120 + 60 + 3600 = 3,780 s × 2 GPUs
    // = 2.1 GPU-h × 3.00 = 6.30.
    PathCost perMinute = cost(clusterLedger(), new PathTerms(ProviderTerms.LIST, cluster(List.of(
        new GpuPool("od", "H100", 2, new PriceModel.OnDemand(new BigDecimal("3.00"), 60, 60))))));
    assertUsd("6.30", perMinute.total());
    assertConsistent(perMinute);
    // Hourly billing: every lifetime is at least an hour: 3 × 3600 s × 2 GPUs = 6 GPU-h × 3.00 = 18.00.
    PathCost hourly = cost(clusterLedger(), new PathTerms(ProviderTerms.LIST, cluster(List.of(
        new GpuPool("od", "H100", 2, new PriceModel.OnDemand(new BigDecimal("3.00"), 3600, 3600))))));
    assertUsd("18.00", hourly.total());
    assertConsistent(hourly);
    // Cluster tokens: 1,000,000 served for 6.30 ⇒ 6.30 per million.
    assertUsd("6.30", perMinute.usdPerMillionTokens());
  }

  @Test
  void providerTokens_oneLinePerTokenClass_withItsListPrice() {
    // Two cells of Claude Sonnet 4.5 (3.00 in, 0.30 read, 3.75 write 5 min, 15.00 out per million) and one
    // fallback cell: every token class is its own line, quantities in million tokens; they add up.
    UsageLedger l = new UsageLedger(0, HOUR, 2 * HOUR);
    l.add("p", 0, "acme", "coding/sonnet", SONNET, false, ServiceTier.STANDARD, 2,
        new TokenCounts(1_000_000, 2_000_000, 400_000, 0, 100_000), TokenCounts.ZERO, BigDecimal.ZERO);
    l.add("p", HOUR, "acme", "coding/sonnet", SONNET, false, ServiceTier.STANDARD, 1,
        new TokenCounts(1_000_000, 0, 0, 0, 100_000), TokenCounts.ZERO, BigDecimal.ZERO);
    l.add("p", HOUR, "acme", "coding/sonnet", SONNET, true, ServiceTier.STANDARD, 1,
        new TokenCounts(500_000, 0, 0, 0, 0), TokenCounts.ZERO, BigDecimal.ZERO);
    PathCost c = cost(l, PathTerms.MANAGED);
    java.util.Map<String, CostLine> byItem = new java.util.HashMap<>();
    c.lines().forEach(x -> byItem.put(x.item(), x));
    CostLine input = byItem.get(SONNET + " input");
    assertEquals(0, new BigDecimal("2").compareTo(input.quantity()), input.toString());
    assertEquals("million tokens", input.unit());
    assertUsd("6.00", input.amount());
    assertUsd("0.60", byItem.get(SONNET + " cache read").amount());
    assertUsd("1.50", byItem.get(SONNET + " cache write (5 min)").amount());
    assertUsd("3.00", byItem.get(SONNET + " output").amount());
    assertUsd("1.50", byItem.get("fallback: " + SONNET + " input").amount());
    assertUsd("12.60", c.total());
    assertTrue(byItem.keySet().stream().noneMatch(k -> k.contains("tokens at list")), byItem.keySet().toString());
  }

  @Test
  void monthlyProjection_fixedFleet_isReplicasTimes730Hours_evenWhenItDrainsPastTheTrace() {
    // A 1-hour trace (period set to its span); two replicas of 2 GPUs ran the hour and drained 6 minutes
    // more. The period bills what ran (66 min each, per-minute billing: 4 GPUs × 1.1 h × 3.00 = 13.20);
    // the month projects the fleet: 2 replicas × 2 GPUs × 730 h × 3.00 = 8,760.00 (not 730 × 1.1).
    UsageLedger l = new UsageLedger(0, 5 * 60_000_000L, 1);
    l.add("p", 0, "acme", "coding/llama", "cluster:od", false, ServiceTier.STANDARD, 1,
        new TokenCounts(1_000, 0, 0, 0, 100), TokenCounts.ZERO, BigDecimal.ZERO);
    l.addReplica(new ReplicaLifetime("p", "od", 0, HOUR + 360_000_000L));
    l.addReplica(new ReplicaLifetime("p", "od", 0, HOUR + 360_000_000L));
    l.setPeriodEnd(HOUR); // last arrival at 1:00:00
    assertEquals(1.0, l.hours(), 1e-12);
    PathCost c = cost(l, new PathTerms(ProviderTerms.LIST, cluster(List.of(
        new GpuPool("od", "H100", 2, new PriceModel.OnDemand(new BigDecimal("3.00"), 60, 60))))));
    assertUsd("13.20", c.total());
    assertUsd("8760.00", c.monthly().usd());
    assertTrue(c.monthly().rule().contains("(730 h ÷ 1 h replayed)"), c.monthly().rule());
  }

  @Test
  void byoc_fixedCostsProrated_creditsCapped_feesAndEngineering() {
    // 10 h = 10/730 month. Ops 730/month ⇒ 10.00. Engineering 7,300 over 10 months = 730/month ⇒ 10.00.
    // Storage 100 GB × 0.73 per GB-month ⇒ 1.00. Credits 73/month ⇒ 1.00 (< GPU spend). GPU on-demand 6.30.
    // Platform fee 0.10 per billed GPU-hour × 2.1 = 0.21. Egress 2 GB × 0.09 = 0.18.
    // Total 6.30 − 1.00 + 1.00 + 0.18 + 10.00 + 10.00 + 0.21 = 26.69.
    UsageLedger l = clusterLedger();
    l.addEgress("p", 0, 2_000_000_000L);
    ClusterTerms t = new ClusterTerms(List.of(new GpuPool("od", "H100", 2,
        new PriceModel.OnDemand(new BigDecimal("3.00"), 60, 60))), new BigDecimal("73"),
        List.of(new StorageTier("host-dram", new BigDecimal("100"), new BigDecimal("0.73"))), new BigDecimal("0.09"),
        new BigDecimal("730"), List.of(new PlatformFee.PerGpuHour(new BigDecimal("0.10"))), new BigDecimal("7300"), 10);
    PathCost c = cost(l, new PathTerms(ProviderTerms.LIST, t));
    assertUsd("26.69", c.total());
    assertConsistent(c);
    // Credits never exceed the GPU spend: 1,000,000/month of credits against 6.30 of GPUs.
    ClusterTerms rich = new ClusterTerms(t.pools(), new BigDecimal("1000000"), List.of(), BigDecimal.ZERO,
        BigDecimal.ZERO, List.of(), BigDecimal.ZERO, 1);
    assertUsd("0", cost(clusterLedger(), new PathTerms(ProviderTerms.LIST, rich)).total());
    // Every term is set in t; rich sets only credits, so the five others are named as assumptions.
    assertEquals(List.of(), t.termsAtZero());
    assertEquals(List.of("operations", "engineering", "egress", "platform_fees", "storage"), rich.termsAtZero());
  }

  @Test
  void monthlyProjection_scalesUsage_keepsMonthlyAmountsWhole_andFlagsShortTraces() {
    // 73 h replayed: usage 3.00 × (730 ÷ 73) = 30.00, plus operations 730/month at full value ⇒ 760.00.
    ClusterTerms ops = new ClusterTerms(List.of(), BigDecimal.ZERO, List.of(), BigDecimal.ZERO, new BigDecimal("730"),
        List.of(), BigDecimal.ZERO, 1);
    PathCost c = cost(ledger(73, false), new PathTerms(ProviderTerms.LIST, ops));
    assertUsd("76.00", c.total()); // 3.00 + 730 × 0.1
    assertUsd("760.00", c.monthly().usd());
    assertTrue(c.monthly().shortTrace());
    assertTrue(c.monthly().rule().contains("730 h ÷ 73 h"), c.monthly().rule());
    assertFalse(cost(ledger(730, false), PathTerms.MANAGED).monthly().shortTrace());
    // A commitment is compared with a month of usage: 10/month against 30/month of list ⇒ over.
    PathCost committed = cost(ledger(73, false), byok(BigDecimal.ZERO,
        new Commitment(new BigDecimal("10"), BigDecimal.ZERO, BigDecimal.ZERO)));
    assertUsd("3.00", committed.total()); // 0.1 month: commitment 1.00 consumed by 3.00 of usage
    assertUsd("30.00", committed.monthly().usd());
  }
}
