package io.replaygate.replay.scenario;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.catalog.PriceEntry;
import io.replaygate.costmodel.ledger.UsageLedger;
import io.replaygate.costmodel.terms.PathTerms;
import io.replaygate.replay.cache.CacheFamily;
import io.replaygate.replay.core.Outcome;
import io.replaygate.replay.core.PathRandom;
import io.replaygate.replay.core.PathSimulator;
import io.replaygate.replay.core.PathStats;
import io.replaygate.replay.managed.ManagedPathSimulator;
import io.replaygate.replay.managed.ManagedPlan;
import io.replaygate.replay.managed.ObservedRouting;
import io.replaygate.replay.managed.OutageWindow;
import io.replaygate.replay.managed.RateLimiter;
import io.replaygate.replay.managed.Route;
import io.replaygate.replay.managed.Target;
import io.replaygate.replay.scenario.Scenario.PathConfig;
import io.replaygate.replay.scenario.Scenario.RateLimit;
import io.replaygate.replay.scenario.Scenario.RouteConfig;
import io.replaygate.costmodel.catalog.CatalogException;
import io.replaygate.costmodel.catalog.GpuCatalog;
import io.replaygate.costmodel.terms.ClusterTerms;
import io.replaygate.costmodel.terms.GpuPool;
import io.replaygate.costmodel.terms.PriceModel;
import io.replaygate.costmodel.terms.ProviderTerms;
import io.replaygate.replay.byoc.ClusterConfig;
import io.replaygate.replay.byoc.ClusterDefaults;
import io.replaygate.replay.byoc.ClusterPathSimulator;
import io.replaygate.replay.byoc.PricedPool;
import io.replaygate.replay.byoc.scale.Autoscalers;
import io.replaygate.replay.byoc.spec.ModelTable;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import io.replaygate.replay.byoc.step.StepTimeModel;
import io.replaygate.replay.core.TrafficProfile;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a path's configuration into its simulator: targets resolved in the catalog at the price date, each
 * with a fresh cache of its family (the catalog's, or the path's {@code cache} override) and its rate
 * limiter, seeded from the run's seed and the path's name.
 */
public final class PathFactory {
  /** Unpriced targets: the reuse ceiling and no caching at all. */
  public static final List<String> UNPRICED = List.of("ideal", "none");

  private PathFactory() {}

  /**
   * A path's simulator and the terms its ledger is priced by; {@code cluster} is the cluster simulator of a
   * BYOC or hybrid path (null otherwise) and {@code pools} how its GPU pools were priced.
   */
  public record Built(PathSimulator simulator, PathTerms terms, ClusterPathSimulator cluster, List<PricedPool> pools) {}

