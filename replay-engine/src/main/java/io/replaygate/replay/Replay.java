package io.replaygate.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.gate.BusinessHours;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.costmodel.cost.CostCalculator;
import io.replaygate.costmodel.cost.PathCost;
import io.replaygate.costmodel.ledger.UsageLedger;
import io.replaygate.replay.scenario.ScenarioException;
import io.replaygate.replay.core.PathSimulator;
import io.replaygate.replay.core.PathStats;
import io.replaygate.replay.core.RecordTap;
import io.replaygate.replay.core.ReplayRunner;
import io.replaygate.replay.byoc.ClusterConfig;
import io.replaygate.replay.byoc.ClusterDefaults;
import io.replaygate.replay.byoc.scale.Autoscalers;
import io.replaygate.replay.core.TrafficProfile;
import io.replaygate.replay.output.ClusterSummary;
import io.replaygate.replay.output.ClusterTable;
import io.replaygate.replay.output.CostTable;
import io.replaygate.replay.output.LedgerTable;
import io.replaygate.replay.output.OutcomeTable;
import io.replaygate.replay.output.OutputDir;
import io.replaygate.replay.output.ParquetTable;
import io.replaygate.replay.output.Summary;
import io.replaygate.replay.output.WindowsTable;
import io.replaygate.replay.scenario.PathFactory;
import io.replaygate.replay.scenario.PurgeNamespaces;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.Scenario.PathConfig;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replay run: the trace through every path of the scenario in one pass, then the outputs —
 * {@code outcomes.parquet}, {@code ledger.parquet}, {@code costs.parquet} and {@code summary.json} — written
 * atomically into the output directory.
 */
public final class Replay {
  /** The engine's version, written into outputs. */
  public static final String VERSION = "0.1.0";

  /**
   * One path's results. {@code cost} is {@code null} for an unpriced path (the ceilings); {@code built} holds
   * the path's terms and, for a cluster path, its simulator's figures. {@code ledger} is closed once the run returns:
   * its cells are in the run's tables.
   */
  public record PathResult(PathConfig config, PathStats stats, UsageLedger ledger, PathCost cost,
      PathFactory.Built built) {}

  /** The run's results; {@code summary} is what {@code summary.json} holds. */
  public record Result(List<PathResult> paths, long requests, long firstArrivalUs, long lastArrivalUs,
      ObjectNode summary) {}

  /**
   * More outputs of the same run (the verdict, the reports), written into the output directory before it is
   * committed: they land with the replay's tables or, if they fail, none of them does.
   */
  @FunctionalInterface
  public interface Finisher {
    Finisher NONE = (result, out) -> { };

    void finish(Result result, OutputDir out) throws IOException;
  }

  private Replay() {}

  /**
   * Replays the trace {@code source} opens through {@code scenario}'s paths, reading it first for the
   * traffic profile when a path needs one (a fleet sized from the traffic, hybrid lanes by volume).
   */
  public static Result run(TraceSource source, Scenario scenario, PriceCatalog catalog, LocalDate priceDate,
      long seed, Path outDir) throws IOException {
    return run(source, scenario, catalog, priceDate, seed, outDir, Finisher.NONE);
  }

  /** As {@link #run(TraceSource, Scenario, PriceCatalog, LocalDate, long, Path)}, then {@code finisher}. */
  public static Result run(TraceSource source, Scenario scenario, PriceCatalog catalog, LocalDate priceDate,
      long seed, Path outDir, Finisher finisher) throws IOException {
    return run(source, scenario, catalog, priceDate, seed, outDir, RecordTap.NONE, finisher);
  }

  /**
   * As {@link #run(TraceSource, Scenario, PriceCatalog, LocalDate, long, Path, Finisher)}, handing {@code tap} every
   * record the replay reads (of the grown trace, when the scenario grows the traffic), then the end, before the
   * outputs are written.
   */
  public static Result run(TraceSource source, Scenario scenario, PriceCatalog catalog, LocalDate priceDate,
      long seed, Path outDir, RecordTap tap, Finisher finisher) throws IOException {
    return run(source, scenario, catalog, priceDate, seed, outDir, tap, finisher, null);
  }

