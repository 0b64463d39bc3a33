package io.replaygate.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run history: appends, flips, concurrent writers in two processes, files that are not a history. */
class RunHistoryTest {
  @TempDir
  Path dir;

  static JsonNode verdict(String scenario, String decision, double savings) throws Exception {
    return new ObjectMapper().readTree("""
        {"decision": "%s", "lanes": [], "baseline": "managed:observed", "candidate": "lane",
         "savings": {"estimate": %s, "lower": %s, "upper": %s},
         "monthly_usd": {"baseline": 1000, "candidate": 700},
         "candidates": [{"path": "lane", "rules": [{"rule": "materiality", "passed": true, "observed": 0.2,
           "threshold": 0.15, "margin": 0.05, "outcome": "holds: fine"}]}],
         "paths": [{"path": "managed:observed", "profile": "managed", "cost_usd": 10, "monthly_usd": 1000,
           "slo_attainment": 1, "error_rate": 0, "token_hit_ratio": 0.5, "business_hours_capacity_utilization": null}],
         "provenance": {"scenario": "%s", "scenario_sha256": "s", "trace_sha256": "t", "inputs": "x", "requests": 10,
           "replayed_hours": 1.5, "engine_version": "0.1.0", "price_date": "2026-07-24", "catalog_date": "2026-07-24",
           "seed": 0}}
        """.formatted(decision, savings, savings - 0.01, savings + 0.01, scenario));
  }

  @Test
  void append_recordsRuns_andFlagsAFlipPerScenario() throws Exception {
    Path f = dir.resolve("h.duckdb");
    try (RunHistory h = RunHistory.open(f, false, m -> { })) {
      assertEquals(new RunHistory.Appended(1, false, null), h.append(verdict("weekly", "stay_managed", 0.05), null,
          Instant.EPOCH));
      assertEquals(new RunHistory.Appended(2, false, null), h.append(verdict("other", "activate_byoc", 0.3), null,
          Instant.EPOCH));
      assertEquals(new RunHistory.Appended(3, false, "stay_managed"), h.append(verdict("weekly", "stay_managed", 0.06),
          null, Instant.EPOCH));
      assertEquals(new RunHistory.Appended(4, true, "stay_managed"), h.append(verdict("weekly", "activate_byoc", 0.2),
          null, Instant.EPOCH));
    }
    try (RunHistory h = RunHistory.open(f, true, m -> { })) {
      List<RunHistory.Row> weekly = h.runs("weekly");
      assertEquals(List.of(1L, 3L, 4L), weekly.stream().map(RunHistory.Row::run).toList());
      assertTrue(weekly.get(2).flipped());
      assertEquals(0.2, weekly.get(2).savings(), 0);
      assertEquals("activate_byoc", h.verdict(4).path("decision").asText());
      assertThrows(RunHistory.HistoryException.class, () -> h.verdict(9));
    }
  }

  @Test
  void notAHistory_isAnError_andTheFileIsLeftAsItIs() throws Exception {
    Path garbage = Files.writeString(dir.resolve("g.duckdb"), "garbage");
    RunHistory.HistoryException e = assertThrows(RunHistory.HistoryException.class,
        () -> RunHistory.open(garbage, false, m -> { }));
    assertTrue(e.getMessage().contains("not a replaygate run history"), e.getMessage());
    assertEquals("garbage", Files.readString(garbage));
    Path foreign = dir.resolve("foreign.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + foreign)) {
      c.createStatement().execute("CREATE TABLE invoices (id INT)");
    }
    byte[] before = Files.readAllBytes(foreign);
    RunHistory.HistoryException f = assertThrows(RunHistory.HistoryException.class,
        () -> RunHistory.open(foreign, false, m -> { }));
    assertTrue(f.getMessage().contains("a DuckDB database but not a replaygate run history"), f.getMessage());
    assertArrayEquals(before, Files.readAllBytes(foreign));
    assertThrows(RunHistory.HistoryException.class, () -> RunHistory.open(dir.resolve("none.duckdb"), true, m -> { }));
    assertFalse(Files.exists(dir.resolve("none.duckdb")));
  }

  /** Two processes appending at once: both land, one waits and says so. */
  @Test
  void twoProcessesAppendingAtOnce_bothLand() throws Exception {
    Path f = dir.resolve("shared.duckdb");
    RunHistory.open(f, false, m -> { }).close();
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ps.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), Appender.class.getName(), f.toString(), "p" + i)
          .redirectErrorStream(true).start());
    }
    StringBuilder out = new StringBuilder();
    for (Process p : ps) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      out.append(new String(p.getInputStream().readAllBytes()));
      assertEquals(0, p.exitValue(), out.toString());
    }
    assertTrue(out.toString().contains("is in use by another replaygate process; waiting for it"), out.toString());
    try (RunHistory h = RunHistory.open(f, true, m -> { })) {
      List<RunHistory.Row> rows = h.runs(null);
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), rows.stream().map(RunHistory.Row::run).toList());
      assertEquals(3, rows.stream().filter(r -> r.scenario().equals("p0")).count());
      assertEquals(3, rows.stream().filter(r -> r.scenario().equals("p1")).count());
    }
  }

  /** A child process: three appends, each holding the file for a while (as a long run's append would). */
  public static final class Appender {
    public static void main(String[] args) throws Exception {
      for (int i = 0; i < 3; i++) {
        try (RunHistory h = RunHistory.open(Path.of(args[0]), false, System.out::println)) {
          h.append(verdict(args[1], "stay_managed", 0.01 * i), null, Instant.EPOCH);
          Thread.sleep(700);
        }
        Thread.sleep(50);
      }
    }
  }
}