  /**
   * Builds any path. {@code traffic} is the trace's first-pass profile, needed by a cluster path that sizes
   * its fleet from the traffic or picks its hybrid lanes by volume (null when no path needs it).
   */
  public static Built build(PathConfig path, Scenario scenario, PriceCatalog catalog, LocalDate date, long seed,
      long traceStartUs, int traceBlockTokens, TrafficProfile traffic, UsageLedger ledger, Consumer<Outcome> sink,
      PathStats stats) {
    if (path.profile() == Scenario.Profile.LIVE) {
      io.replaygate.replay.live.LiveConfig lc = path.live();
      var client = new io.replaygate.replay.live.LiveClient(lc.target(), lc.api(), lc.maxRetries(),
          lc.connectTimeout(), lc.requestTimeout());
      io.replaygate.replay.live.SpendCap cap = null;
      if (lc.target().pricedAs() != null) {
        if (lc.maxSpendUsd() == null) {
          throw new ScenarioException(scenario.source(), 0, path.name(), "a managed probe spends real money: "
              + "--max-spend-usd is required");
        }
        cap = new io.replaygate.replay.live.SpendCap(lc.maxSpendUsd(), catalog.at(lc.target().pricedAs(), date)
            .prices());
      }
      // A self-hosted cluster is priced as its GPUs over the replayed period, at the GPU catalog's price for its SKU
      // (the median cloud's on-demand price) and its registered cluster terms (else the sourced defaults); a managed
      // probe at its target's list prices. A cluster registered without a GPU is not priced.
      PathTerms terms = PathTerms.MANAGED;
      List<PricedPool> pools = List.of();
      String pool = null;
      if (lc.target().pricedAs() == null && lc.gpu() != null) {
        ClusterConfig.Deployment base = ClusterDefaults.DEPLOYMENT;
        ClusterConfig.Deployment d = new ClusterConfig.Deployment(path.name(), base.model(), base.weights(), base.kv(),
            lc.gpu(), lc.gpus(), base.blockTokens(), base.memoryUtilization(), base.reserveGb(), base.engine(),
            base.step(), base.eviction(), base.tiers(), base.router(), base.scaling(), base.pool(), null);
        PricedPool pp;
        try {
          pp = price(d, "live", GpuCatalog.bundled(), date, scenario, path);
        } catch (IllegalArgumentException | CatalogException e) {
          throw new ScenarioException(scenario.source(), 0, path.name(), e.getMessage());
        }
        pool = "live";
        pools = List.of(pp);
        io.replaygate.costmodel.terms.ClusterTerms t = lc.terms() != null ? lc.terms() : ClusterDefaults.TERMS;
        terms = new PathTerms(ProviderTerms.LIST, new io.replaygate.costmodel.terms.ClusterTerms(List.of(new GpuPool(
            pool, pp.gpu(), lc.gpus(), new PriceModel.OnDemand(pp.usdPerGpuHour(), base.pool().granularitySeconds(),
                base.pool().minimumSeconds()))), t.creditsMonthlyUsd(), t.storage(), t.egressUsdPerGb(),
            t.opsMonthlyUsd(), t.platformFees(), t.engineeringOneTimeUsd(), t.amortisationMonths()));
      }
      return new Built(new io.replaygate.replay.live.LivePath(path.name(), client,
          new io.replaygate.replay.live.LivePath.Options(lc.speedup(), lc.maxConcurrency(), seed,
              io.replaygate.replay.live.LivePath.Options.SCRAPE_INTERVAL, lc.stop()), sink, stats,
          scenario.slo(), cap, ledger, pool), terms, null, pools);
    }
    if (!path.profile().cluster()) {
      return new Built(create(path, scenario, catalog, date, seed, traceStartUs, ledger, sink, stats), terms(path),
          null, List.of());
    }
    ClusterConfig cc = path.cluster();
    Set<String> lanes = null;
    if (cc.lanes() != null) {
      if (!cc.lanes().modelPaths().isEmpty()) {
        lanes = new LinkedHashSet<>(cc.lanes().modelPaths());
      } else {
        requireTraffic(traffic, path, "choose its lanes by token volume");
        lanes = new LinkedHashSet<>(traffic.modelPathsByVolume().subList(0,
            Math.min(cc.lanes().top(), traffic.modelPathsByVolume().size())));
      }
    }
    ModelTable models = ModelTable.bundled().with(scenario.servingModels());
    GpuCatalog gpus = GpuCatalog.bundled();
    List<ClusterConfig.Deployment> deployments = new ArrayList<>();
    List<ReplicaShape> shapes = new ArrayList<>();
    List<StepTimeModel> steps = new ArrayList<>();
    List<String> poolNames = new ArrayList<>();
    List<GpuPool> pools = new ArrayList<>();
    List<PricedPool> priced = new ArrayList<>();
    for (ClusterConfig.Deployment d : cc.deployments()) {
      ReplicaShape shape;
      StepTimeModel step;
      try {
        shape = ClusterPathSimulator.shape(d, models, gpus);
        step = d.step().model().create(shape, d.step());
      } catch (IllegalArgumentException | CatalogException e) {
        throw new ScenarioException(scenario.source(), 0, path.name() + "." + d.name(), e.getMessage());
      }
      Autoscalers.Config sc = d.scaling();
      if (sc.policy() == Autoscalers.FIXED && sc.replicas() == ClusterDefaults.SIZE_FROM_TRAFFIC) {
        requireTraffic(traffic, path, "size its fleet from the traffic");
        double prefillRate = ClusterDefaults.prefillTokensPerSecond(step, d.engine());
        double decodeRate = ClusterDefaults.sloDecodeTokensPerSecond(shape, step, d.engine(), scenario.slo().tpotMs());
        double[] peak = traffic.peakWindow(lanes, prefillRate / decodeRate);
        int n = ClusterDefaults.replicasFor(shape, step, d.engine(), scenario.slo().tpotMs(), peak[0], peak[1],
            peak[2], traffic.windowUs() / 1e6);
        sc = new Autoscalers.Config(sc.policy(), n, n, n, n, sc.metric(), sc.target(), sc.intervalUs(),
            sc.coldStartUs(), sc.stabilizationUs(), sc.businessHours());
        d = d.withScaling(sc);
      }
      deployments.add(d);
      shapes.add(shape);
      steps.add(step);
      String poolName = d.pool().name() != null ? d.pool().name() : d.name();
      poolNames.add(poolName);
      int most = switch (sc.policy()) {
        case FIXED -> sc.replicas();
        case SCHEDULED -> Math.max(sc.replicas(), sc.offHoursReplicas());
        case REACTIVE -> sc.max();
      };
      PricedPool pp = price(d, poolName, gpus, date, scenario, path);
      priced.add(pp);
      PriceModel pm = switch (d.pool().priceModel()) {
        case "on_demand" -> new PriceModel.OnDemand(pp.usdPerGpuHour(), d.pool().granularitySeconds(),
            d.pool().minimumSeconds());
        case "spot" -> new PriceModel.Spot(pp.usdPerGpuHour(), d.pool().granularitySeconds(), d.pool().minimumSeconds());
        default -> new PriceModel.Reserved(d.pool().reservedGpus() != null ? d.pool().reservedGpus() : most * d.tp(),
            pp.usdPerGpuHour());
      };
      GpuPool pool = new GpuPool(poolName, shape.gpu().gpu(), d.tp(), pm);
      if (pools.stream().anyMatch(p -> p.name().equals(poolName))) {
        throw new ScenarioException(scenario.source(), 0, path.name() + "." + d.name() + ".pool.name",
            "two deployments use the pool '" + poolName + "' (name each deployment's pool)");
      }
      pools.add(pool);
    }
    cc = new ClusterConfig(deployments, cc.gateway(), cc.fallback(), cc.overflow(), cc.lanes(), cc.terms(),
        cc.egressBytesPerOutputToken());
    ClusterTerms t = cc.terms();
    ClusterTerms terms = new ClusterTerms(pools, t.creditsMonthlyUsd(), t.storage(), t.egressUsdPerGb(),
        t.opsMonthlyUsd(), t.platformFees(), t.engineeringOneTimeUsd(), t.amortisationMonths());
    PathSimulator fallback = null;
    stats.splitByServedBy(); // the cluster's own figures apart from its fallback's (and the blend labelled)
    if (cc.fallback() != null) {
      List<OutageWindow> outages = outages(scenario, traceStartUs);
      ObservedRouting observed = observed(cc.fallback(), path, scenario, catalog, date, seed);
      List<Route> routes = observed != null ? List.of()
          : List.of(new Route("*", List.of(target(cc.fallback(), path, scenario, catalog, date, seed))));
      ManagedPlan plan = new ManagedPlan(path.name(), false, routes, path.tier(), scenario.retry(), outages, 0, null,
          scenario.slo(), true, observed);
      fallback = new ManagedPathSimulator(plan, ledger, sink, stats, PathRandom.stream(seed, path.name() + "/fallback"));
    }
    ClusterPathSimulator.Plan plan = new ClusterPathSimulator.Plan(path.name(), cc, shapes, steps, poolNames, lanes,
        scenario.slo(), seed, traceStartUs, scenario.windowUs(), traceBlockTokens, scenario.businessHours());
    ClusterPathSimulator sim = new ClusterPathSimulator(plan, ledger, sink, stats, fallback);
    return new Built(sim, new PathTerms(ProviderTerms.LIST, terms), sim, priced);
  }

