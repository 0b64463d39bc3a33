package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces without block hashes (Azure, BurstGPT): caching cannot be simulated. Prompts are billed as plain
 * input — never as cache writes no request could read (which added 15–22% to the managed bill, in BYOC's
 * favour) — or with the trace's observed cache usage where it has one; the summary says which.
 */
class NoHashesTest {
  @TempDir
  Path tmp;

  Replay.Result run(List<TraceRecord> t) throws Exception {
    Path f = tmp.resolve("s.yaml");
    Files.writeString(f, "paths:\n  - {name: a, profile: managed, target: anthropic/claude-sonnet-4-5}\n");
    Scenario sc = ScenarioLoader.load(f);
    return Replay.run(() -> ReplayTest.reader(t), sc, CatalogLoader.bundled(), ReplayTest.DAY, 1, tmp.resolve("out"));
  }

  static TraceRecord request(long us, int input, int output, Integer cached, Integer written) {
    return new TraceRecord(us, null, null, "azure/conv", null, null, null, input, output, cached, written, null, null,
        null, null, null);
  }

  @Test
  void withoutHashesOrObservedUsage_everyPromptIsPlainInput() throws Exception {
    Replay.Result r = run(List.of(request(0, 10_000, 1_000, null, null), request(1_000_000, 20_000, 1_000, null, null)));
    JsonNode p = r.summary().path("paths").get(0);
    // Claude Sonnet 4.5 at 3.00 / 15.00 per million: 30,000 × 3 + 2,000 × 15 = 0.09 + 0.03 = 0.12.
    assertEquals(0.12, p.path("cost_usd").asDouble(), 1e-9);
    assertEquals(0, p.path("cache_write_tokens").asLong());
    assertEquals(2, p.path("cache_not_simulated").path("billed_without_caching").asLong());
    assertTrue(p.path("cache_not_simulated").path("why").asText().contains("no block hashes"));
  }

  @Test
  void withObservedUsage_theTracesCacheReadsAndWritesAreBilled() throws Exception {
    Replay.Result r = run(List.of(request(0, 10_000, 1_000, 0, 8_000), request(1_000_000, 10_000, 1_000, 8_000, 0)));
    JsonNode p = r.summary().path("paths").get(0);
    // Request 1: 2,000 input × 3.00 + 8,000 written × 3.75 = 0.006 + 0.030; request 2: 2,000 × 3.00 +
    // 8,000 read × 0.30 = 0.006 + 0.0024; outputs 2,000 × 15.00 = 0.030. Total 0.0744.
    assertEquals(0.0744, p.path("cost_usd").asDouble(), 1e-9);
    assertEquals(8_000, p.path("cache_read_tokens").asLong());
    assertEquals(2, p.path("cache_not_simulated").path("billed_with_observed_cache_usage").asLong());
  }
}
