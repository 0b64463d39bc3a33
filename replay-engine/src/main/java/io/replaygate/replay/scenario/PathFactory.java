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
import io.replaygate.replay.managed.OutageWindow;
import io.replaygate.replay.managed.RateLimiter;
import io.replaygate.replay.managed.Route;
import io.replaygate.replay.managed.Target;
import io.replaygate.replay.scenario.Scenario.PathConfig;
import io.replaygate.replay.scenario.Scenario.RateLimit;
import io.replaygate.replay.scenario.Scenario.RouteConfig;
import java.time.LocalDate;
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

  public static PathSimulator create(PathConfig path, Scenario scenario, PriceCatalog catalog, LocalDate date,
      long seed, long traceStartUs, UsageLedger ledger, Consumer<Outcome> sink, PathStats stats) {
    List<Route> routes = new ArrayList<>();
    for (RouteConfig rc : path.routes()) {
      List<Target> targets = new ArrayList<>();
      for (String id : rc.targets()) {
        targets.add(target(id, path, scenario, catalog, date, seed));
      }
      routes.add(new Route(rc.modelPath(), targets));
    }
    List<OutageWindow> outages = new ArrayList<>();
    for (Scenario.Outage o : scenario.outages()) {
      outages.add(new OutageWindow(o.who(), o.from().resolve(traceStartUs), o.to().resolve(traceStartUs)));
    }
    long quota = 0;
    Target fallback = null;
    if (path.keyQuota() != null) {
      quota = path.keyQuota().tokensPerMonth();
      String fb = path.keyQuota().fallback() != null ? path.keyQuota().fallback() : path.routes().get(0).targets().get(0);
      fallback = target(fb, path, scenario, catalog, date, seed);
    }
    ManagedPlan plan = new ManagedPlan(path.name(), path.profile() == Scenario.Profile.BYOK, routes, path.tier(),
        scenario.retry(), outages, quota, fallback, scenario.slo());
    return new ManagedPathSimulator(plan, ledger, sink, stats, PathRandom.stream(seed, path.name()));
  }

  /** The path's terms for the cost model. */
  public static PathTerms terms(PathConfig path) {
    return path.profile() == Scenario.Profile.BYOK ? new PathTerms(path.terms(), null) : PathTerms.MANAGED;
  }

  /** Whether every target the path can use has prices (the ceilings have none). */
  public static boolean priced(PathConfig path) {
    return path.routes().stream().flatMap(r -> r.targets().stream()).noneMatch(UNPRICED::contains)
        && (path.keyQuota() == null || path.keyQuota().fallback() == null || !UNPRICED.contains(path.keyQuota().fallback()));
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