  /**
   * As {@link #run(TraceSource, Scenario, PriceCatalog, LocalDate, long, Path, RecordTap, Finisher)}, the traffic
   * profile taken from {@code profiled} (null: none) when it profiled the trace this replay reads, at the scenario's
   * window: then the replay reads the trace once, not twice. A grown trace is profiled here, as grown.
   */
  public static Result run(TraceSource source, Scenario scenario, PriceCatalog catalog, LocalDate priceDate,
      long seed, Path outDir, RecordTap tap, Finisher finisher, Profiler profiled) throws IOException {
    TrafficGrowth.Stats growth = null;
    Scenario.Growth g = scenario.trafficGrowth();
    if (g.factor() != 1) {
      TrafficGrowth grown = (TrafficGrowth) TrafficGrowth.of(source, g.factor(), g.seed() == null ? seed : g.seed());
      growth = grown.stats();
      source = grown;
    }
    TrafficProfile traffic = null;
    if (scenario.paths().stream().anyMatch(Replay::needsTraffic)) {
      if (profiled != null && growth == null && profiled.scenario.windowUs() == scenario.windowUs()) {
        traffic = profiled.traffic;
      } else {
        Profiler p = new Profiler(scenario);
        try (TraceReader first = source.openWithoutBlockHashes()) { // the profile counts tokens, not blocks
          while (first.hasNext()) {
            p.accept(first.next());
          }
        }
        traffic = p.traffic;
      }
    }
    try (TraceReader reader = source.open()) {
      return run(reader, traffic, growth, scenario, catalog, priceDate, seed, outDir, tap, finisher);
    }
  }

  /**
   * Replays {@code reader} through {@code scenario}'s paths (at least one), pricing at {@code priceDate}
   * with {@code seed}, and writes the outputs into {@code outDir}. A path that needs a first pass over the
   * trace cannot run from a reader: use {@link #run(TraceSource, Scenario, PriceCatalog, LocalDate, long, Path)}.
   */
  public static Result run(TraceReader reader, Scenario scenario, PriceCatalog catalog, LocalDate priceDate,
      long seed, Path outDir) throws IOException {
    if (scenario.trafficGrowth().factor() != 1) {
      throw new IllegalArgumentException("traffic growth reads the trace twice: replay it from a TraceSource");
    }
    return run(reader, null, null, scenario, catalog, priceDate, seed, outDir, RecordTap.NONE, Finisher.NONE);
  }

  private static boolean needsTraffic(PathConfig p) {
    ClusterConfig c = p.cluster();
    return c != null && ((c.lanes() != null && c.lanes().modelPaths().isEmpty())
        || c.deployments().stream().anyMatch(d -> d.scaling().policy() == Autoscalers.FIXED
            && d.scaling().replicas() == ClusterDefaults.SIZE_FROM_TRAFFIC));
  }

