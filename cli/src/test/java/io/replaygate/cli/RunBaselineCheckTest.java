package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baseline is today's bill: a trace that recorded its cache usage and TTFT gets its bill priced from the
 * recorded usage beside the simulated one, and a warning where the simulation strays from what was observed.
 */
class RunBaselineCheckTest {
  @TempDir
  Path dir;

  @Test
  void recordedUsage_isPricedBesideTheSimulatedBaseline_andDivergenceWarns() throws Exception {
    // 100 Sonnet 4.5 requests an hour apart (every cache has expired: the simulation reads nothing), each
    // recording 8,000 of 10,000 prompt tokens read from cache, 1,000 written, 100 output tokens, a 400 ms TTFT.
    StringBuilder b = new StringBuilder("{\"replaygate_trace\":{\"schema_version\":1,\"block_tokens\":64,"
        + "\"hash_scope\":\"global\",\"time_origin\":\"epoch\",\"source_format\":\"test\",\"timezone\":\"UTC\","
        + "\"block_count_rule\":\"ceil\",\"capabilities\":\"block_hashes,observed_cache_usage,observed_latency,tenants,models\"}}\n");
    long start = 1_767_607_200_000_000L;
    for (int i = 0; i < 100; i++) {
      b.append("{\"arrival_us\":").append(start + i * 3_600_000_000L).append(",\"request_id\":\"r").append(i)
          .append("\",\"tenant\":\"acme\",\"model_path\":\"chat/sonnet\",\"model\":\"claude-sonnet-4-5-20250929\","
              + "\"provider\":\"anthropic\",\"input_tokens\":10000,\"output_tokens\":100,\"cached_tokens\":8000,"
              + "\"cache_write_tokens\":1000,\"ttft_ms\":400,\"block_hashes\":[");
      for (int k = 0; k < 157; k++) {
        b.append(1_000_000L * (i + 1) + k).append(k < 156 ? "," : "]}\n");
      }
    }
    Path trace = Files.writeString(dir.resolve("usage.jsonl"), b.toString());
    Path out = dir.resolve("run");
    CliTest.Result r = CliTest.run("run", trace.toString(), "--out", out.toString(), "--no-history", "--price-date",
        "2026-07-24");
    assertEquals(0, r.code(), r.err());
    JsonNode c = new ObjectMapper().readTree(out.resolve("verdict.json").toFile()).path("baseline_check");
    assertEquals("managed:observed/recorded-usage", c.path("recorded_usage_path").asText());
    // Per request at list: 1,000 plain x $3/M + 8,000 read x $0.30/M + 1,000 written x $3.75/M + 100 out x $15/M
    // = $0.003 + $0.0024 + $0.00375 + $0.0015 = $0.01065; 100 requests: $1.065.
    assertEquals(1.065, c.path("recorded_usage_cost_usd").asDouble(), 1e-9);
    assertEquals(0.8, c.path("observed_token_hit_ratio").asDouble(), 1e-9);
    assertEquals(0.0, c.path("simulated_token_hit_ratio").asDouble(), 1e-9);
    assertEquals(400, c.path("observed_ttft_p50_ms").asDouble(), 0.5);
    assertTrue(c.path("warnings").toString().contains("simulated token hit ratio 0.0% vs 80.0% observed over 100 "
        + "requests"), c.toString());
    assertTrue(c.path("warnings").toString().contains("calibrate the managed latency"), c.toString());
    assertTrue(r.out().contains("warning: simulated token hit ratio 0.0% vs 80.0% observed"), r.out());
    assertTrue(Files.readString(out.resolve("summary.md")).contains("> **Warning:** simulated token hit ratio 0.0%"));
    assertTrue(Files.readString(out.resolve("report.html")).contains("<b>Warning:</b> simulated token hit ratio"));
  }
}
