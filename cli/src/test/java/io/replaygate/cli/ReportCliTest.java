package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.reports.Fmt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code replaygate report} over the default run: it regenerates the run's own page and summary byte for byte;
 * every number on the page and in {@code report.json} is the verdict's, or adds up to it; {@code --compare} says
 * what moved and whether the verdict flipped; a directory that is not a run is one line and exit 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCliTest {
  Path work;
  Path run;
  JsonNode verdict;
  JsonNode summary;

  @BeforeAll
  void runOnce() throws Exception {
    work = Files.createTempDirectory("replaygate-report-");
    run = work.resolve("run");
    CliTest.Result r = CliTest.run("run", "--out", run.toString(), "--no-history", "--price-date", "2026-07-24",
        "--quiet");
    assertEquals(0, r.code(), r.err());
    verdict = new ObjectMapper().readTree(run.resolve("verdict.json").toFile());
    summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
  }

  @AfterAll
  void clean() throws Exception {
    io.replaygate.trace.InFlight.discard(work);
  }

  @Test
  void report_regeneratesTheRunsOwnPageAndSummary_byteForByte() throws Exception {
    byte[] html = Files.readAllBytes(run.resolve("report.html"));
    byte[] md = Files.readAllBytes(run.resolve("summary.md"));
    Path again = work.resolve("again.html");
    assertEquals(0, CliTest.run("report", run.toString(), "--out", again.toString()).code());
    assertArrayEquals(html, Files.readAllBytes(again), "report.html is a function of the run's files");
    CliTest.Result r = CliTest.run("report", run.toString(), "--format", "md");
    assertEquals(0, r.code(), r.err());
    assertEquals("wrote " + run.resolve("summary.md") + "\n", r.out());
    assertArrayEquals(md, Files.readAllBytes(run.resolve("summary.md")));
    // summary.md fits a job summary and a PR comment: under 64 KB, and no HTML GitHub strips.
    assertTrue(md.length < 64 * 1024, md.length + " bytes");
    List<String> tags = new ArrayList<>();
    Matcher m = Pattern.compile("</?([a-zA-Z][a-zA-Z0-9]*)").matcher(new String(md, StandardCharsets.UTF_8));
    while (m.find()) {
      tags.add(m.group(1));
    }
    assertTrue(List.of("details", "summary", "sub").containsAll(tags), tags.toString());
  }

  @Test
  void page_showsTheVerdictsNumbers_inEveryPathRow() throws Exception {
    String html = Files.readString(run.resolve("report.html"));
    for (JsonNode p : verdict.path("paths")) {
      String name = p.path("path").asText();
      Matcher row = Pattern.compile("<tr><td><code>" + Pattern.quote(name) + "</code></td><td>[^<]*</td>(.*?)</tr>")
          .matcher(html);
      assertTrue(row.find(), name);
      List<String> cells = new ArrayList<>();
      Matcher c = Pattern.compile("<td class=n data-v=\"[^\"]*\">([^<]*)</td>").matcher(row.group(1));
      while (c.find()) {
        cells.add(c.group(1));
      }
      assertEquals(List.of(Fmt.count(p.path("requests")), Fmt.usd(p.path("cost_usd")), Fmt.usd(p.path("monthly_usd")),
          Fmt.num(p.path("usd_per_million_tokens"), 3), Fmt.pct(p.path("savings_vs_baseline")),
          Fmt.pct(p.path("slo_attainment")), Fmt.pct(p.path("error_rate")), Fmt.ms(p.path("ttft_p95_ms")),
          Fmt.pct(p.path("token_hit_ratio")), Fmt.pct(p.path("business_hours_capacity_utilization")),
          Fmt.pct(p.path("gpu_busy_fraction"))), cells, name);
    }
    assertTrue(html.contains(Fmt.interval(verdict.path("savings"))), "the savings interval");
    for (JsonNode a : verdict.path("assumptions")) {
      assertTrue(html.contains(io.replaygate.reports.HtmlReport.esc(a.asText())), a.asText());
    }
    for (JsonNode r : verdict.path("rules")) {
      assertTrue(html.contains(io.replaygate.reports.HtmlReport.esc(r.path("outcome").asText())), r.toString());
    }
  }

  @Test
  void reportJson_everyBreakdownAddsUpToThePathsCost() throws Exception {
    CliTest.Result r = CliTest.run("report", run.toString(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(run.resolve("report.json").toFile());
    assertEquals(verdict.path("decision").asText(), j.path("decision").asText());
    assertEquals(1, j.path("bucket_hours").asInt(), "a week is drawn hour by hour");
    for (JsonNode p : verdict.path("paths")) {
      String name = p.path("path").asText();
      double cost = p.path("cost_usd").asDouble();
      assertEquals(cost, sum(j.path("cost_classes_usd").path(name)), 1e-4, "classes: " + name);
      assertEquals(cost, sum(j.path("cost_by_tenant_usd").path(name)), 1e-4, "tenants: " + name);
      assertEquals(cost, sum(j.path("cost_by_model_path_usd").path(name)), 1e-4, "model paths: " + name);
      double hourly = 0;
      for (JsonNode h : j.path("hourly").path("cost_usd").path(name)) {
        hourly += h.path("value").asDouble();
      }
      assertEquals(cost, hourly, 1e-3, "hourly cost: " + name);
      // The TTFT distribution the chart draws agrees with the run's own median and p95 (HdrHistogram, 3 digits).
      JsonNode lat = summaryPath(name).path("latency_ms");
      JsonNode q = j.path("latency_percentiles_ms").path("ttft").path(name);
      assertEquals(101, q.size());
      assertEquals(lat.path("ttft_p50").asDouble(), q.get(50).asDouble(), 0.02 * lat.path("ttft_p50").asDouble() + 1,
          "median TTFT " + name);
      assertEquals(lat.path("ttft_p95").asDouble(), q.get(95).asDouble(), 0.02 * lat.path("ttft_p95").asDouble() + 1,
          "p95 TTFT " + name);
    }
    // KV-tier hits of a cluster path add up to the prompt tokens its replicas read from cache (the requests it sent
    // to a managed fallback read from that provider's cache instead).
    try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
      for (var e : (Iterable<Map.Entry<String, JsonNode>>) () -> j.path("kv_tier_hit_tokens").properties().iterator()) {
        long tiers = e.getValue().path("gpu").asLong() + e.getValue().path("host").asLong()
            + e.getValue().path("pool").asLong();
        try (var rs = st.executeQuery("SELECT sum(cache_read_tokens) FROM read_parquet('"
            + run.resolve("outcomes.parquet") + "') WHERE path = '" + e.getKey() + "' AND gpu_hit_tokens IS NOT NULL")) {
          rs.next();
          assertEquals(rs.getLong(1), tiers, e.getKey());
        }
        assertTrue(tiers <= summaryPath(e.getKey()).path("cache_read_tokens").asLong(), e.getKey());
      }
    }
    assertEquals(3, j.path("kv_tier_hit_tokens").size(), "byoc_dynamo, byoc_epp, hybrid");
    for (JsonNode c : j.path("charts")) {
      assertTrue(c.path("drawn").asBoolean(), "the default run draws " + c.path("id").asText());
    }
  }

  @Test
  void compare_saysWhatMoved_andWhetherTheVerdictFlipped() throws Exception {
    // A second run directory whose verdict says otherwise (the comparison reads only verdict.json).
    Path other = work.resolve("other");
    Files.createDirectories(other);
    ObjectNode flipped = verdict.deepCopy();
    flipped.put("decision", "activate_byoc");
    ((ObjectNode) flipped.path("provenance")).put("price_date", "2026-08-01");
    new ObjectMapper().writeValue(other.resolve("verdict.json").toFile(), flipped);
    CliTest.Result text = CliTest.run("report", "--compare", run.toString(), other.toString());
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().contains("decision                 stay_managed                 -> activate_byoc   (changed)"),
        text.out());
    assertTrue(text.out().contains("  price_date             2026-07-24                   -> 2026-08-01   (changed)"),
        text.out());
    CliTest.Result md = CliTest.run("report", "--compare", run.toString(), other.toString(), "--format", "md");
    assertTrue(md.out().contains("**The verdict flipped**: stay_managed → activate_byoc."), md.out());
    Path page = work.resolve("compare.html");
    CliTest.Result html = CliTest.run("report", "--compare", run.toString(), run.toString(), "--format", "html",
        "--out", page.toString());
    assertEquals(0, html.code(), html.err());
    String h = Files.readString(page);
    assertTrue(h.contains("The verdict held: stay_managed → stay_managed."), h);
    assertFalse(h.contains("class=changed"), "a run compared with itself changes nothing");
  }

  @Test
  void notARunDirectory_isOneLine_andExit2() throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty"));
    CliTest.Result r = CliTest.run("report", empty.toString());
    assertEquals(2, r.code());
    assertEquals("replaygate: " + empty.resolve("verdict.json") + ": missing (not a run directory)\n", r.err());
    CliTest.Result f = CliTest.run("report", run.toString(), "--format", "pdf");
    assertEquals(2, f.code());
    assertTrue(f.err().contains("--format: expected html, md or json, got 'pdf'"), f.err());
    CliTest.Result none = CliTest.run("report");
    assertEquals(2, none.code());
    assertFalse(Files.exists(empty.resolve("report.html")), "nothing written");
  }

  private JsonNode summaryPath(String name) {
    for (JsonNode p : summary.path("paths")) {
      if (p.path("path").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError(name);
  }

  private static double sum(JsonNode object) {
    double s = 0;
    for (JsonNode x : object) {
      s += x.asDouble();
    }
    return s;
  }
}