  private static Result run(TraceReader reader, TrafficProfile traffic, TrafficGrowth.Stats growth, Scenario scenario,
      PriceCatalog catalog, LocalDate priceDate, long seed, Path outDir, RecordTap tap, Finisher finisher)
      throws IOException {
    if (scenario.paths().isEmpty()) {
      throw new IllegalArgumentException("a replay needs at least one path");
    }
    TraceMetadata meta = reader.metadata();
    int blockTokens = meta.blockTokens() == null ? 0 : meta.blockTokens();
    if (!reader.hasNext()) {
      throw new TraceInputException(null, reader.location(), null, "the trace has no requests");
    }
    boolean relative = meta.timeOrigin() == TimeOrigin.RELATIVE;
    long shift = relative && scenario.anchorUs() != null ? scenario.anchorUs() : 0;
    scenario = scenario.withBusinessHours(businessHours(scenario, meta));
    TraceRecord raw = reader.next();
    tap.accept(raw);
    TraceRecord firstRead = anchored(raw, shift);
    long origin = firstRead.arrivalUs();
    PurgeNamespaces purges = new PurgeNamespaces(scenario.purges(), origin);
    TraceRecord first = purges.apply(firstRead);
    long[] last = {origin};
    Scenario windowScenario = scenario;
    Iterator<TraceRecord> all = new Iterator<>() {
      TraceRecord pending = first;

      @Override
      public boolean hasNext() {
        return pending != null || reader.hasNext();
      }

      @Override
      public TraceRecord next() {
        TraceRecord r = pending;
        if (r == null) {
          TraceRecord read = reader.next();
          tap.accept(read);
          r = purges.apply(anchored(read, shift));
        }
        pending = null;
        last[0] = r.arrivalUs();
        checkWindows(windowScenario, r.arrivalUs() - origin);
        return r;
      }
    };
    try (OutputDir out = new OutputDir(outDir)) {
      List<PathSimulator> sims = new ArrayList<>();
      List<OutcomeTable> tables = new ArrayList<>();
      List<Path> parts = new ArrayList<>();
      List<PathResult> results = new ArrayList<>();
      try {
        for (int i = 0; i < scenario.paths().size(); i++) {
          PathConfig pc = scenario.paths().get(i);
          UsageLedger ledger = out.closing(new UsageLedger(origin, scenario.windowUs(), origin + 1,
              out.scratchDirectory()));
          PathStats stats = new PathStats();
          Path part = out.scratch("outcomes-" + i + ".parquet");
          OutcomeTable table = new OutcomeTable(part);
          parts.add(part);
          tables.add(table);
          PathFactory.Built built = PathFactory.build(pc, scenario, catalog, priceDate, seed, origin, blockTokens,
              traffic, ledger, table, stats);
          sims.add(built.simulator());
          results.add(new PathResult(pc, stats, ledger, null, built));
        }
        ReplayRunner.run(all, blockTokens, sims, 0);
        tap.end();
      } finally {
        OutputDir.closeEach(tables);
      }
      Map<String, String> footer = new LinkedHashMap<>();
      footer.put("replaygate.version", VERSION);
      footer.put("replaygate.seed", Long.toString(seed));
      footer.put("replaygate.price_date", priceDate.toString());
      Path outcomes = out.file("outcomes.parquet");
      ParquetTable.concat(parts, outcomes, OutcomeTable.COLUMNS, footer);
      List<PathResult> priced = new ArrayList<>();
      List<PathCost> costs = new ArrayList<>();
      for (PathResult r : results) {
        r.ledger().setPeriodEnd(last[0]); // one replayed period for every path: the trace's span
        PathCost cost = null;
        if (PathFactory.priced(r.config())) {
          cost = CostCalculator.cost(r.ledger(), r.config().name(), r.built().terms(), catalog, priceDate);
          costs.add(cost);
        }
        priced.add(new PathResult(r.config(), r.stats(), r.ledger(), cost, r.built()));
      }
      List<ClusterTable.PathRows> clusterRows = new ArrayList<>();
      for (PathResult r : priced) {
        if (r.built().cluster() != null) {
          clusterRows.add(new ClusterTable.PathRows(r.config().name(), r.built().cluster().results()));
        }
      }
      Path cluster = out.file("cluster.parquet");
      ClusterTable.write(cluster, clusterRows, scenario.windowUs(), footer);
      LedgerTable.write(out.file("ledger.parquet"), priced.stream().map(PathResult::ledger).toList(), footer);
      Path costTable = out.file("costs.parquet");
      CostTable.write(costTable, costs, footer);
      WindowsTable.write(out.file("windows.parquet"), outcomes, costTable, cluster,
          priced.stream().map(r -> r.config().name()).toList(), origin, scenario.windowUs());
      ObjectNode summary = summary(priced, scenario, catalog, priceDate, seed, meta, origin, last[0], purges,
          growth);
      Summary.write(summary, out.file("summary.json"));
      long requests = priced.get(0).stats().requests;
      Result result = new Result(priced, requests, origin, last[0], summary);
      finisher.finish(result, out);
      out.commit();
      return result;
    } catch (IOException | RuntimeException e) {
      // The writers' own failures (a full disk under parquet-mr or DuckDB) name no file: name the run directory.
      throw io.replaygate.trace.OutputFailure.rethrow(outDir, e);
    }
  }

