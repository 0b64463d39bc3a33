package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.trace.SharedTraces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** {@code replaygate diagnose} through the command line. */
@EnabledIf("io.replaygate.trace.SharedTraces#present")
class DiagnoseCliTest {
  @Test
  void json_hasTheCurveAtTheAskedCapacities_andTheCeiling() throws Exception {
    CliTest.Result r = CliTest.run("diagnose", "--json", "--cache-curve", "1000,10000,inf", "--price-date",
        "2026-07-24", SharedTraces.resolve("mooncake/conversation_trace.jsonl").toString());
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(12_031, j.path("requests").asLong());
    JsonNode curve = j.path("cache_curve");
    assertEquals(3, curve.size());
    assertEquals(1000, curve.get(0).path("capacity_blocks").asLong());
    assertEquals("inf", curve.get(2).path("capacity_blocks").asText());
    assertEquals(0.373624, curve.get(2).path("token_hit_ratio").asDouble(), 1e-6);
    assertEquals(j.path("reuse").path("ceiling_token_hit_ratio").asDouble(), curve.get(2).path("token_hit_ratio")
        .asDouble(), 0);
    assertTrue(curve.get(0).path("token_hit_ratio").asDouble() < curve.get(1).path("token_hit_ratio").asDouble());
    assertEquals(1.0, j.path("concentration").path("hhi").asDouble(), 0);
    assertEquals("exact", j.path("reuse").path("sampling").path("method").asText());
    assertEquals(0, curve.get(2).path("token_hit_ratio_error").asDouble(), 0);
    // The managed simulators over the same hour: Anthropic reads 26.3% (RealTraceReplayTest's figure), so
    // 11.0 points of the 37.4% ceiling are left for a cluster; 7 replicas busy: worth a pilot.
    assertEquals("managed:anthropic/claude-sonnet-4-5", j.path("managed_capture").get(0).path("path").asText());
    assertEquals(0.2634, j.path("managed_capture").get(0).path("token_hit_ratio").asDouble(), 5e-5);
    assertEquals("byoc_pilot_worth_evaluating", j.path("code").asText());
    assertEquals(0.10, j.path("thresholds").path("min_reuse_left").asDouble(), 0);
    // Raising the reuse threshold past what is left flips the code, through the command line.
    CliTest.Result raised = CliTest.run("diagnose", "--json", "--price-date", "2026-07-24", "--threshold",
        "min_reuse_left=0.2", SharedTraces.resolve("mooncake/conversation_trace.jsonl").toString());
    assertEquals("byoc_loses_managed_captures_reuse", new ObjectMapper().readTree(raised.out()).path("code").asText());
  }

  @Test
  void pastTheExactLimit_theCurveIsSampled_withItsErrorStated() throws Exception {
    // 182,790 distinct blocks against a limit of 20,000: SHARDS at 1/16, each figure within its 95% error.
    String trace = SharedTraces.resolve("mooncake/conversation_trace.jsonl").toString();
    CliTest.Result r = CliTest.run("diagnose", "--json", "--exact-blocks", "20000", "--cache-curve", "10000,inf",
        "--price-date", "2026-07-24", trace);
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    JsonNode sampling = j.path("reuse").path("sampling");
    assertEquals("shards_adj", sampling.path("method").asText());
    assertEquals(1.0 / 16, sampling.path("rate").asDouble(), 0);
    assertEquals(288_500, sampling.path("block_references").asLong());
    JsonNode inf = j.path("cache_curve").get(1);
    double err = inf.path("token_hit_ratio_error").asDouble();
    assertTrue(err > 0 && err < 0.03, "error " + err);
    assertEquals(0.373624, inf.path("token_hit_ratio").asDouble(), err);
    assertEquals(err, j.path("reuse").path("ceiling_token_hit_ratio_error").asDouble(), 0);
    assertTrue(j.path("reasons").get(2).asText().contains("(sampled)"), j.path("reasons").get(2).asText());
    CliTest.Result text = CliTest.run("diagnose", "--exact-blocks", "20000", "--price-date", "2026-07-24", trace);
    assertTrue(text.out().contains("SHARDS-sampled (rate 1/16 of blocks, 8 partitions"), text.out());
    CliTest.Result bad = CliTest.run("diagnose", "--exact-blocks", "0", trace);
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--exact-blocks: expected a positive block count, got 0"), bad.err());
    assertEquals(20_000, sampling.path("max_sampled_blocks").asLong(), "the smaller limit applies");
    CliTest.Result badSampled = CliTest.run("diagnose", "--sampled-blocks", "-1", trace);
    assertEquals(2, badSampled.code());
    assertTrue(badSampled.err().contains("--sampled-blocks: expected a positive block count, got -1"),
        badSampled.err());
  }

  @Test
  void bundledWeek_isTooSmallForAFleet() throws Exception {
    CliTest.Result r = CliTest.run("diagnose", "--json", "--price-date", "2026-07-24");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("byoc_loses_insufficient_volume", j.path("code").asText());
    assertEquals("business hour", j.path("volume").path("per").asText());
  }

  @Test
  void noBlockHashes_saysReuseCannotBeMeasured_andBadCapacitiesExit2() {
    CliTest.Result r = CliTest.run("diagnose", SharedTraces.resolve("azure_llm_2023/AzureLLMInferenceTrace_conv.csv")
        .toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("no block hashes: reuse cannot be measured"), r.out());
    CliTest.Result bad = CliTest.run("diagnose", "--cache-curve", "10,lots",
        SharedTraces.resolve("mooncake/conversation_trace.jsonl").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--cache-curve: expected positive block counts or inf, got 'lots'"), bad.err());
    CliTest.Result threshold = CliTest.run("diagnose", "--threshold", "luck=1",
        SharedTraces.resolve("mooncake/conversation_trace.jsonl").toString());
    assertEquals(2, threshold.code());
    assertTrue(threshold.err().contains("unknown threshold 'luck'"), threshold.err());
  }
}
