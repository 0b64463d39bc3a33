package io.replaygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.replay.Replay;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.Scenario.PathConfig;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.ProblemSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate replay}: a trace through managed and BYOK paths, side by side. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate replay --out runs/replay", "  replaygate replay trace.parquet --out runs/byoc \\", "      --path byoc_dynamo:llama-3.1-70b --window 1m", "  replaygate replay trace.parquet --out runs/live --path live:lab \\", "      --speedup 10 --limit 500"},
    description = {"Replay trace(s) through execution paths side by side (one pass) and write outcomes.parquet, "
        + "ledger.parquet, costs.parquet and summary.json into --out.",
        "Quick use needs no file: --path managed:anthropic/claude-sonnet-4-5 --path byok:openai/gpt-5 "
            + "--byok-discount 20%% --path managed:ideal. A --scenario file (YAML, see examples/) sets "
            + "everything: paths, routing, terms, cache semantics, rate limits, outages, SLOs.",
        "Without --path or a scenario's paths: " + "managed:anthropic/claude-sonnet-4-5, managed:openai/gpt-5, "
            + "managed:ideal."})
public final class ReplayCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  InputOptions input;

  @Mixin
  CatalogOptions prices;

  @Parameters(paramLabel = "TRACE", arity = "0..*",
      description = "Trace file(s) of any known format, or sample:NAME (default: sample:default).")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--path", paramLabel = "SPEC",
      description = "A path PROFILE:TARGET, e.g. managed:anthropic/claude-sonnet-4-5, byok:openai/gpt-5, "
          + "managed:ideal (the reuse ceiling), or a default GPU cluster: byoc_dynamo, byoc_epp, hybrid "
          + "(Llama-3.1-70B FP8 on 4 x H100 per replica, replicas sized from the traffic, overflow to "
          + "anthropic/claude-sonnet-4-5), or live:NAME, a registered and active cluster (replaygate clusters) "
          + "driven with the trace's traffic. Repeatable; added to the scenario's paths.")
  List<String> paths = new ArrayList<>();

  @Option(names = "--scenario", paramLabel = "FILE", description = "A scenario file (YAML).")
  Path scenarioFile;

  @Option(names = "--byok-discount", paramLabel = "PERCENT",
      description = "Negotiated discount of quick byok paths, e.g. 20%% (default: none).")
  String byokDiscount;

  @Option(names = "--window", paramLabel = "DURATION",
      description = "Ledger window, e.g. 5m (default: the scenario's, else 5m).")
  String window;

  @Option(names = "--anchor", paramLabel = "INSTANT",
      description = "Place a relative-time trace (Mooncake, WEKA, Bailian) on the calendar: its first arrival at "
          + "this instant, e.g. 2026-03-02T09:00:00Z (default: the scenario's anchor, else not placed).")
  String anchor;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for the outputs.")
  Path out;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
  boolean quiet;

  @Mixin
  LiveOptions live;

  @Override
  public Integer call() throws IOException {
    if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
      throw new UserError("--out " + out + ": exists and is not a directory");
    }
    Scenario scenario = scenarioFile != null ? ScenarioLoader.load(scenarioFile) : Scenario.DEFAULTS;
    BigDecimal discount = byokDiscount == null ? null : ScenarioLoader.fraction("--byok-discount", byokDiscount);
    List<String> specs = paths.isEmpty() && scenario.paths().isEmpty() ? Scenario.DEFAULT_PATHS : paths;
    List<PathConfig> quick = quickPaths(specs.stream().filter(s -> !s.startsWith("live:")).toList(), discount,
        scenario, p -> p);
    for (String s : specs) {
      if (s.startsWith("live:")) {
        quick.add(live.path(s.substring("live:".length())));
      }
    }
    String comparator = sameModelComparator(quick, scenario);
    if (comparator != null) {
      quick.add(ScenarioLoader.quickPath(comparator, discount, scenario.slo().ttftMs()));
    }
    scenario = scenario.withPaths(quick);
    scenario = placed(scenario, window, anchor);
    long seed = seed(spec, input, scenario);
    PriceCatalog catalog = prices.catalog();
    LocalDate date = priceDate(prices, scenario);
    if (scenarioFile != null) {
      ScenarioLoader.checkCatalogIds(scenarioFile, ReplayCommand.catalogProblem(catalog, date));
    }
    List<String> in = InputOptions.orDefault(inputs);
    SelectingReader.Selection selection = live.selection(seed);
    if (live.dryRun) {
      dryRun(scenario, catalog, date, in, selection);
      return ExitCode.OK;
    }
    Replay.Result result = Replay.run(() -> selected(input.open(in, input.readOptions(ProblemSink.FAIL_FAST)),
        selection), scenario, catalog, date, seed, out);
    if (!selection.all() && !quiet) {
      spec.commandLine().getOut().println("replayed " + selection.describe() + " (" + result.requests() + " requests)");
    }
    if (!quiet) {
      print(result, spec.commandLine().getOut());
    }
    return ExitCode.OK;
  }

  /** {@code --dry-run}: each live path's plan — requests, how long, the worst case it could cost — and nothing sent. */
  private static io.replaygate.trace.TraceReader selected(io.replaygate.trace.TraceReader r,
      SelectingReader.Selection s) {
    return s.all() ? r : new SelectingReader(r, s);
  }

  private void dryRun(Scenario scenario, PriceCatalog catalog, LocalDate date, List<String> in,
      SelectingReader.Selection selection) throws IOException {
    long n = 0;
    long input = 0;
    long output = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    try (io.replaygate.trace.TraceReader r = selected(input(in), selection)) {
      while (r.hasNext()) {
        io.replaygate.trace.TraceRecord t = r.next();
        n++;
        input += t.inputTokens();
        output += Math.max(1, t.outputTokens());
        first = Math.min(first, t.arrivalUs());
        last = Math.max(last, t.arrivalUs());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    double span = n == 0 ? 0 : (last - first) / 1e6;
    for (PathConfig p : scenario.paths()) {
      if (p.live() == null) {
        continue;
      }
      var lc = p.live();
      out.printf(java.util.Locale.US, "dry run: %s -> %s (model %s, %s): %d requests, %,d prompt and %,d output tokens, "
          + "%.0f s of trace in %.0f s at --speedup %s, at most %d in flight%n", p.name(), lc.target().baseUrl(),
          lc.target().model(), lc.api().name().toLowerCase(java.util.Locale.ROOT), n, input, output, span,
          span / lc.speedup(), lc.speedup(), lc.maxConcurrency());
      if (lc.target().pricedAs() != null) {
        var cap = new io.replaygate.replay.live.SpendCap(lc.maxSpendUsd() != null ? lc.maxSpendUsd() : Double.MAX_VALUE,
            catalog.at(lc.target().pricedAs(), date).prices());
        out.printf(java.util.Locale.US, "  billed as %s at the %s list prices: worst case %s (every prompt token at "
            + "the dearest input price, every recorded output token)%s%n", lc.target().pricedAs(), date,
            io.replaygate.reports.Fmt.usd(cap.worstCase(input, output)), lc.maxSpendUsd() == null
                ? "; --max-spend-usd is required to send" : "; cap " + io.replaygate.reports.Fmt.usd(lc.maxSpendUsd()));
      }
    }
    out.println("nothing was sent");
    out.flush();
  }

  private io.replaygate.trace.TraceReader input(List<String> in) {
    return input.open(in, input.readOptions(ProblemSink.FAIL_FAST));
  }

  /**
   * The quick paths {@code specs} name, each through {@code adjust}; a name the scenario or an earlier spec
   * already has is an error.
   */
  static List<PathConfig> quickPaths(List<String> specs, BigDecimal discount, Scenario scenario,
      java.util.function.UnaryOperator<PathConfig> adjust) {
    List<PathConfig> quick = new ArrayList<>();
    for (String s : specs) {
      PathConfig pc = adjust.apply(ScenarioLoader.quickPath(s, discount, scenario.slo().ttftMs()));
      if (scenario.paths().stream().anyMatch(p -> p.name().equals(pc.name()))
          || quick.stream().anyMatch(p -> p.name().equals(pc.name()))) {
        throw new UserError("--path " + s + " is given twice");
      }
      quick.add(pc);
    }
    return quick;
  }

  /** The seed: {@code --seed} when given, else the scenario's, else the default. */
  static long seed(CommandSpec spec, InputOptions input, Scenario scenario) {
    boolean given = spec.commandLine().getParseResult().hasMatchedOption("--seed");
    return given || scenario.seed() == null ? input.seed : scenario.seed();
  }

  /** The scenario with the command line's {@code --window} and {@code --anchor} (each null: as it is). */
  static Scenario placed(Scenario scenario, String window, String anchor) {
    if (window != null) {
      scenario = scenario.withWindowUs(ScenarioLoader.duration("--window", window));
    }
    if (anchor != null) {
      scenario = scenario.withAnchorUs(ScenarioLoader.parseAnchor(anchor, m -> new UserError("--anchor: " + m)));
    }
    return scenario;
  }

  /** What the catalog says of a catalog id at the price date: null when it prices it. */
  static java.util.function.Function<String, String> catalogProblem(PriceCatalog catalog, LocalDate date) {
    return id -> {
      try {
        catalog.at(id, date);
        return null;
      } catch (io.replaygate.costmodel.catalog.CatalogException e) {
        return e.problem();
      }
    };
  }

  /** The price date: {@code --price-date}, else the scenario's, else today (UTC). */
  static LocalDate priceDate(CatalogOptions prices, Scenario scenario) {
    return prices.date(scenario.priceDate());
  }

  /**
   * The like-for-like comparator quick BYOC paths get: the default cluster serves an open-weights model
   * (Llama-3.1-70B), so beside it runs the same model on a managed host from the catalog — unless a path
   * already targets it. Null when no quick cluster path is asked for.
   */
  static String sameModelComparator(List<PathConfig> quick, Scenario scenario) {
    if (quick.stream().noneMatch(p -> p.profile().cluster())) {
      return null;
    }
    var model = io.replaygate.replay.byoc.spec.ModelTable.bundled().with(scenario.servingModels())
        .find(io.replaygate.replay.byoc.ClusterDefaults.DEPLOYMENT.model());
    if (model.isEmpty() || model.get().managedEquivalents().isEmpty()) {
      return null;
    }
    String spec = "managed:" + model.get().managedEquivalents().get(0);
    boolean present = java.util.stream.Stream.concat(scenario.paths().stream(), quick.stream())
        .anyMatch(p -> p.name().equals(spec));
    return present ? null : spec;
  }

  private void print(Replay.Result r, PrintWriter w) {
    JsonNode s = r.summary();
    w.printf("replayed %,d requests over %.2f h (seed %d, prices of %s) -> %s%n", r.requests(),
        s.path("trace").path("replayed_hours").asDouble(), s.path("seed").asLong(), s.path("price_date").asText(), out);
    String fmt = "%-44s %9s %9s %14s %10s %10s %7s %7s %8s%n";
    w.printf(fmt, "path", "hit ratio", "writes", "cost USD", "$/MTok", "TTFT p95", "SLO", "errors", "cap util");
    for (JsonNode p : s.path("paths")) {
      JsonNode cost = p.path("cost_usd");
      w.printf(fmt, p.path("path").asText(), String.format("%.4f", p.path("token_hit_ratio").asDouble()),
          compact(p.path("cache_write_tokens").asLong()),
          cost.isNull() ? "unpriced" : String.format("%,.2f", cost.asDouble()),
          p.path("usd_per_million_tokens").isMissingNode() || p.path("usd_per_million_tokens").isNull() ? "-"
              : String.format("%.3f", p.path("usd_per_million_tokens").asDouble()),
          p.path("latency_ms").path("ttft_p95").isNull() ? "-"
              : String.format("%.0f ms", p.path("latency_ms").path("ttft_p95").asDouble()),
          String.format("%.1f%%", 100 * p.path("slo").path("attainment").asDouble()),
          String.format("%.2f%%", 100 * p.path("error_rate").asDouble()),
          p.path("capacity_utilization").isMissingNode() || p.path("capacity_utilization").isNull() ? "-"
              : String.format("%.1f%%", 100 * p.path("capacity_utilization").asDouble()));
      for (String part : new String[] {"cluster_served", "fallback_served"}) {
        JsonNode q = p.path(part);
        if (q.isMissingNode()) {
          continue;
        }
        w.printf(fmt, String.format("  %s (%,d req)", part.replace('_', '-'), q.path("requests").asLong()),
            String.format("%.4f", q.path("token_hit_ratio").asDouble()), compact(q.path("cache_write_tokens").asLong()),
            "", "", q.path("latency_ms").path("ttft_p95").isNull() ? "-"
                : String.format("%.0f ms", q.path("latency_ms").path("ttft_p95").asDouble()),
            String.format("%.1f%%", 100 * q.path("slo").path("attainment").asDouble()), "", "");
      }
    }
    JsonNode assumptions = s.path("assumptions");
    if (assumptions.size() > 0) {
      w.println("assumptions:");
      for (JsonNode a : assumptions) {
        w.println("  - " + a.asText());
      }
    }
    w.flush();
  }

  private static String compact(long n) {
    return n >= 10_000_000 ? String.format("%.1fM", n / 1e6) : n >= 10_000 ? String.format("%.1fk", n / 1e3)
        : Long.toString(n);
  }
}