  /**
   * Makes the traffic profile (the trace's volume per model path and window, {@link TrafficProfile}) of the records it
   * is handed, in the trace's order, and checks the trace spans no more windows than a ledger holds. {@code run}
   * makes one in a first pass of its own when a path needs it; a caller that reads the same records anyway (without
   * block hashes, the profile counts tokens) can hand them to one and save the replay that pass.
   */
  public static final class Profiler implements java.util.function.Consumer<TraceRecord> {
    private final Scenario scenario;
    private TrafficProfile traffic;

    /** A profile at {@code scenario}'s window (its source names the window in the error for too long a trace). */
    public Profiler(Scenario scenario) {
      this.scenario = scenario;
    }

    @Override
    public void accept(TraceRecord r) {
      if (traffic == null) {
        traffic = new TrafficProfile(r.arrivalUs(), scenario.windowUs());
      }
      checkWindows(scenario, r.arrivalUs() - traffic.originUs());
      traffic.add(r);
    }
  }

  /**
   * The span reached more windows than the cost series may hold: say which window holds the longest trace a reader
   * accepts (a year: 5 minutes, the default, does).
   */
  private static void checkWindows(Scenario scenario, long spanUs) {
    if (spanUs / scenario.windowUs() >= UsageLedger.MAX_WINDOWS) {
      throw tooManyWindows(scenario.source(), scenario.windowUs(), spanUs);
    }
  }

  static ScenarioException tooManyWindows(String source, long windowUs, long spanUs) {
    long yearS = Math.ceilDiv(Math.ceilDiv(io.replaygate.trace.validate.RecordRules.MAX_RELATIVE_SPAN_US,
        UsageLedger.MAX_WINDOWS), 60_000_000L) * 60;
    boolean flag = source == null || source.equals(Scenario.DEFAULTS.source());
    return new ScenarioException(flag ? "--window" : source, 0, flag ? null : "window", String.format(java.util.Locale.US, "the trace spans more than "
        + "%,d windows of %s s (%.1f days so far): the cost and cluster tables have a row per window, so use a longer --window (%d s "
        + "holds a year)", UsageLedger.MAX_WINDOWS, java.math.BigDecimal.valueOf(windowUs, 6).stripTrailingZeros()
        .toPlainString(), spanUs / 86_400e6, yearS));
  }

  /**
   * Business hours: the scenario's, else Mon–Fri 09:00–18:00 in the trace's own time zone (a generated or
   * gateway trace states one), else in UTC.
   */
  public static BusinessHours businessHours(Scenario scenario, TraceMetadata meta) {
    if (scenario.businessHours() != null) {
      return scenario.businessHours();
    }
    BusinessHours d = BusinessHours.DEFAULT;
    return meta.timezone() == null ? d : new BusinessHours(d.days(), d.start(), d.end(), java.time.ZoneId.of(meta.timezone()));
  }

  /** The traffic growth a replay applied, in words: what was replicated, how, and what stayed shared. */
  static String growthAssumption(TrafficGrowth.Stats g) {
    if (g.factor() < 1) {
      return String.format(java.util.Locale.US, "traffic thinned to x%s of the recorded sessions (seed %d): %,d of "
          + "%,d sessions replayed whole (%,d of %,d requests)", java.math.BigDecimal.valueOf(g.factor())
          .stripTrailingZeros().toPlainString(), g.seed(), g.sessionsReplayed(), g.sessionsRecorded(),
          g.requestsReplayed(), g.requestsRecorded());
    }
    return String.format(java.util.Locale.US, "traffic grown x%s from the recorded sessions (seed %d): %,d sessions "
        + "replayed as %,d (%,d requests as %,d); each added copy of a session moves by up to ±%d min within the "
        + "trace's span, keeps the %,d prompt blocks several sessions sent and renames the %,d only one sent",
        java.math.BigDecimal.valueOf(g.factor()).stripTrailingZeros().toPlainString(), g.seed(), g.sessionsRecorded(),
        g.sessionsReplayed(), g.requestsRecorded(), g.requestsReplayed(), TrafficGrowth.SHIFT_US / 60_000_000L,
        g.sharedBlocks(), g.privateBlocks());
  }