  private static void requireTraffic(TrafficProfile traffic, PathConfig path, String why) {
    if (traffic == null) {
      throw new IllegalArgumentException("path '" + path.name() + "' reads the trace twice to " + why
          + ": replay it from a file (Replay.run with a TraceSource)");
    }
  }

  /**
   * The pool's price: the scenario's own; else the named cloud's (cheapest of its entries); else the
   * catalog's prices for the GPU and price model on the date across clouds, picked by the pool's
   * {@code price_pick} — with the band (cheapest, median, cheapest hyperscaler) kept for the summary.
   */
  private static PricedPool price(ClusterConfig.Deployment d, String poolName, GpuCatalog gpus, LocalDate date,
      Scenario scenario, PathConfig path) {
    ClusterConfig.Pool p = d.pool();
    String gpu = gpus.spec(d.gpu()).gpu();
    if (p.usdPerGpuHour() != null) {
      return new PricedPool(poolName, gpu, p.cloud(), p.priceModel(), p.usdPerGpuHour(), "scenario", "scenario",
          List.of());
    }
    List<GpuCatalog.Price> all = new ArrayList<>();
    for (GpuCatalog.Price c : gpus.current(date)) {
      if (c.gpu().equals(gpu) && c.priceModel().equals(p.priceModel())) {
        all.add(c);
      }
    }
    // One price per cloud (its cheapest), sorted by price then cloud: the band's points are real entries.
    java.util.Map<String, GpuCatalog.Price> byCloud = new java.util.TreeMap<>();
    for (GpuCatalog.Price c : all) {
      byCloud.merge(c.cloud(), c, (a, b) -> a.usdPerGpuHour().compareTo(b.usdPerGpuHour()) <= 0 ? a : b);
    }
    List<GpuCatalog.Price> clouds = byCloud.values().stream().sorted(java.util.Comparator
        .comparing(GpuCatalog.Price::usdPerGpuHour).thenComparing(GpuCatalog.Price::cloud)).toList();
    if (clouds.isEmpty() || (p.cloud() != null && !byCloud.containsKey(p.cloud()))) {
      throw new ScenarioException(scenario.source(), 0, path.name() + "." + d.name() + ".pool",
          "the GPU catalog has no " + p.priceModel() + " price for " + gpu + (p.cloud() == null ? "" : " at " + p.cloud())
          + " on " + date + " (set usd_per_gpu_hour)");
    }
    java.util.Map<String, GpuCatalog.Price> picks = new java.util.LinkedHashMap<>();
    picks.put("cheapest", clouds.get(0));
    picks.put("median", clouds.get((clouds.size() - 1) / 2));
    clouds.stream().filter(c -> ClusterConfig.Pool.HYPERSCALERS.contains(c.cloud())).findFirst()
        .ifPresent(c -> picks.put("hyperscaler", c));
    List<PricedPool.BandPoint> band = new ArrayList<>();
    picks.forEach((k, c) -> band.add(new PricedPool.BandPoint(k, c.cloud(), c.usdPerGpuHour())));
    String pick = p.cloud() != null ? "cloud" : p.pricePick();
    GpuCatalog.Price chosen = p.cloud() != null ? byCloud.get(p.cloud()) : picks.get(p.pricePick());
    if (chosen == null) {
      throw new ScenarioException(scenario.source(), 0, path.name() + "." + d.name() + ".pool.price_pick",
          "the GPU catalog has no hyperscaler " + p.priceModel() + " price for " + gpu + " on " + date
          + " (pick cheapest or median, name a cloud, or set usd_per_gpu_hour)");
    }
    return new PricedPool(poolName, gpu, chosen.cloud(), p.priceModel(), chosen.usdPerGpuHour(),
        "catalog " + chosen.effective() + ": " + chosen.basis() + " (" + chosen.source() + ")", pick, band);
  }

