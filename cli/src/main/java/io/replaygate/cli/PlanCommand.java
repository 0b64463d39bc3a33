package io.replaygate.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.costmodel.gate.GateThresholds;
import io.replaygate.replay.TraceSource;
import io.replaygate.replay.managed.ObservedRouting;
import io.replaygate.replay.output.OutputDir;
import io.replaygate.replay.plan.CellResult;
import io.replaygate.replay.plan.PlanDimension;
import io.replaygate.replay.plan.PlanSpec;
import io.replaygate.replay.plan.PlanTable;
import io.replaygate.replay.plan.Planner;
import io.replaygate.replay.plan.ReplayCell;
import io.replaygate.replay.scenario.PlanLoader;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.reports.Fmt;
import io.replaygate.reports.PlanReport;
import io.replaygate.trace.InFlight;
import io.replaygate.trace.ProblemSink;
import io.replaygate.trace.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * {@code replaygate plan}: capacity planning against the gate — every configuration a plan file describes replayed
 * beside the managed baseline, the cheapest that passes every gate rule and the cost/SLO frontier written to a plan
 * directory ({@code plan.parquet}, {@code plan.md}, {@code plan.html}, {@code winner.yaml}).
 */
@Command(name = "plan", mixinStandardHelpOptions = true, description = {
    "Find the cheapest fleet that passes the gate: replay every configuration a plan file describes (GPU, "
        + "tensor_parallel, replicas, router, eviction, price_model, cloud, host_kv_gb, max_batch_tokens, price_date) "
        + "beside the managed baseline, through the gate run applies. A replica range {min, max} is bisected for the "
        + "smallest fleet meeting the SLO; fleets that cannot hold the model are pruned; a grid larger than the "
        + "budget is sampled with the plan's seed.",
    "Writes DIR: plan.parquet (one row per configuration), plan.md and plan.html (the winner, the frontier of "
        + "monthly cost against SLO attainment, a chart), winner.yaml (the winner's scenario, for run --scenario)."},
    footerHeading = "%nExamples:%n", footer = {
        "  replaygate plan examples/plan.yaml",
        "  replaygate plan examples/plan.yaml trace.parquet --out plans/q1 --workers 8 \\",
        "      --price-date 2026-12-01",
        "",
        "Exit codes:",
        "  0  the plan ran (whether or not a configuration passes; cells that failed are in the table)",
        "  2  bad usage or bad input (plan, scenario, trace, output directory)",
        "  3  unexpected failure"})
