package io.replaygate.replay.scenario;

import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.terms.ProviderTerms;
import io.replaygate.replay.byoc.ClusterConfig;
import io.replaygate.replay.byoc.spec.ModelSpec;
import io.replaygate.replay.cache.CacheSettings;
import io.replaygate.replay.core.Slo;
import io.replaygate.replay.managed.RetryPolicy;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a replay is asked to do. Every field has its default in {@link #DEFAULTS} (the one place they live);
 * a scenario file sets any of them, and the command line's quick options add paths and set the rest.
 *
 * @param source     the scenario file, or {@code command line}
 * @param seed       seed of every random stream ({@code null}: the command line's {@code --seed})
 * @param windowUs   ledger window [5 minutes]
 * @param priceDate  date to price at ({@code null}: the command line's, else today)
 * @param slo        latency objective [TTFT 2 s, TPOT 100 ms]
 * @param paths      the paths to replay, in output order
 * @param cache      cache-family settings [{@link CacheSettings#DEFAULTS}]
 * @param rateLimits per {@code provider/model} or {@code provider} [none]
 * @param retry      what clients do on a 429 [{@link RetryPolicy#DEFAULT}]
 * @param outages    provider outage windows [none]
 * @param servingModels models added to the BYOC serving-model table [none]
 * @param businessHours when business hours are, for business-hours utilisation and scheduled scaling
 *                      [{@code null}: Mon–Fri 09:00–18:00 in the trace's time zone, else UTC]
 * @param anchorUs      where a relative-time trace (Mooncake, WEKA, Bailian) starts on the calendar, µs since
 *                      the epoch [{@code null}: not placed; its business-hours figures then say why they are
 *                      missing]
 * @param purges        tenants whose cached prefixes are invalidated at a time, on every path [none]
 * @param trafficGrowth the recorded traffic grown (or thinned) by a factor before the replay, session by session
 *                      ({@link io.replaygate.replay.TrafficGrowth}) [{@link Growth#NONE}: as recorded]
 */
public record Scenario(String source, Long seed, long windowUs, LocalDate priceDate, Slo slo, List<PathConfig> paths,
    CacheSettings cache, Map<String, RateLimit> rateLimits, RetryPolicy retry, List<Outage> outages,
    List<ModelSpec> servingModels, io.replaygate.costmodel.gate.BusinessHours businessHours, Long anchorUs,
    List<Purge> purges, Growth trafficGrowth) {

  public static final Scenario DEFAULTS = new Scenario("defaults", null, 5 * 60 * 1_000_000L, null, Slo.DEFAULT,
      List.of(), CacheSettings.DEFAULTS, Map.of(), RetryPolicy.DEFAULT, List.of(), List.of(), null, null, List.of(), Growth.NONE);

  /** The providers' paths measured by default: {@code replay}'s, and {@code diagnose}'s cache capture. */
  public static final List<String> DEFAULT_PROVIDER_PATHS = List.of("managed:anthropic/claude-sonnet-4-5",
      "managed:openai/gpt-5");

  /** The paths {@code replay} runs when neither {@code --path} nor a scenario names one: the providers' and
   *  the {@code ideal} ceiling. */
  public static final List<String> DEFAULT_PATHS = Stream.concat(DEFAULT_PROVIDER_PATHS.stream(),
      Stream.of("managed:ideal")).toList();

  public Scenario {
    paths = List.copyOf(paths);
    rateLimits = Map.copyOf(rateLimits);
    outages = List.copyOf(outages);
    servingModels = List.copyOf(servingModels);
    purges = List.copyOf(purges);
  }

  public Scenario withPaths(List<PathConfig> more) {
    List<PathConfig> all = new java.util.ArrayList<>(paths);
    all.addAll(more);
    return new Scenario(source, seed, windowUs, priceDate, slo, all, cache, rateLimits, retry, outages,
        servingModels, businessHours, anchorUs, purges, trafficGrowth);
  }

  public Scenario withSeed(long s) {
    return new Scenario(source, s, windowUs, priceDate, slo, paths, cache, rateLimits, retry, outages,
        servingModels, businessHours, anchorUs, purges, trafficGrowth);
  }

  public Scenario withPriceDate(LocalDate d) {
    return new Scenario(source, seed, windowUs, d, slo, paths, cache, rateLimits, retry, outages,
        servingModels, businessHours, anchorUs, purges, trafficGrowth);
  }

  public Scenario withBusinessHours(io.replaygate.costmodel.gate.BusinessHours b) {
    return new Scenario(source, seed, windowUs, priceDate, slo, paths, cache, rateLimits, retry, outages, servingModels,
        b, anchorUs, purges, trafficGrowth);
  }

  public Scenario withAnchorUs(Long a) {
    return new Scenario(source, seed, windowUs, priceDate, slo, paths, cache, rateLimits, retry, outages, servingModels,
        businessHours, a, purges, trafficGrowth);
  }

  public Scenario withWindowUs(long w) {
    return new Scenario(source, seed, w, priceDate, slo, paths, cache, rateLimits, retry, outages,
        servingModels, businessHours, anchorUs, purges, trafficGrowth);
  }

  /** This scenario with other purge events. */
  public Scenario withPurges(List<Purge> p) {
    return new Scenario(source, seed, windowUs, priceDate, slo, paths, cache, rateLimits, retry, outages,
        servingModels, businessHours, anchorUs, p, trafficGrowth);
  }

  /**
   * Traffic growth: {@code factor} times the recorded sessions, drawn with {@code seed} ({@code null}: the run's
   * seed; a plan sets its own, so every cell at one factor replays the same grown traffic).
   */
  public record Growth(double factor, Long seed) {
    public static final Growth NONE = new Growth(1, null);
  }

  /**
   * A tenant's cached prefixes invalidated at a time on every path: from {@code at} on, the tenant's prompts are
   * hashed in a new namespace (what a platform does when a customer asks for its data to be purged — a new
   * cache key or salt), so nothing it cached before can be read again. What each path can prove about the old
   * entries is its {@code purge_evidence}.
   */
  public record Purge(String tenant, TimeRef at) {}

  /**
   * A path: its profile, routing, cache family override, service tier and terms; for the BYOC and hybrid
   * profiles, its cluster ({@code routes} is then empty: the cluster's fallback is its managed side).
   */
  public record PathConfig(String name, Profile profile, List<RouteConfig> routes, String cacheFamily, ServiceTier tier,
      ProviderTerms terms, KeyQuota keyQuota, ClusterConfig cluster, io.replaygate.replay.live.LiveConfig live) {
    public PathConfig {
      routes = List.copyOf(routes);
    }

    /** A managed, BYOK or cluster path. */
    public PathConfig(String name, Profile profile, List<RouteConfig> routes, String cacheFamily, ServiceTier tier,
        ProviderTerms terms, KeyQuota keyQuota, ClusterConfig cluster) {
      this(name, profile, routes, cacheFamily, tier, terms, keyQuota, cluster, null);
    }

    /** A live path: a registered real endpoint, driven by the live adapter ({@code live:NAME}). */
    public static PathConfig live(io.replaygate.replay.live.LiveConfig live) {
      return new PathConfig("live:" + live.target().name(), Profile.LIVE, List.of(), null, ServiceTier.STANDARD,
          ProviderTerms.LIST, null, null, live);
    }

    /** A managed or BYOK path. */
    public PathConfig(String name, Profile profile, List<RouteConfig> routes, String cacheFamily, ServiceTier tier,
        ProviderTerms terms, KeyQuota keyQuota) {
      this(name, profile, routes, cacheFamily, tier, terms, keyQuota, null, null);
    }
  }

  /** The execution profiles this replay can run (DESIGN §2). */
  public enum Profile {
    MANAGED, BYOK, BYOC_DYNAMO, BYOC_EPP, HYBRID, LIVE;

    /** Whether the path runs a simulated GPU cluster. */
    public boolean cluster() {
      return this == BYOC_DYNAMO || this == BYOC_EPP || this == HYBRID;
    }

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Model paths matching {@code modelPath} (a glob) go to {@code targets}: primary first, then backups. */
  public record RouteConfig(String modelPath, List<String> targets) {
    public RouteConfig {
      targets = List.copyOf(targets);
    }
  }

  /** Per-minute limits of a provider tier; 0 is no limit. */
  public record RateLimit(long requestsPerMinute, long inputTokensPerMinute, long outputTokensPerMinute) {}

  /** A provider or target unavailable between two times. */
  public record Outage(String who, TimeRef from, TimeRef to) {}

  /** BYOK key quota: tokens per month, and the target that serves beyond it. */
  public record KeyQuota(long tokensPerMonth, String fallback) {}
}