  private static List<OutageWindow> outages(Scenario scenario, long traceStartUs) {
    List<OutageWindow> outages = new ArrayList<>();
    for (Scenario.Outage o : scenario.outages()) {
      outages.add(new OutageWindow(o.who(), o.from().resolve(traceStartUs), o.to().resolve(traceStartUs)));
    }
    return outages;
  }

  public static PathSimulator create(PathConfig path, Scenario scenario, PriceCatalog catalog, LocalDate date,
      long seed, long traceStartUs, UsageLedger ledger, Consumer<Outcome> sink, PathStats stats) {
    List<Route> routes = new ArrayList<>();
    ObservedRouting observed = null;
    for (RouteConfig rc : path.routes()) {
      if (rc.targets().contains(ObservedRouting.TARGET)) {
        if (path.routes().size() != 1 || rc.targets().size() != 1 || !rc.modelPath().equals("*")) {
          throw new ScenarioException(scenario.source(), 0, path.name() + ".routes", "'"
              + ObservedRouting.TARGET + "' routes every request by the trace's own provider and model: it must be "
              + "the only target of the path's only route ('*')");
        }
        observed = observed(ObservedRouting.TARGET, path, scenario, catalog, date, seed);
        continue;
      }
      List<Target> targets = new ArrayList<>();
      for (String id : rc.targets()) {
        targets.add(target(id, path, scenario, catalog, date, seed));
      }
      routes.add(new Route(rc.modelPath(), targets));
    }
    List<OutageWindow> outages = outages(scenario, traceStartUs);
    long quota = 0;
    Target fallback = null;
    if (path.keyQuota() != null) {
      quota = path.keyQuota().tokensPerMonth();
      String fb = path.keyQuota().fallback() != null ? path.keyQuota().fallback() : path.routes().get(0).targets().get(0);
      fallback = target(fb, path, scenario, catalog, date, seed);
    }
    ManagedPlan plan = new ManagedPlan(path.name(), path.profile() == Scenario.Profile.BYOK, routes, path.tier(),
        scenario.retry(), outages, quota, fallback, scenario.slo(), false, observed);
    return new ManagedPathSimulator(plan, ledger, sink, stats, PathRandom.stream(seed, path.name()));
  }

