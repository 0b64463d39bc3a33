package io.replaygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.gate.GateThresholds;
import io.replaygate.replay.Replay;
import io.replaygate.replay.TraceSource;
import io.replaygate.replay.core.RecordTap;
import io.replaygate.replay.byoc.ClusterConfig;
import io.replaygate.replay.diagnose.Diagnosis;
import io.replaygate.replay.diagnose.ReuseCurve;
import io.replaygate.replay.managed.ObservedRouting;
import io.replaygate.replay.output.Summary;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.Scenario.PathConfig;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.replay.verdict.VerdictDocument;
import io.replaygate.reports.Fmt;
import io.replaygate.reports.HtmlReport;
import io.replaygate.reports.MarkdownSummary;
import io.replaygate.reports.RunData;
import io.replaygate.reports.RunHistory;
import io.replaygate.trace.ProblemSink;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replaygate run}: the gate end to end — diagnose, replay every path over the same traffic, price them,
 * apply the gate, write the run directory ({@code verdict.json}, {@code summary.md}, {@code report.html} and the
 * replay's tables) atomically, append to the run history, and print the verdict.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = {
    "Diagnose, replay every path over the same traffic, price them, apply the gate and write DIR: verdict.json, "
        + "summary.md, report.html, outcomes.parquet, windows.parquet, costs.parquet, ledger.parquet, "
        + "cluster.parquet, summary.json. Appends the run to the run history (DuckDB).",
    "With no arguments: the bundled week (sample:default) through the default scenario — managed:observed "
        + "(each request to the provider and model the trace recorded: today's bill, the baseline), byok:observed "
        + "(the same under your keys at --byok-discount), byoc_dynamo, byoc_epp and hybrid (Llama-3.1-70B FP8 on "
        + "4 x H100, overflow to each request's own managed model), and the same open model on a managed host."},
    footerHeading = "%nExamples:%n", footer = {
        "  replaygate run",
        "  replaygate run trace.parquet --scenario scenario.yaml --out runs/weekly \\", "      --price-date 2026-12-01",
        "  replaygate run trace.parquet --fail-on stay_managed,savings_below:10%%",
        "",
        "Exit codes:",
        "  0  the run completed (whatever the verdict, unless --fail-on matched)",
        "  1  --fail-on matched the verdict (the check failed)",
        "  2  bad usage or bad input (scenario, trace, output directory, history database)",
        "  3  unexpected failure"})
public final class RunCommand implements Callable<Integer> {
  /** Pool sizes (trace blocks) the verdict's reuse curve is given at: half-decades from 100, and unbounded. */
  static final List<Long> CURVE_CAPACITIES = List.of(100L, 300L, 1_000L, 3_000L, 10_000L, 30_000L, 100_000L, 300_000L,
      1_000_000L, 3_000_000L, Long.MAX_VALUE);

  /** The BYOK variant's negotiated discount when neither the flag nor a scenario sets one. */
  static final String DEFAULT_BYOK_DISCOUNT = "10%";

  /** The same, escaped for picocli help text. */
  private static final String DEFAULT_BYOK_HELP = "10%%";

  @Spec
  CommandSpec spec;

  @Mixin
  InputOptions input;

  @Mixin
  CatalogOptions prices;

  @Parameters(paramLabel = "TRACE", arity = "0..*", description = "Trace file(s), or sample:NAME "
      + "(default: sample:default).")
  List<String> positional = new ArrayList<>();

  @Option(names = "--trace", paramLabel = "TRACE", description = "A trace file (repeatable; same as TRACE).")
  List<String> traces = new ArrayList<>();

  @Option(names = "--scenario", paramLabel = "FILE", description = "A scenario file (YAML); without paths of its "
      + "own it runs the default paths.")
  Path scenarioFile;

  @Mixin
  LiveOptions live;

  @Option(names = "--path", paramLabel = "SPEC", description = "Add a path (as replay --path; live:NAME drives a "
      + "registered cluster, and the gate weighs it as the BYOC candidate it measured).")
  List<String> paths = new ArrayList<>();

  @Option(names = "--baseline", paramLabel = "PATH", description = "The path savings are measured against "
      + "(default: managed:observed, else the first priced managed path).")
  String baseline;

