package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.trace.SharedTraces;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} end to end on the real public traces: every path counts every request; the verdict is valid. */
@EnabledIf("io.replaygate.trace.SharedTraces#present")
class RealTracesRunTest {
  @TempDir
  Path dir;

  @Test
  void mooncakeHour_recordsNoModel_soTheBaselineIsSonnet_andSaysSo() throws Exception {
    Path out = dir.resolve("mooncake");
    CliTest.Result r = CliTest.run("run", SharedTraces.resolve("mooncake/conversation_trace.jsonl").toString(),
        "--anchor", "2026-03-02T09:00:00Z", "--out", out.toString(), "--no-history", "--price-date", "2026-07-24");
    assertEquals(0, r.code(), r.err());
    JsonNode v = new ObjectMapper().readTree(out.resolve("verdict.json").toFile());
    RunCliTest.assertSchemaValid(v);
    assertEquals("managed:anthropic/claude-sonnet-4-5", v.path("baseline").asText());
    assertTrue(v.path("assumptions").toString().contains("12,031 of 12,031 requests record no model"),
        v.path("assumptions").toString());
    for (JsonNode p : v.path("paths")) {
      assertEquals(12_031, p.path("requests").asLong(), p.path("path").asText());
    }
    assertEquals(3, v.path("candidates").size(), "byoc_dynamo, byoc_epp and hybrid go through the gate");
  }

  /**
   * The reuse curve and the fingerprint come from the records the replay reads (handed over as read): the verdict's
   * are those of the trace read by itself.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "traffic growth {0}")
  @org.junit.jupiter.params.provider.ValueSource(doubles = {1, 1.5})
  void mooncakeHour_curveAndFingerprint_areThoseOfTheTraceReadWhole(double growth) throws Exception {
    Path trace = SharedTraces.resolve("mooncake/conversation_trace.jsonl");
    Path out = dir.resolve("m2");
    // Grown traffic is not the trace's: then the curve and the fingerprint read the trace themselves.
    Path scenario = dir.resolve("grow.yaml");
    java.nio.file.Files.writeString(scenario, "traffic_growth: " + growth + "\n");
    CliTest.Result r = CliTest.run("run", trace.toString(), "--scenario", scenario.toString(), "--anchor",
        "2026-03-02T09:00:00Z", "--out", out.toString(), "--no-history", "--price-date", "2026-07-24");
    assertEquals(0, r.code(), r.err());
    JsonNode v = new ObjectMapper().readTree(out.resolve("verdict.json").toFile());
    io.replaygate.replay.diagnose.ReuseCurve curve;
    String sha;
    try (io.replaygate.trace.TraceReader in = io.replaygate.trace.format.TraceSources.open(trace,
        io.replaygate.trace.ReadOptions.DEFAULTS)) {
      curve = new io.replaygate.replay.diagnose.ReuseCurve(in.metadata().blockTokens());
      io.replaygate.trace.TraceFingerprint f = new io.replaygate.trace.TraceFingerprint(in.metadata());
      while (in.hasNext()) {
        io.replaygate.trace.TraceRecord x = in.next();
        curve.add(x);
        f.add(x);
      }
      sha = f.hex();
    }
    assertEquals(sha, v.findValue("trace_sha256").asText());
    assertEquals(curve.distinctBlocks(), v.findValue("distinct_blocks").asLong());
    assertEquals(io.replaygate.replay.output.Summary.ratio(curve.ceiling().tokenHitRatio()).doubleValue(),
        v.findValue("ceiling_token_hit_ratio").asDouble());
  }

  @Test
  void wekaSessions_resolveTheirRecordedClaudeModels_andCompareObservedTtft() throws Exception {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run"));
    try (var files = java.nio.file.Files.list(SharedTraces.resolve("weka_claude_code"))) {
      files.map(Object::toString).filter(f -> f.endsWith(".json")).sorted().forEach(args::add);
    }
    Path out = dir.resolve("weka");
    args.addAll(java.util.List.of("--anchor", "2026-03-02T09:00:00Z", "--out", out.toString(), "--no-history",
        "--price-date", "2026-07-24"));
    CliTest.Result r = CliTest.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    JsonNode v = new ObjectMapper().readTree(out.resolve("verdict.json").toFile());
    RunCliTest.assertSchemaValid(v);
    assertEquals("managed:observed", v.path("baseline").asText());
    assertEquals(3_256, v.path("paths").get(0).path("requests").asLong());
    JsonNode check = v.path("baseline_check");
    assertTrue(check.path("observed_ttft_p50_ms").asDouble() > 0, check.toString());
    assertTrue(check.path("simulated_ttft_p50_ms").asDouble() > 0, check.toString());
  }
}