  /**
   * Every assumption the results rest on, in words, for the summary, the printed table and the report:
   * model substitution (with its like-for-like comparator), the GPU price picked, cluster terms left at
   * zero, caching not simulated, a relative trace left off the calendar.
   */
  static List<String> assumptions(List<PathResult> results, Scenario scenario, TraceMetadata meta) {
    List<String> out = new ArrayList<>();
    if (meta.blockTokens() == null) {
      out.add("the trace has no block hashes: what prompts share is unknown, so no cache is simulated "
          + "(observed cache usage is billed where the trace has it, otherwise prompts are plain input)");
    }
    if (meta.timeOrigin() == TimeOrigin.RELATIVE && scenario.anchorUs() == null) {
      out.add("relative-time trace not placed on a calendar (no --anchor): business-hours figures are missing");
    }
    io.replaygate.replay.byoc.spec.ModelTable models =
        io.replaygate.replay.byoc.spec.ModelTable.bundled().with(scenario.servingModels());
    for (PathResult r : results) {
      var cluster = r.built().cluster();
      if (cluster == null) {
        continue;
      }
      String path = r.config().name();
      var cfg = cluster.plan().config();
      for (int i = 0; i < cfg.deployments().size(); i++) {
        var d = cfg.deployments().get(i);
        var spec = models.find(d.model()).orElse(null);
        String asked = cluster.requestedModels.isEmpty()
            ? (cfg.fallback() == null ? "the traffic's own models" : cfg.fallback() + " (the path's fallback)")
            : String.join(", ", cluster.requestedModels.keySet());
        String comparator = spec == null || spec.managedEquivalents().isEmpty()
            ? "no managed host of the same model is in the catalog"
            : "compare with managed:" + spec.managedEquivalents().get(0) + ", the same model on a managed host";
        out.add("model substitution: " + path + " serves " + d.model() + " in place of " + asked + "; savings "
            + "against a different model mix a price difference with a quality difference — " + comparator);
        var pool = r.built().pools().get(i);
        StringBuilder band = new StringBuilder();
        for (var b : pool.band()) {
          band.append(band.isEmpty() ? "" : ", ").append(b.pick()).append(' ').append(b.cloud()).append(" $")
              .append(b.usdPerGpuHour().stripTrailingZeros().toPlainString());
        }
        out.add("GPU price: " + path + "/" + d.name() + " pays $" + pool.usdPerGpuHour().stripTrailingZeros()
            .toPlainString() + " per " + pool.gpu() + "-hour " + pool.priceModel() + " (" + pool.pick()
            + (band.isEmpty() ? "" : "; catalog band: " + band) + ")");
        out.add(stepTimeAssumption(path + "/" + d.name(), d));
      }
      List<String> defaulted = defaultedTerms(cfg.terms());
      if (!defaulted.isEmpty()) {
        out.add("full cost of " + path + ": " + String.join(", ", defaulted) + " at replaygate's sourced defaults ("
            + String.join("; ", io.replaygate.replay.byoc.FullCost.SOURCES) + "); set your own under cluster_terms");
      }
      List<String> zero = cfg.terms().termsAtZero();
      if (!zero.isEmpty()) {
        out.add("cluster terms at zero for " + path + ": " + String.join(", ", zero)
            + " (not in its cost; storage matters only with KV tiers below the GPU)");
      }
    }
    return out;
  }

  /**
   * The step time a deployment's simulated throughput, latency and fleet size rest on: the roofline with its
   * parameters and what the defaults were checked against, or the measurements a fitted model came from.
   */
  static String stepTimeAssumption(String where, io.replaygate.replay.byoc.ClusterConfig.Deployment d) {
    var step = d.step();
    if (step.model() == io.replaygate.replay.byoc.step.StepTimeModels.FITTED) {
      return "step time: " + where + " is fitted by least squares to the steps in " + step.measurements().getFileName()
          + " (no roofline)";
    }
    var p = step.roofline();
    boolean defaults = p.equals(io.replaygate.replay.byoc.step.RooflineStepTime.Params.DEFAULT);
    return String.format(java.util.Locale.US, "step time: %s is a roofline (%s): compute at %.0f%% of %s's peak, "
        + "HBM at %.0f%%, %s ms + %s µs per running sequence per step, all-reduces %s µs + their bytes at %.0f%% of "
        + "the link, tp_scaling %s — %s; fit your engine's own steps with step_time: {model: fitted}", where,
        defaults ? "defaults" : "your parameters", 100 * p.computeEfficiency(), d.gpu(), 100 * p.bandwidthEfficiency(),
        num(p.overheadMs()), num(p.cpuUsPerSequence()), num(p.allReduceUs()), 100 * p.linkEfficiency(),
        num(p.tpScaling()), defaults
            ? "the defaults land " + io.replaygate.replay.byoc.step.RooflineStepTime.Params.DEFAULT_VALIDATION
            : "not the published-point fit");
  }