  @Option(names = "--byok-discount", paramLabel = "PERCENT", description = "The default BYOK variant's negotiated "
      + "discount (default: " + DEFAULT_BYOK_HELP + ", an assumption the verdict lists).")
  String byokDiscount;

  @Option(names = "--threshold", paramLabel = "NAME=VALUE", description = "Change a gate threshold: materiality, "
      + "confidence_level, slo_tolerance, error_tolerance, utilisation_band, min_blocks.")
  Map<String, String> thresholds = new LinkedHashMap<>();

  @Option(names = "--window", paramLabel = "DURATION", description = "Ledger window (default 5m).")
  String window;

  @Option(names = "--anchor", paramLabel = "INSTANT", description = "Place a relative-time trace on the calendar.")
  String anchor;

  @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<scenario>).")
  Path out;

  @Option(names = "--fail-on", paramLabel = "CONDITION", split = ",", description = "Exit 1 when the verdict "
      + "matches: stay_managed, inconclusive, activate_byoc, activate_hybrid, flipped (differs from the previous "
      + "run of the scenario), savings_below:PCT (the savings estimate under PCT).")
  List<String> failOn = new ArrayList<>();

  @Mixin
  HistoryOptions history;

  @Option(names = "--no-history", description = "Do not append this run to the history.")
  boolean noHistory;

  @Option(names = {"-q", "--quiet"}, description = "Print only the decision line.")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    List<String> conditions = failOnConditions();
    GateThresholds gate = thresholds(thresholds);
    List<String> in = new ArrayList<>(positional);
    in.addAll(traces);
    in = InputOptions.orDefault(in);
    Scenario scenario = scenarioFile != null ? ScenarioLoader.load(scenarioFile) : Scenario.DEFAULTS;
    if (scenarioFile != null) { // before reading any traffic: a mistyped model id is found in a second, not an hour
      ScenarioLoader.checkCatalogIds(scenarioFile, ReplayCommand.catalogProblem(prices.catalog(),
          ReplayCommand.priceDate(prices, scenario)));
    }
    String scenarioName = scenarioFile == null ? "default"
        : scenarioFile.getFileName().toString().replaceFirst("\\.(ya?ml)$", "");
    Path dir = out != null ? out : Path.of("runs", scenarioName);
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserError("--out " + dir + ": exists and is not a directory");
    }
    Path historyFile = noHistory ? null : history.location();
    // A history this run creates is in flight until the run is appended: an interrupted or failed first run leaves
    // no empty database behind.
    List<Path> newHistory = historyFile == null || Files.exists(historyFile) ? List.of()
        : List.of(historyFile, historyFile.resolveSibling(historyFile.getFileName() + ".wal"));
    newHistory.forEach(io.replaygate.trace.InFlight::track);
    if (historyFile != null) {
      RunHistory.open(historyFile, false, m -> progress(m)).close(); // a corrupt or foreign file fails before the run
    }
    PrintWriter o = spec.commandLine().getOut();
    List<String> finalIn = in;
    progress("reading the trace (diagnose pass)");
    // What chooses the paths (models recorded, observed usage) needs no block hashes: this pass, the only one before
    // the replay, leaves them unread. The reuse curve (an LRU stack over every block reference, most of a diagnosis)
    // and the fingerprint take the records the replay reads, on their own thread beside it, and the finisher waits.
    // The replay's traffic profile (what sizes fleets and picks hybrid lanes) counts the same records: made here, it
    // saves the replay a pass of its own.
    Replay.Profiler profiler = new Replay.Profiler(ReplayCommand.placed(scenario, window, anchor));
    TracePass pass = new TracePass(input.open(finalIn, input.readOptions(ProblemSink.FAIL_FAST).withBlockHashes(false)),
        ReuseCurve.Sampling.DEFAULTS, false, profiler);
    List<String> runAssumptions = new ArrayList<>();
    boolean observed = pass.withoutModel == 0;
    BigDecimal discount = ScenarioLoader.fraction("--byok-discount",
        byokDiscount != null ? byokDiscount : DEFAULT_BYOK_DISCOUNT);
    List<String> specs = new ArrayList<>();
    boolean defaultPaths = scenario.paths().isEmpty();
    if (defaultPaths) {
      String managedTarget = observed ? ObservedRouting.TARGET
          : Scenario.DEFAULT_PROVIDER_PATHS.get(0).substring("managed:".length());
      specs.add("managed:" + managedTarget);
      specs.add("byok:" + managedTarget);
      specs.addAll(List.of("byoc_dynamo", "byoc_epp", "hybrid"));
      if (!observed) {
        runAssumptions.add(String.format(Locale.US, "%,d of %,d requests record no model: the baseline sends all "
            + "traffic to %s instead of each request's own model", pass.withoutModel, pass.conc.requests(),
            managedTarget));
      }
      if (byokDiscount == null) {
        runAssumptions.add("the BYOK variant assumes a " + DEFAULT_BYOK_DISCOUNT + " negotiated discount on list "
            + "prices (set --byok-discount, or terms in a scenario)");
      }
    }
    specs.addAll(paths);
    if (live.limit != null || live.duration != null || live.sample != null || live.dryRun) {
      throw new UserError("--limit, --duration, --sample and --dry-run select or plan a replay: use replaygate replay "
          + "(run decides on the whole trace)");
    }
    List<String> liveSpecs = specs.stream().filter(s -> s.startsWith("live:")).toList();
    specs.removeAll(liveSpecs);
    // In the default scenario a cluster's overflow goes to each request's own managed model.
    List<PathConfig> quick = ReplayCommand.quickPaths(specs, discount, scenario,
        pc -> pc.cluster() != null && observed && defaultPaths ? withFallback(pc, ObservedRouting.TARGET) : pc);
    for (String s : liveSpecs) {
      quick.add(live.path(s.substring("live:".length())));
    }
    if (defaultPaths && observed && pass.withObservedUsage > 0) {
      // The bill as it was: the same routing priced from the usage the trace recorded, beside the simulated one.
      PathConfig base = ScenarioLoader.quickPath("managed:" + ObservedRouting.TARGET, null);
      quick.add(new PathConfig(VerdictDocument.recordedUsagePath(base.name()), base.profile(), base.routes(), "recorded",
          base.tier(), base.terms(), null));
    }
    String comparator = ReplayCommand.sameModelComparator(quick, scenario);
    if (comparator != null) {
      quick.add(ScenarioLoader.quickPath(comparator, discount, scenario.slo().ttftMs()));
    }
    scenario = scenario.withPaths(quick);
    scenario = ReplayCommand.placed(scenario, window, anchor);
    String base = baseline != null ? baseline : defaultBaseline(scenario);
    if (scenario.paths().stream().noneMatch(p -> p.name().equals(base))) {
      throw new UserError("--baseline " + base + ": no such path (paths: " + String.join(", ",
          scenario.paths().stream().map(PathConfig::name).toList()) + ")");
    }
    long seed = ReplayCommand.seed(spec, input, scenario);
    PriceCatalog catalog = prices.catalog();
    LocalDate date = ReplayCommand.priceDate(prices, scenario);
    String scenarioSha = scenarioSha(scenario, base, discount, gate, seed);
    String traceNames = String.join(" ", finalIn.stream().map(s -> Path.of(s).getFileName() == null ? s
        : s.startsWith("sample:") ? s : Path.of(s).getFileName().toString()).toList());
    String finalScenarioSha = scenarioSha;
    JsonNode withoutPurge = null;
    if (!scenario.purges().isEmpty()) {
      // What the purges cost: the same run without them, measured first (its outputs are not kept).
      progress("replaying without the purge events (to measure what they cost)");
      Path work = io.replaygate.trace.InFlight.track(Files.createTempDirectory("replaygate-purge-"));
      try {
        withoutPurge = Replay.run(TraceSource.of(hashes -> input.open(finalIn,
                input.readOptions(ProblemSink.FAIL_FAST).withBlockHashes(hashes))),
            scenario.withPurges(List.of()), catalog, date, seed, work.resolve("run")).summary();
      } finally {
        io.replaygate.trace.InFlight.discard(work);
      }
    }
    JsonNode counterfactual = withoutPurge;
    // The bar follows the replay's own pass (the one reading block hashes, where the time goes); a first pass that
    // sizes a fleet or picks hybrid lanes reads arrivals and tokens only, in seconds, and is announced, not counted.
    Progress bar = new Progress(pass.conc.requests(), spec.commandLine().getErr(), quiet);
    // A grown trace's records are not the input's: then the curve and the fingerprint read the input themselves.
    boolean shareRead = scenario.trafficGrowth().factor() == 1;
    TracePass.Tap tap = shareRead ? new TracePass.Tap("reuse-curve", pass.metadata, pass.blockTokens,
        ReuseCurve.Sampling.DEFAULTS) : null;
    java.util.concurrent.FutureTask<TracePass.Full> full = shareRead ? null : new java.util.concurrent.FutureTask<>(
        () -> TracePass.fullOf(input.open(finalIn, input.readOptions(ProblemSink.FAIL_FAST)), pass.blockTokens,
            ReuseCurve.Sampling.DEFAULTS));
    if (full != null) {
      Thread reader = new Thread(full, "reuse-curve");
      reader.setDaemon(true);
      reader.start();
    }
    ObjectNode[] verdict = new ObjectNode[1];
    Replay.Result result;
    try {
      result = Replay.run(TraceSource.of(hashes -> {
            TraceReader r = input.open(finalIn, input.readOptions(ProblemSink.FAIL_FAST).withBlockHashes(hashes));
            if (hashes) {
              return bar.counting(r);
            }
            progress("sizing the fleets and lanes from the traffic (a first pass, without block hashes)");
            return r;
          }),
          scenario, catalog, date, seed, dir, tap != null ? tap : RecordTap.NONE, (res, outDir) -> {
            VerdictDocument.Decision d;
            try {
              d = VerdictDocument.decide(res, base, gate);
            } catch (IllegalArgumentException e) {
              throw new UserError("--baseline " + base + ": " + e.getMessage());
            }
            Map<String, Double> capture = new LinkedHashMap<>();
            capture.put(base, d.baseline().stats().tokenHitRatio());
            pass.complete(tap != null ? tap.await() : TracePass.await(full));
            JsonNode diagnosis = pass.diagnose(CURVE_CAPACITIES, capture,
                Diagnosis.Thresholds.DEFAULTS).json();
            var prov = new VerdictDocument.Provenance(pass.fingerprint, scenarioName, finalScenarioSha, traceNames);
            verdict[0] = VerdictDocument.build(res, d, gate, prov, diagnosis, runAssumptions, counterfactual);
            Summary.write(verdict[0], outDir.file("verdict.json"));
            Files.writeString(outDir.file("summary.md"), MarkdownSummary.render(verdict[0]), StandardCharsets.UTF_8);
            Path html = outDir.file("report.html");
            Files.writeString(html, HtmlReport.render(RunData.read(dir, outDir::written)), StandardCharsets.UTF_8);
          }, profiler);
    } finally {
      bar.close();
      if (tap != null) { // done already, or the run failed: stop
        tap.cancel();
      } else {
        full.cancel(true);
      }
    }
    RunHistory.Appended appended = null;
    if (historyFile != null) {
      try (RunHistory h = RunHistory.open(historyFile, false, m -> progress(m))) {
        appended = h.append(verdict[0], dir, Instant.now());
      }
      newHistory.forEach(io.replaygate.trace.InFlight::done);
    }
    print(o, result, verdict[0], appended, dir);
    String matched = matched(conditions, verdict[0], appended);
    if (matched != null) {
      spec.commandLine().getErr().println("replaygate: --fail-on " + matched);
      spec.commandLine().getErr().flush();
      return ExitCode.CHECK_FAILED;
    }
    return ExitCode.OK;
  }

  private void progress(String message) {
    if (!quiet) {
      spec.commandLine().getErr().println("replaygate: " + message);
      spec.commandLine().getErr().flush();
    }
  }

  /** managed:observed when the run has it, else the first priced managed path. */
  static String defaultBaseline(Scenario scenario) {
    String observed = "managed:" + ObservedRouting.TARGET;
    if (scenario.paths().stream().anyMatch(p -> p.name().equals(observed))) {
      return observed;
    }
    return scenario.paths().stream()
        .filter(p -> p.profile() == Scenario.Profile.MANAGED && io.replaygate.replay.scenario.PathFactory.priced(p))
        .map(PathConfig::name).findFirst()
        .orElseThrow(() -> new UserError("the run has no priced managed path to measure savings against "
            + "(add one, e.g. --path managed:observed, or set --baseline)"));
  }

  private static PathConfig withFallback(PathConfig pc, String fallback) {
    ClusterConfig c = pc.cluster();
    return new PathConfig(pc.name(), pc.profile(), pc.routes(), pc.cacheFamily(), pc.tier(), pc.terms(), pc.keyQuota(),
        new ClusterConfig(c.deployments(), c.gateway(), fallback, c.overflow(), c.lanes(), c.terms(),
            c.egressBytesPerOutputToken()));
  }

  /** SHA-256 of the scenario file and every option that shapes the run (the default scenario: its options). */
  private String scenarioSha(Scenario s, String base, BigDecimal discount, GateThresholds t, long seed)
      throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    if (scenarioFile != null) {
      md.update(Files.readAllBytes(scenarioFile));
    }
    String options = String.join("\n", "paths=" + String.join(",", s.paths().stream().map(PathConfig::name).toList()),
        "baseline=" + base, "byok_discount=" + discount.stripTrailingZeros().toPlainString(),
        "window_us=" + s.windowUs(), "anchor_us=" + s.anchorUs(), "thresholds=" + String.join(",", List.of(Double.toString(t.materiality()),
            Double.toString(t.confidenceLevel()), Double.toString(t.sloTolerance()), Double.toString(t.errorTolerance()),
            Double.toString(t.utilisationBand()), Integer.toString(t.blockWindows()), Integer.toString(t.resamples()),
            Long.toString(t.seed()), Integer.toString(t.minBlocks()))), "seed=" + seed,
        "overrides=" + (prices.overrides == null ? "" : prices.overrides.getFileName()));
    md.update(options.getBytes(StandardCharsets.UTF_8));
    if (prices.overrides != null) {
      md.update(Files.readAllBytes(prices.overrides));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The gate's thresholds with {@code --threshold NAME=VALUE} changes (plan shares them). */
  static GateThresholds thresholds(Map<String, String> thresholds) {
    try {
      return GateThresholds.of(thresholds);
    } catch (IllegalArgumentException e) {
      throw new UserError("--threshold " + e.getMessage());
    }
  }

  /** The known --fail-on conditions, checked before anything runs. */
  private List<String> failOnConditions() {
    List<String> out = new ArrayList<>();
    for (String c : failOn) {
      String s = c.strip();
      if (s.startsWith("savings_below:")) {
        try {
          ScenarioLoader.fraction("--fail-on", s.substring("savings_below:".length()));
        } catch (RuntimeException e) {
          throw new UserError("--fail-on " + s + ": expected savings_below:PCT such as savings_below:15%");
        }
      } else if (!List.of("stay_managed", "inconclusive", "activate_byoc", "activate_hybrid", "flipped").contains(s)) {
        throw new UserError("--fail-on: unknown condition '" + s + "' (known: stay_managed, inconclusive, "
            + "activate_byoc, activate_hybrid, flipped, savings_below:PCT)");
      }
      out.add(s);
    }
    return out;
  }

  /** The first condition the verdict matches, in words, or null. */
  static String matched(List<String> conditions, JsonNode v, RunHistory.Appended appended) {
    String decision = v.path("decision").asText();
    for (String c : conditions) {
      if (c.equals(decision)) {
        return c + ": the verdict is " + decision;
      }
      if (c.equals("flipped") && appended != null && appended.flipped()) {
        return "flipped: the verdict is " + decision + ", the previous run of this scenario said "
            + appended.previousDecision();
      }
      if (c.startsWith("savings_below:")) {
        double limit = ScenarioLoader.fraction("--fail-on", c.substring("savings_below:".length())).doubleValue();
        JsonNode est = v.path("savings").path("estimate");
        if (!est.isNumber() || est.asDouble() < limit) {
          return c + ": savings " + (est.isNumber() ? Fmt.pct(est.asDouble()) : "unmeasured (no candidate)")
              + " below " + Fmt.pct(limit);
        }
      }
    }
    return null;
  }

  private void print(PrintWriter w, Replay.Result result, JsonNode v, RunHistory.Appended appended, Path dir) {
    if (!quiet) {
      JsonNode s = result.summary();
      w.printf(Locale.US, "replayed %,d requests over %.1f h (seed %d, prices of %s) -> %s%n", result.requests(),
          s.path("trace").path("replayed_hours").asDouble(), s.path("seed").asLong(), s.path("price_date").asText(), dir);
      Map<String, JsonNode> intervals = new LinkedHashMap<>();
      v.path("candidates").forEach(c -> intervals.put(c.path("path").asText(), c.path("savings")));
      String fmt = "%-44s %10s %10s %30s %7s %7s %9s%n";
      w.printf(Locale.US, fmt, "path", "cost", "per month", "savings vs baseline", "SLO", "errors", "util (bh)");
      for (JsonNode p : v.path("paths")) {
        String name = p.path("path").asText();
        String savings = name.equals(v.path("baseline").asText()) ? "baseline"
            : intervals.containsKey(name) ? Fmt.interval(intervals.get(name)) : Fmt.pct(p.path("savings_vs_baseline"));
        w.printf(Locale.US, fmt, name, Fmt.usd(p.path("cost_usd")), Fmt.usd(p.path("monthly_usd")), savings,
            Fmt.pct(p.path("slo_attainment")), Fmt.pct(p.path("error_rate")),
            Fmt.pct(p.path("business_hours_capacity_utilization")));
      }
      if (v.path("assumptions").size() > 0) {
        w.println("assumptions: " + v.path("assumptions").size() + " (verdict.json, summary.md, report.html list them)");
      }
      for (JsonNode warning : v.path("baseline_check").path("warnings")) {
        w.println("warning: " + warning.asText());
      }
      if (appended != null) {
        w.printf(Locale.US, "history: run %d%s%n", appended.run(), appended.flipped()
            ? " — FLIPPED (the previous run of this scenario said " + appended.previousDecision() + ")" : "");
      }
    }
    w.println("verdict: " + v.path("decision").asText() + (v.path("lanes").size() > 0 ? " " + v.path("lanes") : "")
        + " — " + v.path("main_reason").asText());
    w.flush();
  }

  /**
   * Progress over the records the replay's pass reads: a bar on a terminal, a line every 10% otherwise; the elapsed
   * time and the ETA count from that pass's first record.
   */
  static final class Progress implements AutoCloseable {
    private final long total;
    private final PrintWriter err;
    private final boolean silent;
    private long started;
    private final me.tongfei.progressbar.ProgressBar bar;
    private long read;
    private int lastDecile;

    Progress(long total, PrintWriter err, boolean quiet) {
      this.total = Math.max(1, total);
      this.err = err;
      this.silent = quiet;
      boolean terminal = Terminal.interactive();
      this.bar = quiet || !terminal ? null : new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("replaying")
          .setInitialMax(this.total).setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
          .build();
    }

    TraceReader counting(TraceReader r) {
      return new TraceReader() {
        @Override
        public io.replaygate.trace.TraceMetadata metadata() {
          return r.metadata();
        }

        @Override
        public String location() {
          return r.location();
        }

        @Override
        public void close() {
          r.close();
        }

        @Override
        public boolean hasNext() {
          return r.hasNext();
        }

        @Override
        public TraceRecord next() {
          TraceRecord x = r.next();
          step();
          return x;
        }
      };
    }

    private void step() {
      if (read++ == 0) {
        started = System.nanoTime();
      }
      if (bar != null) {
        if ((read & 1023) == 0) {
          bar.stepTo(Math.min(read, total));
        }
        return;
      }
      int decile = (int) Math.min(10, read * 10 / total);
      if (!silent && decile > lastDecile) {
        lastDecile = decile;
        double s = (System.nanoTime() - started) / 1e9;
        double eta = s * (total - Math.min(read, total)) / Math.min(read, total);
        err.printf(Locale.US, "replaygate: replaying %d%% (%,d of %,d records read), %.0f s, ETA %.0f s%n",
            decile * 10, Math.min(read, total), total, s, eta);
        err.flush();
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.stepTo(total);
        bar.close();
      }
    }
  }
}
