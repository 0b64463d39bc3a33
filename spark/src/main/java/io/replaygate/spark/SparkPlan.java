package io.replaygate.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.gate.GateThresholds;
import io.replaygate.replay.plan.CellResult;
import io.replaygate.replay.plan.PlanDimension;
import io.replaygate.replay.plan.PlanSpec;
import io.replaygate.replay.plan.PlanTable;
import io.replaygate.replay.plan.Planner;
import io.replaygate.replay.plan.ReplayCell;
import io.replaygate.replay.scenario.PlanLoader;
import io.replaygate.replay.scenario.ScenarioException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-submit --class io.replaygate.spark.SparkPlan replaygate-spark.jar PLAN TRACE... --out DIR
 * [--price-date YYYY-MM-DD] [--seed N] [--threshold NAME=VALUE]... [--overrides FILE]} (the seed when neither the
 * plan nor its scenario sets one; 0 as in the CLI): the plan's combinations as Spark tasks (one partition each), every
 * cell
 * replayed by an executor exactly as the in-process pool replays it, the driver writing the same {@code plan.parquet}
 * (cell for cell: cells' seeds come from the plan's seed and their settings, and the driver orders the groups as the
 * grid does). The plan's base scenario file is read on the driver; traces are read by the executors (see
 * {@link Traces}). Prices are the bundled catalog's with the {@code --overrides} file layered on top (read on the
 * driver, its text shipped to the executors); the gate's thresholds are the defaults with each {@code --threshold}
 * applied, as {@code run} applies them.
 */
public final class SparkPlan {
  private SparkPlan() {}

  static final ObjectMapper JSON = new ObjectMapper();

  /** The default base for a plan without a scenario file, as the CLI makes it (tests). */
  static PlanLoader.DefaultBase defaultBase() {
    return PlanLoader.DefaultBase.observed("observed");
  }

  /**
   * As the CLI: read the traces on the driver to see whether every request records its model, when they are here
   * to read (samples, local files); a remote trace is not copied to the driver for it ({@code managed:observed}).
   */
  static PlanLoader.DefaultBase defaultBase(List<String> traces) {
    boolean local = traces.stream().allMatch(t -> t.startsWith("sample:") || (!t.contains("://")
        && Files.isRegularFile(Path.of(t))) || t.startsWith("file:"));
    return local ? PlanLoader.DefaultBase.of(Traces.source(traces)) : defaultBase();
  }