public final class PlanCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  InputOptions input;

  @Mixin
  CatalogOptions prices;

  @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file (YAML; see examples/plan.yaml).")
  Path planFile;

  @Parameters(index = "1..*", paramLabel = "TRACE", arity = "0..*", description = "Trace file(s), or sample:NAME "
      + "(default: sample:default).")
  List<String> traces = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "Plan directory (default: plans/<plan>).")
  Path out;

  @Option(names = "--workers", paramLabel = "N", description = "Configurations replayed at once (default: the "
      + "machine's cores).")
  Integer workers;

  @Option(names = "--threshold", paramLabel = "NAME=VALUE", description = "Change a gate threshold, as run does.")
  Map<String, String> thresholds = new LinkedHashMap<>();

  @Option(names = {"-q", "--quiet"}, description = "Print only the winner line.")
  boolean quiet;

  @Override
  public Integer call() throws IOException, InterruptedException {
    GateThresholds gate = RunCommand.thresholds(thresholds);
    int threads = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
    if (threads < 1) {
      throw new UserError("--workers: at least 1, got " + threads);
    }
    List<String> in = InputOptions.orDefault(traces);
    TraceSource source = () -> input.open(in, input.readOptions(ProblemSink.FAIL_FAST));
    PlanSpec plan = PlanLoader.load(planFile, defaultBase(source), input.seed);
    String name = planFile.getFileName().toString().replaceFirst("\\.(ya?ml)$", "");
    Path dir = out != null ? out : Path.of("plans", name);
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserError("--out " + dir + ": exists and is not a directory");
    }
    // As run: --price-date, else the scenario's; a varied price_date is the cell's own.
    boolean variesDate = plan.axes().stream().anyMatch(a -> a.dimension() == PlanDimension.PRICE_DATE);
    java.util.function.Function<Scenario, LocalDate> dateOf = s -> variesDate ? s.priceDate() : prices.date(s.priceDate());
    PrintWriter err = spec.commandLine().getErr();
    int perGroup = Planner.replaysPerGroup(plan);
    int gridSize = Planner.grid(plan).size();
    int groups = Planner.sample(plan, gridSize).size();
    progress(String.format(Locale.US, "plan: %s against %s over %s — %,d of %,d combinations, at most %,d replays on "
        + "%d worker%s", plan.path(), plan.baseline(), String.join(", ", PlanTable.dimensions(plan)), groups, gridSize,
        groups * perGroup, threads, threads == 1 ? "" : "s"));
    Path work = InFlight.track(Files.createTempDirectory("replaygate-plan-"));
    Planner.Outcome outcome;
    long started = System.nanoTime();
    try {
      ReplayCell runner = new ReplayCell(source, prices.catalog(), dateOf, gate, plan.baseline(), plan.path(), work);
      outcome = Planner.run(plan, runner, threads, (r, done, planned) -> {
        double s = (System.nanoTime() - started) / 1e9;
        progress(String.format(Locale.US, "plan: %d of at most %d — %s: %s — %.0f s, ETA %.0f s", done, planned,
            r.cell().describe(), describe(r), s, s / done * (planned - done)));
      });
    } finally {
      CliFiles.deleteTree(work);
      InFlight.done(work);
    }
    try (OutputDir o = new OutputDir(dir)) {
      Map<String, String> footer = new LinkedHashMap<>();
      footer.put("replaygate.plan.price_date", variesDate ? "varied" : dateOf.apply(
          io.replaygate.replay.scenario.ScenarioLoader.parse(outcome.cells().get(0).cell().scenario(), "plan")).toString());
      footer.put("replaygate.plan.traces", String.join(" ", in));
      PlanTable.write(plan, outcome, o.file("plan.parquet"), footer);
      PlanReport.PlanData data = PlanReport.read(o.written("plan.parquet"));
      Files.writeString(o.file("plan.md"), PlanReport.markdown(data), StandardCharsets.UTF_8);
      Files.writeString(o.file("plan.html"), PlanReport.html(data), StandardCharsets.UTF_8);
      if (outcome.winner() >= 0) {
        CellResult w = outcome.cells().get(outcome.winner());
        Files.writeString(o.file("winner.yaml"), "# The winner of plan " + planFile.getFileName() + " (cell "
            + (outcome.winner() + 1) + ": " + w.cell().describe() + "), written by replaygate plan.\n"
            + "# replaygate run TRACE --scenario winner.yaml replays it with the cell's seed.\n" + w.cell().scenario(),
            StandardCharsets.UTF_8);
      }
      o.commit();
    }
    print(spec.commandLine().getOut(), outcome, dir, (System.nanoTime() - started) / 1e9);
    err.flush();
    return ExitCode.OK;
  }

  private static String describe(CellResult r) {
    return switch (r.status()) {
      case OK -> String.format(Locale.US, "%s/month, savings %s, SLO %s, %s", Fmt.usd(r.figures().monthlyUsd()),
          Fmt.pct(r.figures().savings()), Fmt.pct(r.figures().sloAttainment()),
          r.passed() ? "passes the gate" : "fails " + String.join(", ", r.figures().failedRules()));
      case PRUNED -> "pruned (" + r.detail() + ")";
      case FAILED -> "failed (" + r.detail() + ")";
    };
  }

  /**
   * The default scenario's two sides: each request's own recorded model (managed:observed) against byoc_dynamo
   * overflowing to it; a trace with requests that record no model uses the default managed target for both.
   */
  private static PlanLoader.DefaultBase defaultBase(TraceSource source) throws IOException {
    boolean observed = true;
    try (TraceReader r = source.open()) {
      while (observed && r.hasNext()) {
        var rec = r.next();
        observed = rec.model() != null && !rec.model().isBlank();
      }
    }
    String target = observed ? ObservedRouting.TARGET
        : Scenario.DEFAULT_PROVIDER_PATHS.get(0).substring("managed:".length());
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    var paths = root.putArray("paths");
    paths.addObject().put("name", "managed:" + target).put("profile", "managed").put("target", target);
    paths.addObject().put("name", "byoc_dynamo").put("profile", "byoc_dynamo").put("fallback", target);
    return new PlanLoader.DefaultBase(root, "managed:" + target, "byoc_dynamo");
  }

  private void print(PrintWriter w, Planner.Outcome o, Path dir, double seconds) {
    long ok = o.cells().stream().filter(c -> c.status() == CellResult.Status.OK).count();
    if (!quiet) {
      w.printf(Locale.US, "%,d configurations (%,d replayed) in %.0f s -> %s%n", o.cells().size(), ok, seconds, dir);
      String fmt = "%-5s %-60s %10s %24s %7s  %s%n";
      w.printf(Locale.US, fmt, "cell", "configuration (frontier)", "per month", "savings [interval]", "SLO", "gate");
      for (int i : o.frontier()) {
        CellResult c = o.cells().get(i);
        var f = c.figures();
        w.printf(Locale.US, fmt, i + 1, c.cell().describe(), Fmt.usd(f.monthlyUsd()), Fmt.pct(f.savings()) + " ["
            + Fmt.pct(f.savingsLower()) + ", " + Fmt.pct(f.savingsUpper()) + "]", Fmt.pct(f.sloAttainment()),
            c.passed() ? "passed" : String.join(",", f.failedRules()));
      }
    }
    if (o.winner() >= 0) {
      CellResult c = o.cells().get(o.winner());
      w.printf(Locale.US, "winner: cell %d — %s — %s/month, savings %s; scenario %s%n", o.winner() + 1,
          c.cell().describe(), Fmt.usd(c.figures().monthlyUsd()), Fmt.pct(c.figures().savings()),
          dir.resolve("winner.yaml"));
    } else {
      w.println("winner: none — no configuration passes every gate rule (plan.md names the closest)");
    }
    w.flush();
  }

  private void progress(String message) {
    if (!quiet) {
      spec.commandLine().getErr().println("replaygate: " + message);
      spec.commandLine().getErr().flush();
    }
  }
}