  private static String num(double x) {
    return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }

  /**
   * What a path can prove about a purged tenant's old cache entries: a managed or BYOK provider's cache cannot be
   * purged by its customer, only left to expire ({@code expiry_bound_best_effort}: gone within the provider's TTL,
   * on its word); a cluster the company runs drops the tenant's namespace itself
   * ({@code verified_namespace_invalidation}); a physical purge of the blocks needs the runtime's own confirmation,
   * which only a live cluster can give ({@code verified_physical_purge}, not claimed by a simulation). A path is
   * as strong as the weakest place it served a request: a cluster whose managed fallback served any is
   * expiry-bound for those.
   */
  public static String purgeEvidence(PathResult r) {
    boolean provider = !r.config().profile().cluster()
        || (r.stats().fallback != null && r.stats().fallback.requests > 0);
    return provider ? "expiry_bound_best_effort" : "verified_namespace_invalidation";
  }

  /** The cluster terms a path left at {@link io.replaygate.replay.byoc.FullCost}'s defaults, by their names. */
  static List<String> defaultedTerms(io.replaygate.costmodel.terms.ClusterTerms t) {
    io.replaygate.costmodel.terms.ClusterTerms d = ClusterDefaults.TERMS;
    List<String> out = new ArrayList<>();
    if (t.opsMonthlyUsd().compareTo(d.opsMonthlyUsd()) == 0 && t.opsMonthlyUsd().signum() > 0) {
      out.add("operations");
    }
    if (t.engineeringOneTimeUsd().compareTo(d.engineeringOneTimeUsd()) == 0 && t.engineeringOneTimeUsd().signum() > 0) {
      out.add("engineering");
    }
    if (t.platformFees().equals(d.platformFees()) && !t.platformFees().isEmpty()) {
      out.add("platform_fees");
    }
    if (t.egressUsdPerGb().compareTo(d.egressUsdPerGb()) == 0 && t.egressUsdPerGb().signum() > 0) {
      out.add("egress");
    }
    return out;
  }

  /** A relative-time record placed on the calendar at {@code shiftUs} (0: as it is). */
  private static TraceRecord anchored(TraceRecord r, long shiftUs) {
    if (shiftUs == 0) {
      return r;
    }
    return r.withArrivalUs(Math.addExact(r.arrivalUs(), shiftUs));
  }

