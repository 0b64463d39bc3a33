package io.replaygate.cli;

import io.replaygate.costmodel.gate.GateThresholds;
import io.replaygate.replay.TraceSource;
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
        "  replaygate plan examples/plan.yaml s3a://bucket/week.parquet --engine spark \\",
        "      --master spark://spark-master:7077 --out plans/q1",
        "",
        "Exit codes:",
        "  0  the plan ran (whether or not a configuration passes; cells that failed are in the table)",
        "     (with --engine spark: spark-submit's own status, 2 and 3 as below)",
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

  @Option(names = "--engine", paramLabel = "ENGINE", description = "local (an in-process pool, the default) or spark "
      + "(spark-submit the plan to --master; the tasks read the traces by their paths or Hadoop URIs).")
  String engine = "local";

  @Option(names = "--master", paramLabel = "URL", description = "With --engine spark: the Spark master "
      + "(spark://HOST:7077, yarn, k8s://https://HOST:443, local[*]).")
  String master;

  @Option(names = "--spark-submit", paramLabel = "PATH", description = "With --engine spark: the spark-submit "
      + "to run (default: spark-submit on the PATH).")
  String sparkSubmit = "spark-submit";

  @Option(names = "--spark-jar", paramLabel = "JAR", description = "With --engine spark: replaygate-spark.jar "
      + "(default: spark/target/replaygate-spark.jar beside this CLI's build; bin/mvn -pl spark -am package).")
  Path sparkJar;

  /** The Spark job's entry point (the spark module). */
  static final String SPARK_MAIN = "io.replaygate.spark.SparkPlan";

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!engine.equals("local") && !engine.equals("spark")) {
      throw new UserError("--engine: local or spark, got '" + engine + "'");
    }
    if (engine.equals("spark")) {
      return submit();
    }
    if (master != null) {
      throw new UserError("--master goes with --engine spark");
    }
    GateThresholds gate = RunCommand.thresholds(thresholds);
    int threads = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
    if (threads < 1) {
      throw new UserError("--workers: at least 1, got " + threads);
    }
    List<String> in = InputOptions.orDefault(traces);
    TraceSource source = TraceSource.of(hashes -> input.open(in,
        input.readOptions(ProblemSink.FAIL_FAST).withBlockHashes(hashes)));
    PlanSpec plan = PlanLoader.load(planFile, () -> PlanLoader.DefaultBase.of(source), input.seed,
        catalogProblem());
    String name = planFile.getFileName().toString().replaceFirst("\\.(ya?ml)$", "");
    Path dir = out != null ? out : Path.of("plans", name);
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserError("--out " + dir + ": exists and is not a directory");
    }
    // As run: --price-date, else the scenario's; a varied price_date is the cell's own.
    boolean variesDate = plan.axes().stream().anyMatch(a -> a.dimension() == PlanDimension.PRICE_DATE);
    java.util.function.Function<Scenario, LocalDate> dateOf = s -> variesDate ? s.priceDate() : prices.date(s.priceDate());
    PrintWriter err = spec.commandLine().getErr();
    Planner.Schedule schedule = Planner.schedule(plan);
    progress(String.format(Locale.US, "plan: %s against %s over %s — %,d of %,d combinations, at most %,d replays on "
        + "%d worker%s", plan.path(), plan.baseline(), String.join(", ", PlanTable.dimensions(plan)),
        schedule.chosen().size(), schedule.grid().size(), schedule.planned(), threads, threads == 1 ? "" : "s"));
    Path work = InFlight.track(Files.createTempDirectory("replaygate-plan-"));
    Planner.Outcome outcome;
    long started = System.nanoTime();
    try {
      ReplayCell runner = new ReplayCell(source, prices.catalog(), dateOf, gate, plan.baseline(), plan.path(), work);
      outcome = Planner.run(plan, schedule, runner, threads, (r, done, planned) -> {
        double s = (System.nanoTime() - started) / 1e9;
        progress(String.format(Locale.US, "plan: %d of at most %d — %s: %s — %.0f s, ETA %.0f s", done, planned,
            r.cell().describe(), describe(r), s, s / done * (planned - done)));
      });
    } finally {
      InFlight.discard(work);
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

  /**
   * {@code --engine spark}: the plan is checked here (a typo fails before a cluster is asked for), then handed to
   * spark-submit, whose output and exit status are the command's.
   */
  private int submit() throws IOException, InterruptedException {
    if (master == null) {
      throw new UserError("--engine spark needs --master URL (spark://HOST:7077, yarn, k8s://..., local[*])");
    }
    if (workers != null) {
      throw new UserError("--workers is the local engine's (on Spark the cluster sizes the executors)");
    }
    RunCommand.thresholds(thresholds); // a mistake here, not on the cluster
    prices.catalog(); // the overrides file read once here: its mistakes too
    List<String> in = InputOptions.orDefault(traces);
    PlanLoader.load(planFile, () -> PlanLoader.DefaultBase.of(() -> input.open(in,
        input.readOptions(ProblemSink.FAIL_FAST))),
        input.seed, catalogProblem());
    Path jar = sparkJar != null ? sparkJar : defaultSparkJar();
    if (!Files.isRegularFile(jar)) {
      throw new UserError("--spark-jar " + jar + ": no such file (build it: bin/mvn -pl spark -am package "
          + "-DskipTests)");
    }
    String name = planFile.getFileName().toString().replaceFirst("\\.(ya?ml)$", "");
    Path dir = out != null ? out : Path.of("plans", name);
    List<String> cmd = submission(sparkSubmit, master, jar, planFile, in, dir, prices.priceDate, input.seed,
        thresholds, prices.overrides);
    progress("submitting: " + String.join(" ", cmd));
    Process p;
    try {
      p = new ProcessBuilder(cmd).inheritIO().start();
    } catch (IOException e) {
      throw new UserError("--spark-submit " + sparkSubmit + ": cannot run it (" + e.getMessage() + "); install "
          + "Apache Spark 4.x or give its spark-submit");
    }
    int code = p.waitFor();
    if (code != 0) {
      spec.commandLine().getErr().println("replaygate: spark-submit exited with status " + code);
      spec.commandLine().getErr().flush();
      return code == 2 ? ExitCode.BAD_INPUT : ExitCode.INTERNAL;
    }
    return ExitCode.OK;
  }

  /** The spark-submit command line for a plan (client deploy mode: the plan file is read where this runs). */
  static List<String> submission(String sparkSubmit, String master, Path jar, Path plan, List<String> traces,
      Path out, LocalDate priceDate, long seed, Map<String, String> thresholds, Path overrides) {
    List<String> cmd = new ArrayList<>(List.of(sparkSubmit, "--master", master, "--class", SPARK_MAIN,
        jar.toString(), plan.toString()));
    for (String t : traces) {
      cmd.add(t.startsWith("sample:") || t.contains("://") ? t : Path.of(t).toAbsolutePath().toUri().toString());
    }
    cmd.addAll(List.of("--out", out.toAbsolutePath().toString(), "--seed", Long.toString(seed)));
    if (priceDate != null) {
      cmd.addAll(List.of("--price-date", priceDate.toString()));
    }
    thresholds.forEach((k, v) -> cmd.addAll(List.of("--threshold", k + "=" + v)));
    if (overrides != null) {
      cmd.addAll(List.of("--overrides", overrides.toAbsolutePath().toString()));
    }
    return cmd;
  }

  /** spark/target/replaygate-spark.jar beside the build this CLI runs from. */
  private static Path defaultSparkJar() {
    try {
      Path self = Path.of(PlanCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // cli/target/replaygate.jar or cli/target/classes: two levels up is the checkout.
      return self.getParent().getParent().getParent().resolve("spark/target/replaygate-spark.jar");
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return Path.of("spark/target/replaygate-spark.jar");
    }
  }

  /** The catalog's word on an id, the price date taken only when a base scenario names one (its warning then). */
  private java.util.function.Function<String, String> catalogProblem() {
    return id -> ReplayCommand.catalogProblem(prices.catalog(), prices.date(null)).apply(id);
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
