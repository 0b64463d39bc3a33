package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.reports.PlanReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replaygate plan} end to end on real replays: RunCliTest's crafted five hours, where one Llama-3.1-8B replica
 * on one H100 passes every gate rule. The plan bisects replicas 1..3 for tensor parallelism 1 and 2; the winner must be
 * the one-replica, one-GPU fleet, and {@code run --scenario winner.yaml} must replay it to the same cost.
 */
class PlanCliTest {
  @TempDir
  static Path dir;

  static Path trace;
  static Path plan;

  @BeforeAll
  static void craft() throws Exception {
    trace = RunCliTest.craft(dir.resolve("hot.jsonl"), 0);
    Files.writeString(dir.resolve("base.yaml"), RunCliTest.LANE.formatted(1, "observed"));
    plan = Files.writeString(dir.resolve("fleet.yaml"), """
        scenario: base.yaml
        vary:
          tensor_parallel: [1, 2]
          replicas: {min: 1, max: 3}
        seed: 11
        """);
  }

  private static CliTest.Result plan(Path out, String workers) {
    return CliTest.run("plan", plan.toString(), trace.toString(), "--out", out.toString(), "--workers", workers,
        "--price-date", "2026-07-24");
  }

  @Test
  void plan_findsTheCheapestPassingFleet_sameTableOnAnyWorkers_andRunReplaysTheWinner() throws Exception {
    CliTest.Result two = plan(dir.resolve("p2"), "2");
    assertEquals(0, two.code(), two.err());
    PlanReport.PlanData d = PlanReport.read(dir.resolve("p2/plan.parquet"));
    assertEquals(List.of("tensor_parallel", "replicas"), d.dimensions());
    PlanReport.Row w = d.rows().stream().filter(PlanReport.Row::winner).findFirst().orElseThrow();
    assertEquals("1", w.settings().get("tensor_parallel"));
    assertEquals("1", w.settings().get("replicas"), "the smallest fleet, and it passes every rule");
    assertEquals("passed", w.gate());
    assertTrue(d.rows().stream().allMatch(r -> r.search().equals("bisection") && r.status().equals("ok")));
    // Two-GPU replicas cost twice as much for the same traffic: never cheaper than the winner.
    d.rows().stream().filter(r -> r.settings().get("tensor_parallel").equals("2"))
        .forEach(r -> assertTrue(r.monthly() > w.monthly(), r.toString()));
    assertTrue(two.out().contains("winner: cell " + w.cell()), two.out());
    String md = Files.readString(dir.resolve("p2/plan.md"));
    assertTrue(md.contains("Cell " + w.cell() + " — tensor_parallel=1 replicas=1"), md);
    assertTrue(Files.readString(dir.resolve("p2/plan.html")).contains("<svg"));

    CliTest.Result one = plan(dir.resolve("p1"), "1");
    assertEquals(0, one.code(), one.err());
    assertArrayEquals(Files.readAllBytes(dir.resolve("p2/plan.parquet")), Files.readAllBytes(
        dir.resolve("p1/plan.parquet")), "the same table from one worker as from two");

    CliTest.Result run = CliTest.run("run", trace.toString(), "--scenario", dir.resolve("p2/winner.yaml").toString(),
        "--out", dir.resolve("winner-run").toString(), "--price-date", "2026-07-24", "--no-history");
    assertEquals(0, run.code(), run.err());
    JsonNode v = new ObjectMapper().readTree(dir.resolve("winner-run/verdict.json").toFile());
    assertEquals("activate_byoc", v.path("decision").asText());
    JsonNode lane = null;
    for (JsonNode p : v.path("paths")) {
      lane = p.path("path").asText().equals("lane") ? p : lane;
    }
    assertEquals(w.monthly(), lane.path("monthly_usd").asDouble(), 1e-6,
        "run --scenario winner.yaml replays the winner (its seed is in the file) to the same monthly cost");
  }

  @Test
  void plan_mistake_isOneLineAtThePlansLine_exit2_noOutput() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "scenario: base.yaml\nvary:\n  gpu: [H100-SXM-80GB, "
        + "H900]\n");
    CliTest.Result r = CliTest.run("plan", bad.toString(), trace.toString(), "--out", dir.resolve("bad").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(bad + ": line 3") && r.err().contains("unknown GPU 'H900'"), r.err());
    assertFalse(Files.exists(dir.resolve("bad")));
  }

  @Test
  void submission_isSparkSubmitOfTheSparkJob_withAbsoluteTraceUris() {
    List<String> cmd = PlanCommand.submission("/opt/spark/bin/spark-submit", "spark://m:7077", Path.of("/j/rs.jar"),
        Path.of("plan.yaml"), List.of("week.parquet", "s3a://b/w.parquet", "sample:default"), Path.of("/o"),
        java.time.LocalDate.parse("2026-12-01"), 7, new java.util.LinkedHashMap<>(Map.of("materiality", "3%")),
        Path.of("prices.yaml"));
    assertEquals(List.of("/opt/spark/bin/spark-submit", "--master", "spark://m:7077", "--class",
        "io.replaygate.spark.SparkPlan", "/j/rs.jar", "plan.yaml", Path.of("week.parquet").toAbsolutePath().toUri()
            .toString(), "s3a://b/w.parquet", "sample:default", "--out", "/o", "--seed", "7", "--price-date",
        "2026-12-01", "--threshold", "materiality=3%", "--overrides", Path.of("prices.yaml").toAbsolutePath().toString()),
        cmd);
  }

  @Test
  void engineSpark_checksThePlanFirst_thenNamesAMissingSparkSubmit() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad2.yaml"), "vary: {eviction: [lru, mru]}\n");
    CliTest.Result r = CliTest.run("plan", bad.toString(), trace.toString(), "--engine", "spark", "--master",
        "local[2]", "--spark-jar", plan.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown eviction policy 'mru'"), r.err());
    CliTest.Result none = CliTest.run("plan", plan.toString(), trace.toString(), "--engine", "spark", "--master",
        "local[2]", "--spark-jar", plan.toString(), "--spark-submit", dir.resolve("no-spark-submit").toString());
    assertEquals(2, none.code());
    assertTrue(none.err().contains("cannot run it") && none.err().contains("install Apache Spark"), none.err());
    CliTest.Result noMaster = CliTest.run("plan", plan.toString(), "--engine", "spark");
    assertEquals(2, noMaster.code());
    assertTrue(noMaster.err().contains("--engine spark needs --master"), noMaster.err());
  }

  @Test
  void plan_mistypedCatalogIdInTheBase_isAnErrorAtItsLine_beforeAnyReplay() throws Exception {
    Files.writeString(dir.resolve("typo.yaml"), RunCliTest.LANE.formatted(1, "anthropic/claude-sonet-4-5"));
    Path p = Files.writeString(dir.resolve("typo-plan.yaml"), "scenario: typo.yaml\nvary: {eviction: [lru]}\n");
    CliTest.Result r = CliTest.run("plan", p.toString(), trace.toString(), "--out", dir.resolve("typo").toString(),
        "--price-date", "2026-07-24");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("typo.yaml: line 10") && r.err().contains("claude-sonet-4-5"), r.err());
    assertFalse(Files.exists(dir.resolve("typo")));
  }
}