  private static ObjectNode summary(List<PathResult> results, Scenario scenario, PriceCatalog catalog,
      LocalDate priceDate, long seed, TraceMetadata meta, long first, long last, PurgeNamespaces purgeState,
      TrafficGrowth.Stats growth) {
    ObjectNode root = Summary.root();
    root.put("replaygate_version", VERSION);
    root.put("seed", seed);
    root.put("price_date", priceDate.toString());
    root.put("catalog_date", catalog.catalogDate().toString());
    root.put("gpu_catalog_date", io.replaygate.costmodel.catalog.GpuCatalog.bundled().catalogDate().toString());
    root.put("scenario", scenario.source());
    ObjectNode trace = root.putObject("trace");
    trace.put("requests", results.get(0).stats().requests);
    trace.put("first_arrival_us", first);
    trace.put("last_arrival_us", last);
    trace.put("source_format", meta.sourceFormat());
    if (meta.blockTokens() == null) {
      trace.putNull("block_tokens");
    } else {
      trace.put("block_tokens", meta.blockTokens());
    }
    trace.put("time_origin", meta.timeOrigin().name().toLowerCase(java.util.Locale.ROOT));
    boolean relative = meta.timeOrigin() == TimeOrigin.RELATIVE;
    if (relative && scenario.anchorUs() != null) {
      trace.put("anchored_at", java.time.Instant.ofEpochSecond(Math.floorDiv(scenario.anchorUs(), 1_000_000L)).toString());
    } else if (scenario.anchorUs() != null) {
      trace.put("anchor_ignored", "the trace has calendar times of its own");
    }
    BusinessHours bh = scenario.businessHours();
    trace.put("business_hours", bh.days().size() + " days a week (" + bh.days().stream().sorted()
        .map(d -> d.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(","))
        + ") " + bh.start() + "–" + bh.end() + " " + bh.zone().getId());
    ObjectNode bhSpec = trace.putObject("business_hours_spec"); // the same hours, for reports to read back
    bh.days().stream().sorted().forEach(d -> bhSpec.withArray("days").add(d.name().toLowerCase(java.util.Locale.ROOT)));
    bhSpec.put("start", bh.start().toString());
    bhSpec.put("end", bh.end().toString());
    bhSpec.put("zone", bh.zone().getId());
    if (relative && scenario.anchorUs() == null) {
      trace.put("business_hours_note", "relative-time trace not placed on a calendar: its clock starts at "
          + "1970-01-01 00:00 UTC (a Thursday night), so business-hours figures mean nothing; set --anchor "
          + "(or anchor: in the scenario) to place it, e.g. 2026-03-02T09:00:00Z");
    }
    if (growth != null) {
      ObjectNode g = trace.putObject("traffic_growth");
      g.put("factor", growth.factor());
      g.put("sessions_recorded", growth.sessionsRecorded());
      g.put("sessions_replayed", growth.sessionsReplayed());
      g.put("requests_recorded", growth.requestsRecorded());
      g.put("requests_replayed", growth.requestsReplayed());
      g.put("shared_blocks", growth.sharedBlocks());
      g.put("private_blocks", growth.privateBlocks());
    }
    trace.put("replayed_hours", results.get(0).ledger().hours());
    trace.put("window_seconds", scenario.windowUs() / 1_000_000.0);
    ObjectNode defs = root.putObject("definitions");
    for (String[] d : Summary.DEFINITIONS) {
      defs.put(d[0], d[1]);
    }
    ArrayNode purges = root.putArray("purges");
    for (Scenario.Purge pg : scenario.purges()) {
      ObjectNode n = purges.addObject();
      long at = pg.at().resolve(first);
      n.put("tenant", pg.tenant());
      n.put("at", java.time.Instant.ofEpochSecond(Math.floorDiv(at, 1_000_000L), Math.floorMod(at, 1_000_000L) * 1000)
          .toString());
      n.put("tenant_requests_after", purgeState.requestsAfter().getOrDefault(pg.tenant(), 0L));
    }
    ArrayNode assumptions = root.putArray("assumptions");
    if (growth != null) {
      assumptions.add(growthAssumption(growth));
    }
    assumptions(results, scenario, meta).forEach(assumptions::add);
    ArrayNode paths = root.putArray("paths");
    for (PathResult r : results) {
      ObjectNode p = paths.addObject();
      p.put("path", r.config().name());
      p.put("profile", r.config().profile().wireName());
      ArrayNode routes = p.putArray("routes");
      r.config().routes().forEach(rc -> {
        ObjectNode n = routes.addObject();
        n.put("model_path", rc.modelPath());
        ArrayNode targets = n.putArray("targets");
        rc.targets().forEach(targets::add);
      });
      p.put("cache", r.config().cacheFamily() == null ? "catalog" : r.config().cacheFamily());
      p.put("purge_evidence", purgeEvidence(r));
      if (r.built().cluster() != null) {
        ClusterSummary.write(p, r.built().cluster(), r.built().pools());
      }
      if (r.built().simulator() instanceof io.replaygate.replay.live.LivePath live) {
        live.writeSummary(p.putObject("live"));
        if (live.stopped()) {
          root.put("partial", "interrupted: live path " + r.config().name() + " stopped sending before the trace ended");
        }
      }
      Summary.path(p, r.stats(), scenario.slo(), r.cost(), r.config().profile() == Scenario.Profile.LIVE
          ? "unpriced: a live path is measured; the cluster's terms are not applied to it yet"
          : "unpriced: ideal and none are ceilings, not providers (set a target with cache: ideal to price one)");
    }
    return root;
  }
}
