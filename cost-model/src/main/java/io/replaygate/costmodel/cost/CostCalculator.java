package io.replaygate.costmodel.cost;

import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.cost.CostLine.Category;
import io.replaygate.costmodel.cost.CostLine.Kind;
import io.replaygate.costmodel.ledger.CellKey;
import io.replaygate.costmodel.ledger.ReplicaLifetime;
import io.replaygate.costmodel.pricing.LineItem;
import io.replaygate.costmodel.pricing.Quote;
import io.replaygate.costmodel.ledger.TargetUsage;
import io.replaygate.costmodel.ledger.UsageLedger;
import io.replaygate.costmodel.ledger.WindowValues;
import io.replaygate.costmodel.pricing.ListPricer;
import io.replaygate.costmodel.terms.ClusterTerms;
import io.replaygate.costmodel.terms.Commitment;
import io.replaygate.costmodel.terms.GpuPool;
import io.replaygate.costmodel.terms.PathTerms;
import io.replaygate.costmodel.terms.PlatformFee;
import io.replaygate.costmodel.terms.PriceModel;
import io.replaygate.costmodel.terms.ProviderTerms;
import io.replaygate.costmodel.terms.StorageTier;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prices one path's ledger under its terms. The rules, stated once (they are also in the report):
 * <ul>
 *   <li><b>Provider tokens</b> are priced at list ({@link ListPricer}) at the price date; a BYOK path then
 *       takes its negotiated discount, and with a {@link Commitment} the discounted usage draws the
 *       commitment down at the commitment discount, the rest at the overflow discount, and an unconsumed
 *       commitment is still paid.</li>
 *   <li><b>Fallback</b> tokens (overflow, quota, outage) are billed at list: the fallback may be another
 *       account or platform, so no negotiated term is assumed for it.</li>
 *   <li><b>Cluster-served</b> tokens (a target named {@code cluster:<pool>}) have no token price: the
 *       cluster is paid by its GPU pools — reserved GPUs every hour of the period, on-demand and spot
 *       replicas per lifetime rounded up to the billing granularity (at least the minimum) — less cloud
 *       credits (never below zero), plus storage tiers, egress, operations, platform fees and the
 *       amortised engineering cost.</li>
 *   <li><b>Monthly amounts</b> (commitment, reserved GPUs, credits, storage, operations, engineering,
 *       flat fees) are prorated to the replayed period: × hours ÷ 730.</li>
 *   <li><b>Per window</b>: usage lines go to the window they were used in (provider terms spread in
 *       proportion to list value, replica lifetimes by overlap); fixed lines are spread evenly.</li>
 *   <li><b>Per tenant and model path</b>: provider and fallback costs by their own list value; cluster costs
 *       in proportion to the tokens the cluster served each of them.</li>
 *   <li><b>Monthly projection</b>: the same computation with usage × (730 h ÷ replayed hours) and monthly
 *       amounts at full value (so a commitment is compared with a month of usage); flagged when the
 *       replayed period is shorter than 7 days. The replayed period is the trace's span (first to last
 *       arrival, at least one window), one figure for every path ({@link UsageLedger#setPeriodEnd}); replica lifetimes are projected
 *       over the part of them inside it (a cluster draining after the last arrival does not inflate the
 *       month), so a fixed fleet projects as replicas × GPUs × 730 h and a reserved pool as GPUs × 730 h.</li>
 * </ul>
 */
public final class CostCalculator {
  static final MathContext MC = MathContext.DECIMAL64;
  static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);
  private static final BigDecimal GB = BigDecimal.valueOf(1_000_000_000L);
  private static final String CLUSTER = "cluster:";

  private CostCalculator() {}

  public static PathCost cost(UsageLedger ledger, String path, PathTerms terms, PriceCatalog catalog, LocalDate date) {
    Inputs in = Inputs.of(ledger, path, catalog, date);
    BigDecimal hours = BigDecimal.valueOf(ledger.hours());
    Priced trace = price(in, terms, BigDecimal.ONE, hours, ledger, true);
    BigDecimal monthScale = HOURS_PER_MONTH.divide(hours, MC);
    Priced month = price(in, terms, monthScale, HOURS_PER_MONTH, ledger, false);
    boolean shortTrace = ledger.hours() < 7 * 24;
    String rule = "monthly = usage × (730 h ÷ " + hours.round(new MathContext(6)).stripTrailingZeros().toPlainString()
        + " h replayed) + monthly amounts at full value" + (shortTrace ? "; replayed period < 7 days: extrapolated" : "");
    return new PathCost(path, trace.lines, trace.allocations, trace.total, trace.perWindow, trace.byTenant,
        trace.byModelPath, in.tokens, in.requests, ledger.hours(),
        new PathCost.MonthlyProjection(month.total, rule, shortTrace));
  }

  /** The path's usage, priced at list, gathered once. */
  private record Inputs(Map<String, Map<String, ItemSum>> listItems, Map<String, Map<String, ItemSum>> fallbackItems,
      Map<String, BigDecimal> listByTarget, Map<String, Long> tokensByTarget,
      Map<String, BigDecimal> fallbackByTarget, Map<String, Long> fallbackTokensByTarget,
      WindowValues listPerWindow, WindowValues fallbackPerWindow, WindowValues clusterTokensPerWindow,
      Map<String, double[]> byTenant, Map<String, double[]> byModelPath,
      BigDecimal list, BigDecimal fallback, long clusterTokens, long clusterRequests, long tokens, long requests,
      Map<Long, Long> egress, List<ReplicaLifetime> replicas, long windows) {

    /**
     * Gathers the path's cells. Per tenant / model path arrays hold [provider list value, fallback list
     * value, cluster tokens].
     */
    static Inputs of(UsageLedger ledger, String path, PriceCatalog catalog, LocalDate date) {
      long windows = ledger.windows();
      Map<String, Map<String, ItemSum>> listItems = new TreeMap<>();
      Map<String, Map<String, ItemSum>> fallbackItems = new TreeMap<>();
      Map<String, BigDecimal> listByTarget = new TreeMap<>();
      Map<String, Long> tokensByTarget = new TreeMap<>();
      Map<String, BigDecimal> fallbackByTarget = new TreeMap<>();
      Map<String, Long> fallbackTokens = new TreeMap<>();
      WindowValues.Builder listW = new WindowValues.Builder();
      WindowValues.Builder fallbackW = new WindowValues.Builder();
      WindowValues.Builder clusterW = new WindowValues.Builder();
      Map<String, double[]> byTenant = new TreeMap<>();
      Map<String, double[]> byModelPath = new TreeMap<>();
      BigDecimal list = BigDecimal.ZERO;
      BigDecimal fallback = BigDecimal.ZERO;
      long clusterTokens = 0, clusterRequests = 0, tokens = 0, requests = 0;
      for (Map.Entry<CellKey, TargetUsage> e : ledger.orderedCells()) {
        CellKey k = e.getKey();
        if (!k.path().equals(path)) {
          continue;
        }
        TargetUsage u = e.getValue();
        long w = k.window();
        long t = u.totalTokens();
        tokens += t;
        requests += u.requests();
        double[] tenant = byTenant.computeIfAbsent(k.tenant(), x -> new double[3]);
        double[] model = byModelPath.computeIfAbsent(k.modelPath(), x -> new double[3]);
        if (k.target().startsWith(CLUSTER)) {
          clusterTokens += t;
          clusterRequests += u.requests();
          clusterW.add(w, t);
          tenant[2] += t;
          model[2] += t;
          continue;
        }
        Quote quote = ListPricer.quote(catalog.at(k.target(), date), u.usage());
        BigDecimal amount = quote.total();
        Map<String, ItemSum> items = (k.fallback() ? fallbackItems : listItems)
            .computeIfAbsent(k.target(), x -> new java.util.LinkedHashMap<>());
        for (LineItem li : quote.items()) {
          items.merge(li.item() + "@" + li.unitPrice() + "/" + li.per(), ItemSum.of(li), ItemSum::plus);
        }
        if (k.fallback()) {
          fallback = fallback.add(amount);
          fallbackByTarget.merge(k.target(), amount, BigDecimal::add);
          fallbackTokens.merge(k.target(), t, Long::sum);
          fallbackW.add(w, amount.doubleValue());
          tenant[1] += amount.doubleValue();
          model[1] += amount.doubleValue();
        } else {
          list = list.add(amount);
          listByTarget.merge(k.target(), amount, BigDecimal::add);
          tokensByTarget.merge(k.target(), t, Long::sum);
          listW.add(w, amount.doubleValue());
          tenant[0] += amount.doubleValue();
          model[0] += amount.doubleValue();
        }
      }
      return new Inputs(listItems, fallbackItems, listByTarget, tokensByTarget, fallbackByTarget, fallbackTokens,
          listW.build(windows), fallbackW.build(windows), clusterW.build(windows),
          byTenant, byModelPath, list, fallback, clusterTokens, clusterRequests, tokens, requests,
          ledger.egress(path), ledger.replicas(path), windows);
    }
  }

  /** One token class of one target, summed over the ledger's cells (exact: each cell is quoted exactly). */
  private record ItemSum(String item, String unit, BigDecimal unitPrice, BigDecimal per, BigDecimal quantity,
      BigDecimal amount, String basis) {
    static ItemSum of(LineItem li) {
      return new ItemSum(li.item(), li.unit(), li.unitPrice(), li.per(), li.quantity(), li.amount(), li.basis());
    }

    ItemSum plus(ItemSum o) {
      return new ItemSum(item, unit, unitPrice, per, quantity.add(o.quantity), amount.add(o.amount), basis);
    }

    /** The cost line, quantities in the price's unit (e.g. million tokens at a per-million price). */
    CostLine line(String prefix, Kind kind, BigDecimal scale, String why) {
      String perUnit = per.compareTo(BigDecimal.ONE) == 0 ? unit
          : (per.compareTo(BigDecimal.valueOf(1_000_000)) == 0 ? "million " : per.toPlainString() + " ") + unit;
      return new CostLine(prefix + item, Category.USAGE, kind, quantity.divide(per, MC).multiply(scale), perUnit,
          unitPrice, amount.multiply(scale), why + (basis == null || basis.isEmpty() ? "" : ": " + basis));
    }
  }

  /** Lines, total and allocations at one scale. */
  private record Priced(List<CostLine> lines, List<PathCost.Allocation> allocations, BigDecimal total,
      WindowValues perWindow, Map<String, BigDecimal> byTenant, Map<String, BigDecimal> byModelPath) {}

  /**
   * @param usageScale multiplies usage (1 for the replayed period; 730 ÷ hours for a month)
   * @param hours      the period monthly amounts are prorated to
   * @param allocate   spread the lines over windows, tenants and model paths (only the replayed period's)
   */
  private static Priced price(Inputs in, PathTerms terms, BigDecimal usageScale, BigDecimal hours, UsageLedger ledger,
      boolean allocate) {
    List<CostLine> lines = new ArrayList<>();
    Map<CostLine, WindowValues> windowAmounts = new IdentityHashMap<>(); // lines whose windows are known exactly

    // --- provider tokens: one line per target and token class (input, cache read, cache writes, output,
    // storage, each long-context tier apart), at the class's list price ---
    in.listItems.forEach((target, items) -> items.values().forEach(i -> lines.add(i.line(target + " ", Kind.PROVIDER,
        usageScale, "list price"))));
    BigDecimal list = in.list.multiply(usageScale);
    BigDecimal provider = providerTerms(terms.provider(), list, hours, lines);
    // --- fallback tokens (list), the same way ---
    in.fallbackItems.forEach((target, items) -> items.values().forEach(i -> lines.add(i.line("fallback: " + target + " ",
        Kind.FALLBACK, usageScale, "overflow / quota / outage traffic, billed at list"))));
    // --- provider-side platform fees ---
    fees(terms.provider().platformFees(), provider, BigDecimal.valueOf(in.requests).multiply(usageScale), hours, null,
        "provider spend", lines);
    // --- cluster ---
    if (terms.cluster() != null) {
      cluster(terms.cluster(), in, usageScale, hours, lines, windowAmounts, ledger, !allocate);
    } else if (in.clusterTokens > 0) {
      throw new IllegalArgumentException("path has cluster-served tokens but no cluster terms");
    }
    BigDecimal total = lines.stream().map(CostLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (!allocate) {
      return new Priced(List.copyOf(lines), List.of(), total, WindowValues.zero(0), Map.of(), Map.of());
    }

    // --- allocation of every line to windows, tenants and model paths ---
    List<PathCost.Allocation> allocations = new ArrayList<>();
    WindowValues.Builder perWindow = new WindowValues.Builder();
    Map<String, Double> tenants = new TreeMap<>();
    Map<String, Double> models = new TreeMap<>();
    Shares shares = new Shares(in);
    for (CostLine line : lines) {
      PathCost.Allocation a = allocation(line, shares, windowAmounts.get(line));
      allocations.add(a);
      double amount = line.amount().doubleValue();
      perWindow.addAll(a.windowShares(), amount);
      a.tenantShares().forEach((k, v) -> tenants.merge(k, amount * v, Double::sum));
      a.modelPathShares().forEach((k, v) -> models.merge(k, amount * v, Double::sum));
    }
    return new Priced(List.copyOf(lines), List.copyOf(allocations), total, perWindow.build(in.windows), rounded(tenants),
        rounded(models));
  }

  private static Map<String, BigDecimal> rounded(Map<String, Double> m) {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_EVEN)));
    return out;
  }

  /**
   * How one line spreads (the allocation rule of the class comment): provider lines in proportion to
   * provider list value, fallback lines to fallback list value; cluster usage lines by the windows they
   * were used in (replica lifetimes, egress) or else by cluster-served tokens, cluster fixed lines evenly
   * over windows; all cluster lines to tenants and model paths by cluster-served tokens (by all their
   * provider value when the cluster served nothing).
   */
  private static PathCost.Allocation allocation(CostLine line, Shares s, WindowValues exactWindows) {
    int slot = switch (line.kind()) {
      case PROVIDER -> 0;
      case FALLBACK -> 1;
      default -> 2;
    };
    WindowValues windows;
    if (exactWindows != null) {
      windows = exactWindows.shares();
    } else if (slot == 0) {
      windows = s.provider;
    } else if (slot == 1) {
      windows = s.fallback;
    } else if (line.category() == Category.USAGE) {
      windows = s.clusterTokens;
    } else {
      windows = s.even;
    }
    return new PathCost.Allocation(windows, s.tenants.get(slot), s.modelPaths.get(slot));
  }

  /**
   * The window, tenant and model path shares lines follow, made once per path (lines of one kind share them): the
   * provider's and the fallback's list value, the cluster's served tokens, and evenly over the period.
   */
  private static final class Shares {
    final WindowValues provider;
    final WindowValues fallback;
    final WindowValues clusterTokens;
    final WindowValues even;
    /** By slot: provider, fallback, cluster. */
    final List<Map<String, Double>> tenants = new ArrayList<>();
    final List<Map<String, Double>> modelPaths = new ArrayList<>();

    Shares(Inputs in) {
      provider = in.listPerWindow.shares();
      fallback = in.fallbackPerWindow.shares();
      clusterTokens = in.clusterTokensPerWindow.shares();
      even = WindowValues.zero(in.windows).shares();
      for (int slot = 0; slot < 3; slot++) {
        tenants.add(shares(in.byTenant, slot));
        modelPaths.add(shares(in.byModelPath, slot));
      }
    }
  }

  private static Map<String, Double> shares(Map<String, double[]> parts, int slot) {
    double total = 0;
    for (double[] v : parts.values()) {
      total += v[slot];
    }
    int use = slot;
    if (total == 0 && slot == 2) { // the cluster served nothing: its costs follow the provider value
      use = 0;
      for (double[] v : parts.values()) {
        total += v[0] + v[1];
      }
    }
    Map<String, Double> out = new TreeMap<>();
    for (Map.Entry<String, double[]> e : parts.entrySet()) {
      double[] v = e.getValue();
      double weight = use == 0 && slot == 2 ? v[0] + v[1] : v[use];
      out.put(e.getKey(), total > 0 ? weight / total : 1.0 / parts.size());
    }
    return out;
  }

  /** Negotiated discount and commitment on the list value {@code list}; adds lines; returns provider spend. */
  private static BigDecimal providerTerms(ProviderTerms t, BigDecimal list, BigDecimal hours, List<CostLine> lines) {
    BigDecimal months = hours.divide(HOURS_PER_MONTH, MC);
    BigDecimal discounted = list;
    if (t.negotiatedDiscount().signum() > 0) {
      BigDecimal off = list.multiply(t.negotiatedDiscount());
      lines.add(new CostLine("negotiated discount", Category.USAGE, Kind.PROVIDER, list, "USD at list", t.negotiatedDiscount().negate(),
          off.negate(), pct(t.negotiatedDiscount()) + " off list"));
      discounted = list.subtract(off);
    }
    Commitment c = t.commitment();
    if (c == null) {
      return discounted;
    }
    BigDecimal committed = prorate(c.monthlyUsd(), hours);
    BigDecimal atCommitRate = discounted.multiply(BigDecimal.ONE.subtract(c.commitDiscount()));
    if (atCommitRate.compareTo(committed) <= 0) {
      // Everything drew the commitment down; the commitment is paid in full.
      lines.add(new CostLine("commitment discount", Category.USAGE, Kind.PROVIDER, discounted, "USD after discount",
          c.commitDiscount().negate(), discounted.multiply(c.commitDiscount()).negate(),
          pct(c.commitDiscount()) + " off usage drawn from the commitment"));
      lines.add(new CostLine("unused commitment", Category.FIXED, Kind.PROVIDER, committed.subtract(atCommitRate), "USD", null,
          committed.subtract(atCommitRate), "commitment " + c.monthlyUsd().toPlainString() + "/month × "
              + months.round(new MathContext(6)).toPlainString() + " months, not consumed, still paid"));
      return committed;
    }
    BigDecimal coveredValue = committed.divide(BigDecimal.ONE.subtract(c.commitDiscount()), MC);
    BigDecimal overflowValue = discounted.subtract(coveredValue);
    lines.add(new CostLine("commitment discount", Category.USAGE, Kind.PROVIDER, coveredValue, "USD after discount",
        c.commitDiscount().negate(), coveredValue.multiply(c.commitDiscount()).negate(),
        pct(c.commitDiscount()) + " off the usage that consumed the commitment of "
            + committed.round(new MathContext(8)).toPlainString()));
    if (c.overflowDiscount().signum() > 0) {
      lines.add(new CostLine("overflow discount", Category.USAGE, Kind.PROVIDER, overflowValue, "USD after discount",
          c.overflowDiscount().negate(), overflowValue.multiply(c.overflowDiscount()).negate(),
          pct(c.overflowDiscount()) + " off usage beyond the commitment"));
    }
    return committed.add(overflowValue.multiply(BigDecimal.ONE.subtract(c.overflowDiscount())));
  }

  /** Platform fees; {@code gpuHours} is null on the provider side. Adds lines; returns their sum. */
  private static BigDecimal fees(List<PlatformFee> fees, BigDecimal spend, BigDecimal requests, BigDecimal hours,
      BigDecimal gpuHours, String spendName, List<CostLine> lines) {
    BigDecimal months = hours.divide(HOURS_PER_MONTH, MC);
    boolean clusterSide = gpuHours != null;
    BigDecimal sum = BigDecimal.ZERO;
    for (PlatformFee f : fees) {
      CostLine line = switch (f) {
        case PlatformFee.PercentOfSpend p -> new CostLine("platform fee", Category.USAGE, clusterSide ? Kind.GPU : Kind.PROVIDER, spend, "USD of " + spendName,
            p.fraction(), spend.multiply(p.fraction()), pct(p.fraction()) + " of " + spendName);
        case PlatformFee.PerRequest p -> new CostLine("platform fee", Category.USAGE, clusterSide ? Kind.OTHER_USAGE : Kind.PROVIDER, requests, "requests", p.usd(),
            requests.multiply(p.usd()), p.usd().toPlainString() + " per request");
        case PlatformFee.FlatMonthly p -> new CostLine("platform fee", Category.FIXED, clusterSide ? Kind.OTHER_FIXED : Kind.PROVIDER, months, "months", p.usd(),
            prorate(p.usd(), hours), p.usd().toPlainString() + " per month, prorated");
        case PlatformFee.PerGpuHour p -> new CostLine("platform fee", Category.USAGE, Kind.GPU, gpuHours, "GPU-hours", p.usd(),
            gpuHours.multiply(p.usd()), p.usd().toPlainString() + " per billed GPU-hour");
      };
      lines.add(line);
      sum = sum.add(line.amount());
    }
    return sum;
  }

  /** Cluster lines; records the exact windows of replica lifetimes and egress. */
  private static void cluster(ClusterTerms c, Inputs in, BigDecimal usageScale, BigDecimal hours,
      List<CostLine> lines, Map<CostLine, WindowValues> windowAmounts, UsageLedger ledger, boolean projecting) {
    BigDecimal months = hours.divide(HOURS_PER_MONTH, MC);
    BigDecimal gpuSpend = BigDecimal.ZERO;
    BigDecimal gpuHoursAll = BigDecimal.ZERO;
    for (GpuPool pool : c.pools()) {
      switch (pool.priceModel()) {
        case PriceModel.Reserved r -> {
          BigDecimal gh = BigDecimal.valueOf(r.gpus()).multiply(hours);
          BigDecimal amount = gh.multiply(r.usdPerGpuHour());
          lines.add(new CostLine("GPU " + pool.name() + " reserved (" + r.gpus() + " × " + pool.gpu() + ")",
              Category.FIXED, Kind.GPU, gh, "GPU-hours", r.usdPerGpuHour(), amount, "billed every hour, used or not"));
          gpuSpend = gpuSpend.add(amount);
          gpuHoursAll = gpuHoursAll.add(gh);
        }
        case PriceModel.OnDemand o -> {
          BigDecimal[] b = lifetimes(pool, o.usdPerGpuHour(), o.granularitySeconds(), o.minimumSeconds(), "on-demand",
              in, usageScale, lines, windowAmounts, ledger, projecting);
          gpuSpend = gpuSpend.add(b[0]);
          gpuHoursAll = gpuHoursAll.add(b[1]);
        }
        case PriceModel.Spot s -> {
          BigDecimal[] b = lifetimes(pool, s.usdPerGpuHour(), s.granularitySeconds(), s.minimumSeconds(), "spot",
              in, usageScale, lines, windowAmounts, ledger, projecting);
          gpuSpend = gpuSpend.add(b[0]);
          gpuHoursAll = gpuHoursAll.add(b[1]);
        }
      }
    }
    if (c.creditsMonthlyUsd().signum() > 0) {
      BigDecimal credit = prorate(c.creditsMonthlyUsd(), hours).min(gpuSpend);
      lines.add(new CostLine("cloud credits", Category.FIXED, Kind.CREDITS, months, "months", c.creditsMonthlyUsd().negate(),
          credit.negate(), c.creditsMonthlyUsd().toPlainString() + " per month, prorated, at most the GPU spend"));
    }
    for (StorageTier s : c.storage()) {
      BigDecimal amount = prorate(s.gb().multiply(s.usdPerGbMonth()), hours);
      lines.add(new CostLine("storage " + s.name(), Category.FIXED, Kind.OTHER_FIXED, s.gb().multiply(months), "GB-months",
          s.usdPerGbMonth(), amount, s.gb().toPlainString() + " GB provisioned"));
    }
    long egressBytes = in.egress.values().stream().mapToLong(Long::longValue).sum();
    if (egressBytes > 0) {
      BigDecimal gb = BigDecimal.valueOf(egressBytes).divide(GB, MC).multiply(usageScale);
      CostLine egress = new CostLine("egress", Category.USAGE, Kind.OTHER_USAGE, gb, "GB", c.egressUsdPerGb(),
          gb.multiply(c.egressUsdPerGb()), "bytes leaving the cloud ÷ 10^9");
      lines.add(egress);
      WindowValues.Builder byWindow = new WindowValues.Builder();
      in.egress.forEach(byWindow::add);
      windowAmounts.put(egress, byWindow.build(in.windows));
    }
    if (c.opsMonthlyUsd().signum() > 0) {
      BigDecimal amount = prorate(c.opsMonthlyUsd(), hours);
      lines.add(new CostLine("operations", Category.FIXED, Kind.OTHER_FIXED, months, "months", c.opsMonthlyUsd(), amount,
          "on-call, monitoring, upgrades per month, prorated"));
    }
    if (c.engineeringOneTimeUsd().signum() > 0) {
      BigDecimal perMonth = c.engineeringOneTimeUsd().divide(BigDecimal.valueOf(c.amortisationMonths()), MC);
      BigDecimal amount = c.engineeringOneTimeUsd().multiply(hours)
          .divide(HOURS_PER_MONTH.multiply(BigDecimal.valueOf(c.amortisationMonths())), MC);
      lines.add(new CostLine("engineering (amortised)", Category.FIXED, Kind.OTHER_FIXED, months, "months", perMonth, amount,
          c.engineeringOneTimeUsd().toPlainString() + " one-time over " + c.amortisationMonths() + " months"));
    }
    fees(c.platformFees(), gpuSpend, BigDecimal.valueOf(in.clusterRequests).multiply(usageScale), hours, gpuHoursAll,
        "GPU spend", lines);
  }

  /**
   * On-demand / spot replica lifetimes: one line per pool; returns {amount, billed GPU-hours}. Projecting a
   * month, each lifetime counts only inside the replayed period, unrounded.
   */
  private static BigDecimal[] lifetimes(GpuPool pool, BigDecimal rate, long granularity, long minimum, String model,
      Inputs in, BigDecimal usageScale, List<CostLine> lines, Map<CostLine, WindowValues> windowAmounts,
      UsageLedger ledger, boolean projecting) {
    WindowValues.Builder byWindow = new WindowValues.Builder();
    long billedSeconds = 0;
    int count = 0;
    double perGpuSecond = rate.doubleValue() * pool.gpusPerReplica() / 3600.0 * usageScale.doubleValue();
    for (ReplicaLifetime r : in.replicas) {
      if (!r.pool().equals(pool.name())) {
        continue;
      }
      count++;
      if (projecting) {
        // The month: the lifetime's part inside the replayed period, scaled (no drain tail, no rounding).
        long inside = Math.max(0, Math.min(r.endUs(), ledger.periodEndUs()) - Math.max(r.startUs(), ledger.originUs()));
        billedSeconds += Math.round(inside / 1e6);
        continue;
      }
      long seconds = (r.endUs() - r.startUs() + 999_999) / 1_000_000;
      long billed = Math.max(minimum, (seconds + granularity - 1) / granularity * granularity);
      billedSeconds += billed;
      // Spread over the windows the replica lived in (in the ledger since addReplica); the rounding goes to its last.
      long w1 = ledger.windowOf(Math.max(r.startUs(), r.endUs() - 1));
      byWindow.spread(ledger.originUs(), ledger.windowUs(), r.startUs(), r.endUs(), perGpuSecond);
      byWindow.add(w1, (billed - (r.endUs() - r.startUs()) / 1e6) * perGpuSecond);
    }
    BigDecimal gpuHours = BigDecimal.valueOf(billedSeconds).multiply(BigDecimal.valueOf(pool.gpusPerReplica()))
        .divide(BigDecimal.valueOf(3600), MC).multiply(usageScale);
    BigDecimal amount = gpuHours.multiply(rate);
    if (count > 0) {
      CostLine line = new CostLine("GPU " + pool.name() + " " + model + " (" + count + " replica lifetimes × "
          + pool.gpusPerReplica() + " " + pool.gpu() + ")", Category.USAGE, Kind.GPU, gpuHours, "GPU-hours", rate,
          amount, "lifetimes rounded up to " + granularity + " s, at least " + minimum + " s");
      lines.add(line);
      windowAmounts.put(line, byWindow.build(in.windows));
    }
    return new BigDecimal[] {amount, gpuHours};
  }

  /** A monthly amount over {@code hours}: amount × hours ÷ 730, with one division (exact when it can be). */
  static BigDecimal prorate(BigDecimal monthly, BigDecimal hours) {
    return monthly.multiply(hours).divide(HOURS_PER_MONTH, MC);
  }

  private static String pct(BigDecimal fraction) {
    return fraction.multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString() + "%";
  }
}
