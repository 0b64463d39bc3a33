package io.replaygate.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.gate.GateThresholds;
import io.replaygate.replay.plan.CellResult;
import io.replaygate.replay.plan.PlanSpec;
import io.replaygate.replay.plan.PlanTable;
import io.replaygate.replay.plan.Planner;
import io.replaygate.replay.plan.ReplayCell;
import io.replaygate.replay.scenario.PlanLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same plan on Spark ({@code local[2]}, real Spark: tasks serialised, run on executor threads, results collected)
 * and on the in-process pool: the outcome equal cell for cell and the {@code plan.parquet} byte for byte.
 */
class SparkPlanTest {
  static SparkSession spark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    session();
  }

  /** The test session, made again when a test's {@code SparkPlan.main} stopped it (as spark-submit's job does). */
  static SparkSession session() {
    if (spark != null && !spark.sparkContext().isStopped()) {
      return spark;
    }
    return spark = SparkSession.builder().master("local[2]").appName("replaygate-plan-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        // Loopback only: tests talk to nothing else, whatever the machine's hostname resolves to.
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void plan_onSpark_equalsInProcess_cellForCell() throws Exception {
    Path planFile = Files.writeString(dir.resolve("plan.yaml"), """
        vary:
          gpu: [H100-SXM-80GB, H200-SXM-141GB]
          replicas: [2, 3]
        seed: 7
        """);
    PlanSpec spec = PlanLoader.load(planFile, SparkPlan.defaultBase(), 42);
    LocalDate date = LocalDate.parse("2026-09-01");
    List<String> traces = List.of("sample:default");

    Planner.Outcome onSpark = SparkPlan.run(session(), spec, traces, date);
    Path work = Files.createDirectory(dir.resolve("work"));
    Planner.Outcome local = Planner.run(spec, new ReplayCell(Traces.source(traces), CatalogLoader.bundled(),
        s -> date, GateThresholds.DEFAULTS, spec.baseline(), spec.path(), work), 2, Planner.Progress.NONE);

    assertEquals(4, onSpark.cells().size());
    assertTrue(onSpark.cells().stream().allMatch(c -> c.status() == CellResult.Status.OK),
        onSpark.cells().toString());
    assertEquals(local, onSpark, "every cell's settings, seed, scenario and figures");
    Map<String, String> footer = Map.of("replaygate.plan.price_date", date.toString());
    PlanTable.write(spec, onSpark, dir.resolve("spark.parquet"), footer);
    PlanTable.write(spec, local, dir.resolve("local.parquet"), footer);
    assertArrayEquals(Files.readAllBytes(dir.resolve("local.parquet")), Files.readAllBytes(dir.resolve("spark.parquet")));

    // What spark-submit runs (the session is the test's: getOrCreate finds it), writing DIR/plan.parquet.
    SparkPlan.main(new String[] {planFile.toString(), "sample:default", "--out", dir.resolve("submitted").toString(),
        "--price-date", "2026-09-01"});
    Map<String, String> mainFooter = new java.util.LinkedHashMap<>();
    mainFooter.put("replaygate.plan.price_date", "2026-09-01");
    mainFooter.put("replaygate.plan.traces", "sample:default");
    mainFooter.put("replaygate.plan.engine", "spark");
    PlanTable.write(spec, local, dir.resolve("expected.parquet"), mainFooter);
    assertArrayEquals(Files.readAllBytes(dir.resolve("expected.parquet")),
        Files.readAllBytes(dir.resolve("submitted/plan.parquet")));
  }

  /**
   * {@code --overrides} and {@code --threshold} reach the executors: the Spark cell equals the in-process cell priced
   * and gated the same way, and differs from the bundled prices' (the override raised the baseline's bill).
   */
  @Test
  void overridesAndThresholds_onSpark_equalInProcess() throws Exception {
    Path planFile = Files.writeString(dir.resolve("priced.yaml"), "vary: {replicas: [2]}\nseed: 3\n");
    Path overrides = Files.writeString(dir.resolve("ours.yaml"), """
        models:
          - {provider: anthropic, model: claude-sonnet-4-5, effective: 2026-01-01, source: "a test", prices: {input: 30, output: 150}}
        """);
    PlanSpec spec = PlanLoader.load(planFile, SparkPlan.defaultBase(), 42);
    LocalDate date = LocalDate.parse("2026-09-01");
    List<String> traces = List.of("sample:default");
    Map<String, String> thresholds = new java.util.LinkedHashMap<>(Map.of("materiality", "1%"));
    Planner.Outcome onSpark = SparkPlan.run(session(), spec, traces, date, SparkPlan.Prices.of(overrides, thresholds));
    Path work = Files.createDirectory(dir.resolve("work-priced"));
    Planner.Outcome local = Planner.run(spec, new ReplayCell(Traces.source(traces),
        CatalogLoader.withOverrides(CatalogLoader.bundled(), overrides), s -> date, GateThresholds.of(thresholds),
        spec.baseline(), spec.path(), work), 1, Planner.Progress.NONE);
    assertEquals(local, onSpark);
    Planner.Outcome bundled = SparkPlan.run(session(), spec, traces, date);
    double ours = onSpark.cells().get(0).figures().baselineMonthlyUsd();
    double list = bundled.cells().get(0).figures().baselineMonthlyUsd();
    assertTrue(ours > 1.2 * list, "sonnet at ten times its list price (input and output; cache prices kept): " + list + " -> " + ours);
  }

  @Test
  void write_putsPlanParquetAtAHadoopPath() throws Exception {
    Path planFile = Files.writeString(dir.resolve("one.yaml"), "vary: {replicas: [2]}\n");
    PlanSpec spec = PlanLoader.load(planFile, SparkPlan.defaultBase(), 42);
    Planner.Outcome o = Planner.assemble(1, List.of(List.of(new CellResult(Planner.cell(spec, 0, "grid",
        Map.of()), CellResult.Status.FAILED, "x", null))));
    SparkPlan.write(spec, o, dir.resolve("out").toUri().toString(), null, List.of("sample:default"));
    assertTrue(Files.size(dir.resolve("out/plan.parquet")) > 0);
  }
}