  public static void main(String[] args) throws IOException {
    List<String> positional = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, String> thresholds = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        if (i + 1 >= args.length) {
          usage(args[i] + " needs a value");
        }
        String value = args[++i];
        if (args[i - 1].equals("--threshold")) {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            usage("--threshold NAME=VALUE, got '" + value + "'");
          }
          thresholds.put(value.substring(0, eq), value.substring(eq + 1));
        } else {
          options.put(args[i - 1], value);
        }
      } else {
        positional.add(args[i]);
      }
    }
    if (positional.isEmpty() || !options.containsKey("--out")) {
      usage("PLAN and --out are required");
    }
    PlanSpec spec;
    Prices prices;
    try {
      GateThresholds.of(thresholds);
      prices = Prices.of(options.containsKey("--overrides") ? Path.of(options.get("--overrides")) : null, thresholds);
      List<String> named = positional.size() > 1 ? positional.subList(1, positional.size()) : List.of("sample:default");
      spec = PlanLoader.load(Path.of(positional.get(0)), () -> defaultBase(named),
          Long.parseLong(options.getOrDefault("--seed", "0")), null);
    } catch (ScenarioException | io.replaygate.costmodel.catalog.CatalogException e) {
      System.err.println("replaygate-spark: " + e.getMessage());
      System.exit(2);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("replaygate-spark: --threshold " + e.getMessage());
      System.exit(2);
      return;
    }
    List<String> traces = positional.size() > 1 ? positional.subList(1, positional.size()) : List.of("sample:default");
    LocalDate date = options.containsKey("--price-date") ? LocalDate.parse(options.get("--price-date")) : null;
    SparkSession spark = SparkSession.builder().appName("replaygate plan " + positional.get(0)).getOrCreate();
    try {
      Planner.Outcome o = run(spark, spec, traces, date, prices);
      write(spec, o, options.get("--out"), date, traces);
      System.out.printf(java.util.Locale.US, "%d configurations -> %s; winner: %s%n", o.cells().size(),
          options.get("--out"), o.winner() < 0 ? "none" : o.cells().get(o.winner()).cell().describe());
    } finally {
      spark.stop();
    }
  }

  /**
   * What the executors price and gate with: the overrides file's text (or {@code null}: the bundled catalog alone)
   * and the {@code --threshold} changes — plain values, so a task carries them to any executor.
   */
  public record Prices(String overridesName, String overridesText, Map<String, String> thresholds)
      implements Serializable {
    public static final Prices DEFAULTS = new Prices(null, null, Map.of());

    public Prices {
      thresholds = new LinkedHashMap<>(thresholds);
    }

    /** Read on the driver: the overrides file loaded once here, so a mistake in it stops the job before any task. */
    static Prices of(Path overrides, Map<String, String> thresholds) throws IOException {
      if (overrides == null) {
        return new Prices(null, null, thresholds);
      }
      CatalogLoader.withOverrides(CatalogLoader.bundled(), overrides);
      return new Prices(overrides.getFileName().toString(), Files.readString(overrides), thresholds);
    }

    GateThresholds gate() {
      return GateThresholds.of(thresholds);
    }

    /** The catalog, built where it is used (an executor writes the overrides to a scratch file of the same name). */
    io.replaygate.costmodel.catalog.PriceCatalog catalog(Path scratch) throws IOException {
      if (overridesText == null) {
        return CatalogLoader.bundled();
      }
      Path file = Files.writeString(Files.createDirectories(scratch.resolve("overrides")).resolve(overridesName),
          overridesText);
      return CatalogLoader.withOverrides(CatalogLoader.bundled(), file);
    }
  }

  private static void usage(String problem) {
    System.err.println("replaygate-spark: " + problem + "\nusage: spark-submit --class io.replaygate.spark.SparkPlan "
        + "replaygate-spark.jar PLAN [TRACE...] --out DIR [--price-date YYYY-MM-DD] [--seed N] "
        + "[--threshold NAME=VALUE]... [--overrides FILE]");
    System.exit(2);
  }

  /** Runs the plan's cells as Spark tasks, with the bundled prices and the default gate. */
  public static Planner.Outcome run(SparkSession spark, PlanSpec spec, List<String> traces, LocalDate priceDate) {
    return run(spark, spec, traces, priceDate, Prices.DEFAULTS);
  }

  /** Runs the plan's cells as Spark tasks and assembles them on the driver. */
  public static Planner.Outcome run(SparkSession spark, PlanSpec spec, List<String> traces, LocalDate priceDate,
      Prices prices) {
    // priceDate: --price-date, or null (each cell's scenario's, else today)
    Planner.Schedule schedule = Planner.schedule(spec);
    List<Integer> chosen = schedule.chosen();
    String specJson;
    try {
      specJson = JSON.writeValueAsString(spec);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<String> results = jsc.parallelize(chosen, Math.max(1, chosen.size()))
        .map(new GroupTask(specJson, List.copyOf(traces), priceDate == null ? "" : priceDate.toString(), prices))
        .collect();
    List<List<CellResult>> groups = new ArrayList<>();
    for (String r : results) {
      try {
        groups.add(JSON.readValue(r, new TypeReference<List<CellResult>>() { }));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Planner.assemble(schedule.grid().size(), groups);
  }

  /** Writes {@code plan.parquet} into {@code out} (a local directory, or any Hadoop-compatible URI). */
  static void write(PlanSpec spec, Planner.Outcome o, String out, LocalDate date, List<String> traces)
      throws IOException {
    Path local = Files.createTempDirectory("replaygate-spark-out-");
    try {
      Map<String, String> footer = new LinkedHashMap<>();
      footer.put("replaygate.plan.price_date", date == null ? "scenario" : date.toString());
      footer.put("replaygate.plan.traces", String.join(" ", traces));
      footer.put("replaygate.plan.engine", "spark");
      PlanTable.write(spec, o, local.resolve("plan.parquet"), footer);
      org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(out, "plan.parquet");
      dst.getFileSystem(new org.apache.hadoop.conf.Configuration())
          .copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.resolve("plan.parquet").toUri()), dst);
    } finally {
      io.replaygate.trace.InFlight.discard(local);
    }
  }

  /** One combination on an executor: its cell or bisection, as JSON. */
  static final class GroupTask implements org.apache.spark.api.java.function.Function<Integer, String>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String specJson;
    private final List<String> traces;
    private final String priceDate;
    private final Prices prices;

    GroupTask(String specJson, List<String> traces, String priceDate, Prices prices) {
      this.specJson = specJson;
      this.traces = new ArrayList<>(traces);
      this.priceDate = priceDate;
      this.prices = prices;
    }

    @Override
    public String call(Integer group) throws Exception {
      PlanSpec spec = JSON.readValue(specJson, PlanSpec.class);
      boolean variesDate = spec.axes().stream().anyMatch(a -> a.dimension() == PlanDimension.PRICE_DATE);
      // As the CLI: a varied price_date is the cell's; else --price-date, else the scenario's, else today (UTC).
      LocalDate given = priceDate.isEmpty() ? null : LocalDate.parse(priceDate);
      LocalDate today = LocalDate.now(java.time.Clock.systemUTC());
      Path work = Files.createTempDirectory("replaygate-plan-");
      try {
        ReplayCell runner = new ReplayCell(Traces.source(traces), prices.catalog(work),
            s -> variesDate ? s.priceDate() : given != null ? given : s.priceDate() != null ? s.priceDate() : today,
            prices.gate(), spec.baseline(), spec.path(), work);
        List<CellResult> cells = Planner.runGroup(spec, group, Planner.grid(spec).get(group), runner,
            r -> { });
        return JSON.writeValueAsString(cells);
      } finally {
        io.replaygate.trace.InFlight.discard(work);
      }
    }
  }
}
