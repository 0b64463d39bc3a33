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
    CliTest.Result r = CliTest.run("diagnose", "--json", "--cache-curve", "1000,10000,inf",
        SharedTraces.resolve("mooncake/conversation_trace.jsonl").toString());
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
  }
}
