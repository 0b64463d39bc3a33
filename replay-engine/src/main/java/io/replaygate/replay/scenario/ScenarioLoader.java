package io.replaygate.replay.scenario;

import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.terms.Commitment;
import io.replaygate.costmodel.terms.PlatformFee;
import io.replaygate.costmodel.terms.ProviderTerms;
import io.replaygate.replay.byoc.ClusterConfig;
import io.replaygate.replay.managed.ObservedRouting;
import io.replaygate.replay.byoc.ClusterDefaults;
import io.replaygate.replay.byoc.route.Routers;
import io.replaygate.replay.byoc.spec.ModelSpec;
import io.replaygate.replay.cache.CacheFamily;
import io.replaygate.replay.cache.CacheSettings;
import io.replaygate.replay.cache.CacheSettings.Breakpoint;
import io.replaygate.replay.cache.CacheSettings.Placement;
import io.replaygate.replay.core.Slo;
import io.replaygate.replay.managed.RetryPolicy;
import io.replaygate.replay.scenario.Scenario.KeyQuota;
import io.replaygate.replay.scenario.Scenario.Outage;
import io.replaygate.replay.scenario.Scenario.PathConfig;
import io.replaygate.replay.scenario.Scenario.Profile;
import io.replaygate.replay.scenario.Scenario.RateLimit;
import io.replaygate.replay.scenario.Scenario.RouteConfig;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario file (YAML; commented examples in {@code examples/}) over {@link Scenario#DEFAULTS}, and
 * the command line's quick path specs. Unknown keys, wrong types and bad values are
 * {@link ScenarioException}s naming the file, line and key.
 */
public final class ScenarioLoader {
  private ScenarioLoader() {}

  /** The largest scenario file read (4 MiB): a YAML parser takes quadratic time on a long scalar. */
  public static final long MAX_FILE_BYTES = 4L << 20;

  public static Scenario load(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ScenarioException(file.toString(), 0, null, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB: not a "
            + "scenario file");
      }
    } catch (NoSuchFileException e) {
      throw new ScenarioException(file.toString(), 0, null, "no such file");
    } catch (IOException e) {
      throw new ScenarioException(file.toString(), 0, null, "cannot read: " + e.getMessage());
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(Node.parse(in, file.toString()), file.toString());
    } catch (NoSuchFileException e) {
      throw new ScenarioException(file.toString(), 0, null, "no such file");
    } catch (IOException e) {
      throw new ScenarioException(file.toString(), 0, null, "cannot read: " + e.getMessage());
    }
  }

  /** Reads a scenario from YAML text ({@code source} names it in messages): a plan's cell, a generated file. */
  public static Scenario parse(String yaml, String source) {
    try (InputStream in = new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      return read(Node.parse(in, source), source);
    } catch (IOException e) {
      throw new ScenarioException(source, 0, null, "cannot read: " + e.getMessage());
    }
  }

  /**
   * A cluster's terms on their own ({@code clusters register --terms FILE}): the keys a scenario's {@code cluster_terms:}
   * takes (operations, engineering, credits, storage, platform fees, egress), an error at {@code source}'s line.
   */
  public static io.replaygate.costmodel.terms.ClusterTerms clusterTerms(String yaml, String source) {
    if (yaml.length() > MAX_FILE_BYTES) {
      throw new ScenarioException(source, 0, null, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB: not cluster terms");
    }
    try (InputStream in = new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      return ClusterLoader.terms(Node.parse(in, source));
    } catch (IOException e) {
      throw new ScenarioException(source, 0, null, "cannot read: " + e.getMessage());
    }
  }

  /** The keys whose values are catalog ids: a path's target, a route's primary and backups, a fallback. */
  private static final Set<String> CATALOG_ID_KEYS = Set.of("target", "primary", "backups", "fallback");

  /**
   * Checks every catalog id a (loaded, so valid) scenario file names against the prices: the first one the catalog
   * does not know is an error at its file, line and key, with the catalog's own words ({@code problemOf} returns
   * them, or null for an id it prices) — not, later, a bare "no price" from inside the replay.
   */
  public static void checkCatalogIds(Path file, java.util.function.Function<String, String> problemOf) {
    Node root;
    try (InputStream in = Files.newInputStream(file)) {
      root = Node.parse(in, file.toString());
    } catch (IOException e) {
      throw new ScenarioException(file.toString(), 0, null, "cannot read: " + e.getMessage());
    }
    checkCatalogIds(root, false, problemOf);
  }

  private static void checkCatalogIds(Node n, boolean isId, java.util.function.Function<String, String> problemOf) {
    switch (n.kind) {
      case MAP -> n.map.forEach((k, v) -> checkCatalogIds(v, CATALOG_ID_KEYS.contains(k), problemOf));
      case LIST -> n.list.forEach(v -> checkCatalogIds(v, isId, problemOf));
      default -> {
        String s = n.text;
        if (isId && s != null && s.matches("[A-Za-z0-9_.-]+/\\S+")) {
          String problem = problemOf.apply(s);
          if (problem != null) {
            throw n.error(problem);
          }
        }
      }
    }
  }

  static Scenario read(Node root, String source) {
    root.mapOf("seed", "window", "price_date", "slo", "paths", "semantics", "rate_limits", "retry", "outages",
        "serving_models", "business_hours", "anchor", "purge", "traffic_growth");
    List<ModelSpec> servingModels = root.get("serving_models") == null ? List.of()
        : ClusterLoader.servingModels(root.get("serving_models"));
    Scenario d = Scenario.DEFAULTS;
    Long seed = root.get("seed") == null ? null : root.get("seed").longValue(Long.MIN_VALUE, Long.MAX_VALUE);
    long window = root.get("window") == null ? d.windowUs() : positive(root.get("window"));
    LocalDate priceDate = root.get("price_date") == null ? null : date(root.get("price_date"));
    Slo slo = d.slo();
    if (root.get("slo") != null) {
      Node s = root.get("slo").mapOf("ttft_ms", "tpot_ms", "ttft_by_prompt_tokens");
      List<Slo.TtftBucket> buckets = new ArrayList<>();
      if (s.get("ttft_by_prompt_tokens") != null) {
        for (Node b : s.get("ttft_by_prompt_tokens").items()) {
          b.mapOf("up_to", "ttft_ms");
          long upTo = b.require("up_to").longValue(1, Long.MAX_VALUE / 4);
          if (!buckets.isEmpty() && upTo <= buckets.get(buckets.size() - 1).upToTokens()) {
            throw b.require("up_to").error("buckets must have ascending up_to prompt lengths");
          }
          buckets.add(new Slo.TtftBucket(upTo, b.require("ttft_ms").number(1e-3, 1e9)));
        }
      }
      slo = new Slo(s.get("ttft_ms") == null ? slo.ttftMs() : s.get("ttft_ms").number(1e-3, 1e9),
          s.get("tpot_ms") == null ? slo.tpotMs() : s.get("tpot_ms").number(1e-3, 1e9), buckets);
    }
    List<PathConfig> paths = new ArrayList<>();
    Set<String> names = new HashSet<>();
    if (root.get("paths") != null) {
      for (Node p : root.get("paths").items()) {
        PathConfig pc = path(p, slo);
        if (!names.add(pc.name())) {
          throw p.require("name").error("two paths are named '" + pc.name() + "'");
        }
        paths.add(pc);
      }
    }
    CacheSettings cache = root.get("semantics") == null ? d.cache() : semantics(root.get("semantics"), d.cache());
    Map<String, RateLimit> limits = new LinkedHashMap<>();
    if (root.get("rate_limits") != null) {
      Node rl = root.get("rate_limits");
      if (rl.kind != Node.Kind.MAP) {
        throw rl.error("expected a mapping of provider or provider/model to limits");
      }
      for (Map.Entry<String, Node> e : rl.map.entrySet()) {
        Node l = e.getValue().mapOf("requests_per_minute", "input_tokens_per_minute", "output_tokens_per_minute");
        limits.put(e.getKey(), new RateLimit(opt(l, "requests_per_minute"), opt(l, "input_tokens_per_minute"),
            opt(l, "output_tokens_per_minute")));
      }
    }
    RetryPolicy retry = d.retry();
    if (root.get("retry") != null) {
      Node r = root.get("retry").mapOf("max_retries", "base", "multiplier", "jitter", "on_exhausted", "route_immediately");
      retry = new RetryPolicy(r.get("max_retries") == null ? retry.maxRetries() : r.get("max_retries").intValue(0, 100),
          r.get("base") == null ? retry.baseMs() : r.get("base").durationUs() / 1000.0,
          r.get("multiplier") == null ? retry.multiplier() : r.get("multiplier").number(1, 100),
          r.get("jitter") == null ? retry.jitter() : r.get("jitter").number(0, 1),
          r.get("route_immediately") == null ? retry.routeImmediately() : r.get("route_immediately").bool());
    }
    List<Outage> outages = new ArrayList<>();
    if (root.get("outages") != null) {
      for (Node o : root.get("outages").items()) {
        o.mapOf("provider", "target", "from", "to");
        Node who = o.get("provider") != null ? o.get("provider") : o.get("target");
        if (who == null) {
          throw o.error("an outage names a provider or a target");
        }
        TimeRef from = o.require("from").time();
        TimeRef to = o.require("to").time();
        if ((from.epochUs() == null) == (to.epochUs() == null) && to.resolve(0) <= from.resolve(0)) {
          throw o.require("to").error("an outage must end after it starts");
        }
        outages.add(new Outage(who.string(), from, to));
      }
    }
    List<Scenario.Purge> purges = new ArrayList<>();
    if (root.get("purge") != null) {
      for (Node o : root.get("purge").items()) {
        o.mapOf("tenant", "at");
        String tenant = o.require("tenant").string();
        if (tenant == null || tenant.isBlank()) {
          throw o.require("tenant").error("a purge names the tenant whose cached prefixes it invalidates");
        }
        purges.add(new Scenario.Purge(tenant, o.require("at").time()));
      }
    }
    return new Scenario(source, seed, window, priceDate, slo, paths, cache, limits, retry, outages, servingModels,
        root.get("business_hours") == null ? null : businessHours(root.get("business_hours")),
        root.get("anchor") == null ? null : anchor(root.get("anchor")), purges,
        root.get("traffic_growth") == null ? d.trafficGrowth() : growth(root.get("traffic_growth")));
  }

  /** {@code traffic_growth: 1.5}, or {@code {factor: 1.5, seed: 7}} to draw the copies with a seed of their own. */
  static Scenario.Growth growth(Node n) {
    double max = io.replaygate.replay.TrafficGrowth.MAX_FACTOR;
    if (n.kind != Node.Kind.MAP) {
      return new Scenario.Growth(n.number(1e-3, max), null);
    }
    n.mapOf("factor", "seed");
    return new Scenario.Growth(n.require("factor").number(1e-3, max),
        n.get("seed") == null ? null : n.get("seed").longValue(Long.MIN_VALUE, Long.MAX_VALUE));
  }

  /** {@code business_hours: {days: mon-fri, start: "09:00", end: "18:00", timezone: Europe/Berlin}}. */
  static io.replaygate.costmodel.gate.BusinessHours businessHours(Node n) {
    n.mapOf("days", "start", "end", "timezone");
    var d = io.replaygate.costmodel.gate.BusinessHours.DEFAULT;
    java.util.Set<java.time.DayOfWeek> days = d.days();
    if (n.get("days") != null) {
      String spec = n.get("days").string().toLowerCase(java.util.Locale.ROOT);
      String[] ends = spec.split("-");
      if (ends.length != 2) {
        throw n.get("days").error("expected a day range such as mon-fri, got '" + spec + "'");
      }
      days = java.util.EnumSet.range(day(n.get("days"), ends[0]), day(n.get("days"), ends[1]));
    }
    java.time.LocalTime start = n.get("start") == null ? d.start() : time(n.get("start"));
    java.time.LocalTime end = n.get("end") == null ? d.end() : time(n.get("end"));
    if (!start.isBefore(end)) {
      throw n.require("end").error("business hours must end after they start");
    }
    java.time.ZoneId zone = d.zone();
    if (n.get("timezone") != null) {
      try {
        zone = java.time.ZoneId.of(n.get("timezone").string());
      } catch (java.time.DateTimeException e) {
        throw n.get("timezone").error("unknown time zone '" + n.get("timezone").string() + "'");
      }
    }
    return new io.replaygate.costmodel.gate.BusinessHours(days, start, end, zone);
  }

  private static java.time.DayOfWeek day(Node n, String s) {
    for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
      if (d.name().toLowerCase(java.util.Locale.ROOT).startsWith(s.strip()) && s.strip().length() >= 3) {
        return d;
      }
    }
    throw n.error("unknown day '" + s + "' (mon, tue, wed, thu, fri, sat, sun)");
  }

  private static java.time.LocalTime time(Node n) {
    try {
      return java.time.LocalTime.parse(n.string());
    } catch (java.time.format.DateTimeParseException e) {
      throw n.error("expected a time such as 09:00, got '" + n.string() + "'");
    }
  }

  /** {@code anchor: 2026-03-02T09:00:00Z} (or a local date-time, read in UTC): µs since the epoch. */
  static long anchor(Node n) {
    return parseAnchor(n.string(), n::error);
  }

  /** An anchor instant in µs: ISO-8601 with an offset, or a local date-time taken as UTC. */
  public static long parseAnchor(String text, java.util.function.Function<String, RuntimeException> error) {
    java.time.Instant t;
    try {
      t = java.time.Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      try {
        t = java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
      } catch (java.time.format.DateTimeParseException e2) {
        throw error.apply("expected a date-time such as 2026-03-02T09:00:00Z, got '" + text + "'");
      }
    }
    return Math.multiplyExact(t.getEpochSecond(), 1_000_000L) + t.getNano() / 1_000;
  }

  private static long opt(Node m, String key) {
    return m.get(key) == null ? 0 : m.get(key).longValue(0, Long.MAX_VALUE / 4);
  }

  private static long positive(Node n) {
    long us = n.durationUs();
    if (us <= 0) {
      throw n.error("must be longer than zero");
    }
    return us;
  }

  private static LocalDate date(Node n) {
    try {
      return LocalDate.parse(n.string().trim());
    } catch (DateTimeParseException e) {
      throw n.error("expected a date YYYY-MM-DD, got '" + n.text + "'");
    }
  }

  private static PathConfig path(Node p, Slo slo) {
    String name = p.require("name").string();
    if (name == null || name.isBlank()) {
      throw p.require("name").error("a path needs a name");
    }
    Profile profile = Profile.valueOf(p.require("profile").choice("managed", "byok", "byoc_dynamo", "byoc_epp", "hybrid")
        .toUpperCase(Locale.ROOT));
    if (profile.cluster()) {
      List<String> keys = new ArrayList<>(List.of("name", "profile", "service_tier"));
      keys.addAll(List.of(ClusterLoader.DEPLOYMENT_KEYS));
      keys.addAll(List.of(ClusterLoader.CLUSTER_KEYS));
      p.mapOf(keys.toArray(String[]::new));
      ServiceTier tier = p.get("service_tier") == null ? ServiceTier.STANDARD : ServiceTier.valueOf(
          p.get("service_tier").choice("standard", "batch", "flex", "priority").toUpperCase(Locale.ROOT));
      return new PathConfig(name, profile, List.of(), null, tier, ProviderTerms.LIST, null,
          ClusterLoader.read(p, profile, slo.ttftMs()));
    }
    p.mapOf("name", "profile", "target", "routing", "cache", "service_tier", "terms");
    List<RouteConfig> routes = new ArrayList<>();
    if (p.get("target") != null && p.get("routing") != null) {
      throw p.get("routing").error("give either target (every model path) or routing, not both");
    }
    if (p.get("target") != null) {
      routes.add(new RouteConfig("*", List.of(target(p.get("target")))));
    } else if (p.get("routing") != null) {
      for (Node r : p.get("routing").items()) {
        r.mapOf("model_path", "primary", "backups");
        List<String> targets = new ArrayList<>();
        targets.add(target(r.require("primary")));
        if (r.get("backups") != null) {
          for (Node b : r.get("backups").items()) {
            targets.add(target(b));
          }
        }
        routes.add(new RouteConfig(r.require("model_path").string(), targets));
      }
    } else {
      throw p.error("a path needs a target or routing");
    }
    String cache = null;
    if (p.get("cache") != null) {
      cache = p.get("cache").string();
      if (CacheFamily.byName(cache).isEmpty()) {
        throw p.get("cache").error("unknown cache family '" + cache + "' (known: " + CacheFamily.names() + ")");
      }
    }
    ServiceTier tier = ServiceTier.STANDARD;
    if (p.get("service_tier") != null) {
      tier = ServiceTier.valueOf(p.get("service_tier").choice("standard", "batch", "flex", "priority")
          .toUpperCase(Locale.ROOT));
    }
    ProviderTerms terms = ProviderTerms.LIST;
    KeyQuota quota = null;
    if (p.get("terms") != null) {
      if (profile != Profile.BYOK) {
        throw p.get("terms").error("only a byok path has negotiated terms (managed is list price)");
      }
      Node t = p.get("terms").mapOf("discount", "commitment", "platform_fees", "key_quota");
      BigDecimal discount = t.get("discount") == null ? BigDecimal.ZERO : t.get("discount").fraction();
      Commitment commitment = null;
      if (t.get("commitment") != null) {
        Node c = t.get("commitment").mapOf("usd_per_month", "discount", "overflow_discount");
        commitment = new Commitment(c.require("usd_per_month").decimal(),
            c.get("discount") == null ? BigDecimal.ZERO : c.get("discount").fraction(),
            c.get("overflow_discount") == null ? BigDecimal.ZERO : c.get("overflow_discount").fraction());
      }
      List<PlatformFee> fees = new ArrayList<>();
      if (t.get("platform_fees") != null) {
        for (Node f : t.get("platform_fees").items()) {
          f.mapOf("percent_of_spend", "per_request_usd", "usd_per_month");
          if (f.map.size() != 1) {
            throw f.error("a fee is one of percent_of_spend, per_request_usd or usd_per_month");
          }
          if (f.get("percent_of_spend") != null) {
            fees.add(new PlatformFee.PercentOfSpend(f.get("percent_of_spend").fraction()));
          } else if (f.get("per_request_usd") != null) {
            fees.add(new PlatformFee.PerRequest(f.get("per_request_usd").decimal()));
          } else {
            fees.add(new PlatformFee.FlatMonthly(f.require("usd_per_month").decimal()));
          }
        }
      }
      terms = new ProviderTerms(discount, commitment, fees);
      if (t.get("key_quota") != null) {
        Node q = t.get("key_quota").mapOf("tokens_per_month", "fallback");
        long tokens = q.require("tokens_per_month").longValue(1, Long.MAX_VALUE / 4);
        quota = new KeyQuota(tokens, q.get("fallback") == null ? null : target(q.get("fallback")));
      }
    }
    return new PathConfig(name, profile, routes, cache, tier, terms, quota);
  }

  private static String target(Node n) {
    String s = n.string();
    if (s == null || !(s.equals("ideal") || s.equals("none") || s.equals(ObservedRouting.TARGET)
        || s.matches("[A-Za-z0-9_.-]+/[^\\s]+"))) {
      throw n.error("expected a catalog id provider/model (or ideal, none, or observed: each request's recorded "
          + "provider and model), got '" + s + "'");
    }
    return s;
  }

  private static CacheSettings semantics(Node s, CacheSettings base) {
    s.mapOf(java.util.Arrays.stream(CacheFamily.values()).map(CacheFamily::wireName).toArray(String[]::new));
    CacheSettings out = base;
    Map<String, CacheSettings.ParamOverride> params = new LinkedHashMap<>(base.params());
    String[] common = {"min_cacheable_tokens", "granularity_tokens", "ttl_seconds", "max_ttl_seconds"};
    for (Map.Entry<String, Node> e : s.map.entrySet()) {
      Node f = e.getValue();
      List<String> keys = new ArrayList<>(List.of(common));
      switch (e.getKey()) {
        case "anthropic_explicit" -> keys.addAll(List.of("breakpoints", "system_prefix_tokens"));
        case "openai_automatic" -> keys.addAll(List.of("prompt_cache_key", "routing_prefix_tokens",
            "requests_per_minute_per_machine", "idle_ttl_min_seconds", "idle_ttl_max_seconds", "retention"));
        case "gemini_implicit" -> keys.add("hit_probability");
        case "gemini_explicit" -> keys.addAll(List.of("create_after_uses", "refresh_on_use"));
        case "fireworks" -> keys.addAll(List.of("replicas", "capacity_tokens_per_replica"));
        default -> { }
      }
      f.mapOf(keys.toArray(String[]::new));
      params.put(e.getKey(), new CacheSettings.ParamOverride(optInt(f, "min_cacheable_tokens", 0),
          optInt(f, "granularity_tokens", 1), optInt(f, "ttl_seconds", 0), optInt(f, "max_ttl_seconds", 0)));
      switch (e.getKey()) {
        case "anthropic_explicit" -> {
          CacheSettings.Anthropic a = out.anthropic();
          List<Breakpoint> bps = a.breakpoints();
          if (f.get("breakpoints") != null) {
            bps = new ArrayList<>();
            for (Node b : f.get("breakpoints").items()) {
              String[] parts = b.string().trim().split(":", 2);
              if (parts[0].equals("none")) {
                continue;
              }
              Placement pl = switch (parts[0]) {
                case "system_prefix" -> Placement.SYSTEM_PREFIX;
                case "previous_turn" -> Placement.PREVIOUS_TURN;
                case "end_of_prompt" -> Placement.END_OF_PROMPT;
                default -> throw b.error("unknown breakpoint '" + parts[0]
                    + "' (known: system_prefix, previous_turn, end_of_prompt, none; add :1h for the 1-hour TTL)");
              };
              if (parts.length == 2 && !parts[1].equals("1h") && !parts[1].equals("5m")) {
                throw b.error("a breakpoint's TTL is 5m or 1h, got '" + parts[1] + "'");
              }
              bps.add(new Breakpoint(pl, parts.length == 2 && parts[1].equals("1h")));
            }
            if (bps.size() > 4) {
              throw f.get("breakpoints").error("Anthropic allows at most 4 breakpoints, got " + bps.size());
            }
          }
          long system = f.get("system_prefix_tokens") == null ? a.systemPrefixTokens()
              : f.get("system_prefix_tokens").longValue(0, 10_000_000);
          if (bps.stream().anyMatch(b -> b.placement() == Placement.SYSTEM_PREFIX) && system <= 0) {
            throw f.error("a system_prefix breakpoint needs system_prefix_tokens");
          }
          out = out.withAnthropic(new CacheSettings.Anthropic(bps, system));
        }
        case "openai_automatic" -> {
          CacheSettings.OpenAi o = out.openai();
          long min = f.get("idle_ttl_min_seconds") == null ? o.idleTtlMinSeconds()
              : f.get("idle_ttl_min_seconds").longValue(0, 86_400 * 7);
          long max = f.get("idle_ttl_max_seconds") == null ? o.idleTtlMaxSeconds()
              : f.get("idle_ttl_max_seconds").longValue(0, 86_400 * 7);
          if (max < min) {
            throw f.error("idle_ttl_max_seconds must be at least idle_ttl_min_seconds");
          }
          out = out.withOpenai(new CacheSettings.OpenAi(
              f.get("prompt_cache_key") == null ? o.promptCacheKey() : f.get("prompt_cache_key").choice("none", "session", "tenant"),
              f.get("routing_prefix_tokens") == null ? o.routingPrefixTokens() : f.get("routing_prefix_tokens").intValue(1, 1 << 20),
              f.get("requests_per_minute_per_machine") == null ? o.requestsPerMinutePerMachine()
                  : f.get("requests_per_minute_per_machine").intValue(1, 1_000_000),
              min, max,
              f.get("max_ttl_seconds") == null ? o.maxTtlSeconds() : f.get("max_ttl_seconds").longValue(1, 86_400 * 7),
              f.get("retention") == null ? o.extendedRetention() : f.get("retention").choice("default", "24h").equals("24h")));
        }
        case "gemini_implicit" -> {
          if (f.get("hit_probability") != null) {
            out = out.withGeminiImplicit(new CacheSettings.GeminiImplicit(f.get("hit_probability").number(0, 1)));
          }
        }
        case "gemini_explicit" -> {
          CacheSettings.GeminiExplicit g = out.geminiExplicit();
          out = out.withGeminiExplicit(new CacheSettings.GeminiExplicit(
              f.get("create_after_uses") == null ? g.createAfterUses() : f.get("create_after_uses").intValue(1, 1000),
              0, f.get("refresh_on_use") == null ? g.refreshOnUse() : f.get("refresh_on_use").bool()));
        }
        case "fireworks" -> {
          CacheSettings.Fireworks w = out.fireworks();
          out = out.withFireworks(new CacheSettings.Fireworks(
              f.get("replicas") == null ? w.replicas() : f.get("replicas").intValue(1, 100_000),
              f.get("capacity_tokens_per_replica") == null ? w.capacityTokensPerReplica()
                  : f.get("capacity_tokens_per_replica").longValue(1, Long.MAX_VALUE / 4)));
        }
        default -> { }
      }
    }
    return out.withParams(params);
  }

  private static Integer optInt(Node m, String key, int min) {
    return m.get(key) == null ? null : m.get(key).intValue(min, Integer.MAX_VALUE);
  }

  /**
   * A quick path from the command line: {@code PROFILE:TARGET}, e.g. {@code managed:anthropic/claude-sonnet-4-5},
   * {@code byok:openai/gpt-5}, {@code managed:ideal}. Every model path goes to the target; a BYOK path takes
   * {@code byokDiscount} off list.
   */
  public static PathConfig quickPath(String spec, BigDecimal byokDiscount) {
    return quickPath(spec, byokDiscount, Slo.DEFAULT.ttftMs());
  }

  /**
   * As {@link #quickPath(String, BigDecimal)}, plus the cluster profiles by name alone: {@code byoc_dynamo},
   * {@code byoc_epp} and {@code hybrid} run {@link ClusterDefaults}' cluster, overflowing when the SLO's
   * TTFT ({@code sloTtftMs}) would be missed.
   */
  public static PathConfig quickPath(String spec, BigDecimal byokDiscount, double sloTtftMs) {
    Node n = Node.scalar("--path", spec);
    switch (spec) {
      case "byoc_dynamo", "byoc_epp", "hybrid" -> {
        Profile profile = Profile.valueOf(spec.toUpperCase(Locale.ROOT));
        Routers.Config router = profile == Profile.BYOC_EPP ? Routers.Config.LLM_D : Routers.Config.DYNAMO;
        ClusterConfig.Lanes lanes = profile == Profile.HYBRID ? new ClusterConfig.Lanes(List.of(), 1) : null;
        return new PathConfig(spec, profile, List.of(), null, ServiceTier.STANDARD, ProviderTerms.LIST, null,
            ClusterDefaults.quick(router, sloTtftMs, lanes));
      }
      default -> { }
    }
    int colon = spec.indexOf(':');
    if (colon <= 0) {
      throw n.error("expected PROFILE:TARGET such as managed:anthropic/claude-sonnet-4-5, byok:openai/gpt-5 or "
          + "managed:ideal, got '" + spec + "'");
    }
    String profileName = spec.substring(0, colon);
    Profile profile = switch (profileName) {
      case "managed" -> Profile.MANAGED;
      case "byok" -> Profile.BYOK;
      case "byoc_dynamo", "byoc_epp", "hybrid" -> throw n.error("profile '" + profileName
          + "' takes no target here: --path " + profileName + " runs the default cluster; configure one in a scenario");
      case "live" -> throw n.error("profile 'live' is not available in this version (known: managed, byok, "
          + "byoc_dynamo, byoc_epp, hybrid)");
      default -> throw n.error("unknown profile '" + profileName + "' (known: managed, byok, byoc_dynamo, byoc_epp, "
          + "hybrid)");
    };
    String target = target(Node.scalar("--path", spec.substring(colon + 1)));
    ProviderTerms terms = profile == Profile.BYOK && byokDiscount != null
        ? new ProviderTerms(byokDiscount, null, List.of()) : ProviderTerms.LIST;
    return new PathConfig(spec, profile, List.of(new RouteConfig("*", List.of(target))), null, ServiceTier.STANDARD,
        terms, null);
  }

  /** A fraction from the command line ({@code 20%} or {@code 0.2}). */
  public static BigDecimal fraction(String option, String text) {
    return Node.scalar(option, text).fraction();
  }

  /** A duration from the command line ({@code 5m}). */
  public static long duration(String option, String text) {
    return positive(Node.scalar(option, text));
  }
}