  /** The path's terms for the cost model. */
  public static PathTerms terms(PathConfig path) {
    return path.profile() == Scenario.Profile.BYOK ? new PathTerms(path.terms(), null) : PathTerms.MANAGED;
  }

  /** Whether every target the path can use has prices (the ceilings have none). */
  public static boolean priced(PathConfig path) {
    if (path.profile() == Scenario.Profile.LIVE) {
      return path.live().target().pricedAs() != null || path.live().gpu() != null;
    }
    if (path.cluster() != null) {
      return path.cluster().fallback() == null || !UNPRICED.contains(path.cluster().fallback());
    }
    return path.routes().stream().flatMap(r -> r.targets().stream()).noneMatch(UNPRICED::contains)
        && (path.keyQuota() == null || path.keyQuota().fallback() == null || !UNPRICED.contains(path.keyQuota().fallback()));
  }

  /** The observed routing when {@code id} is {@code observed}, else null. */
  private static ObservedRouting observed(String id, PathConfig path, Scenario scenario, PriceCatalog catalog,
      LocalDate date, long seed) {
    return ObservedRouting.TARGET.equals(id)
        ? new ObservedRouting(catalog, k -> target(k, path, scenario, catalog, date, seed)) : null;
  }

  private static Target target(String id, PathConfig path, Scenario scenario, PriceCatalog catalog, LocalDate date,
      long seed) {
    var rng = PathRandom.stream(seed, path.name() + "/cache/" + id);
    if (UNPRICED.contains(id)) {
      CacheFamily f = CacheFamily.byName(path.cacheFamily() != null ? path.cacheFamily() : id).orElseThrow();
      return new Target(id, null, f.create(CacheSemantics.NONE, scenario.cache(), rng), CatalogLoader.defaultLatency(),
          null);
    }
    PriceEntry entry = catalog.at(id, date);
    String family = path.cacheFamily() != null ? path.cacheFamily() : entry.semantics().family();
    CacheFamily f = CacheFamily.byName(family).orElseThrow(() -> new ScenarioException(scenario.source(), 0,
        path.name(), "no cache family '" + family + "' (known: " + CacheFamily.names() + ")"));
    RateLimit limit = scenario.rateLimits().getOrDefault(id, scenario.rateLimits().get(entry.provider()));
    RateLimiter limiter = limit == null ? null
        : new RateLimiter(limit.requestsPerMinute(), limit.inputTokensPerMinute(), limit.outputTokensPerMinute());
    return new Target(id, entry, f.create(entry.semantics(), scenario.cache(), rng), entry.latency(), limiter);
  }
}
