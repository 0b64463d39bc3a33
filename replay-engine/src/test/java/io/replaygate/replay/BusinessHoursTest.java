package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioException;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.BlockCountRule;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.HashScope;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Business hours on a real calendar: a relative trace is placed with an anchor, a trace's own time zone is
 * honoured, and a figure that cannot exist says why instead of being silently null.
 */
class BusinessHoursTest {
  @TempDir
  Path tmp;

  static final String CLUSTER = "paths:\n  - name: c\n    profile: byoc_dynamo\n    model: llama-3.1-8b\n    weights: fp8\n"
      + "    gpu: H100-SXM-80GB\n    tensor_parallel: 1\n    replicas: 1\n    fallback: none\n";

  /** Two hours of requests, one a minute, starting at {@code startUs}, with the given origin and zone. */
  static TraceReader trace(long startUs, TimeOrigin origin, String zone) {
    List<TraceRecord> records = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      records.add(new TraceRecord(startUs + i * 60_000_000L, "r" + i, "acme", "chat/main", null, null, "s" + i, 1_000,
          100, null, null, new long[] {i, i + 1000}, null, null, null, null));
    }
    TraceMetadata meta = new TraceMetadata(TraceMetadata.SCHEMA_VERSION, 512, HashScope.GLOBAL, origin, "test", zone,
        BlockCountRule.CEIL, new Capabilities(true, true, false, false, true, false));
    return ReplayTest.reader(records, meta);
  }

  JsonNode run(String yaml, TraceReader reader, String name) throws Exception {
    Path f = tmp.resolve(name + ".yaml");
    Files.writeString(f, yaml);
    Scenario sc = ScenarioLoader.load(f);
    return Replay.run(() -> reader, sc, CatalogLoader.bundled(), ReplayTest.DAY, 1, tmp.resolve(name)).summary();
  }

  static long us(String instant) {
    return Instant.parse(instant).getEpochSecond() * 1_000_000L;
  }

  @Test
  void relativeTrace_withoutAnchor_saysWhy_withAnchor_hasBusinessHours() throws Exception {
    JsonNode bare = run(CLUSTER, trace(0, TimeOrigin.RELATIVE, null), "bare");
    assertTrue(bare.path("paths").get(0).path("business_hours_gpu_busy_fraction").isNull());
    assertTrue(bare.path("trace").path("business_hours_note").asText().contains("--anchor"));
    assertFalse(bare.path("paths").get(0).path("business_hours_note").asText().isEmpty());
    JsonNode placed = run(CLUSTER + "anchor: 2026-03-02T09:00:00Z\n", trace(0, TimeOrigin.RELATIVE, null), "placed");
    assertEquals("2026-03-02T09:00:00Z", placed.path("trace").path("anchored_at").asText());
    assertEquals(us("2026-03-02T09:00:00Z"), placed.path("trace").path("first_arrival_us").asLong());
    assertFalse(placed.path("paths").get(0).path("business_hours_gpu_busy_fraction").isNull());
  }

  @Test
  void theTracesTimeZone_decidesBusinessHours_unlessTheScenarioSaysOtherwise() throws Exception {
    // Monday 2026-03-02 04:00–06:00 UTC is 23:00–01:00 in New York (Sunday night) but 13:00–15:00 in Tokyo.
    long start = us("2026-03-02T04:00:00Z");
    JsonNode ny = run(CLUSTER, trace(start, TimeOrigin.EPOCH, "America/New_York"), "ny");
    assertTrue(ny.path("paths").get(0).path("business_hours_gpu_busy_fraction").isNull());
    assertTrue(ny.path("trace").path("business_hours").asText().endsWith("America/New_York"));
    JsonNode tokyo = run(CLUSTER, trace(start, TimeOrigin.EPOCH, "Asia/Tokyo"), "tokyo");
    assertFalse(tokyo.path("paths").get(0).path("business_hours_gpu_busy_fraction").isNull());
    JsonNode over = run(CLUSTER + "business_hours: {days: mon-fri, start: \"09:00\", end: \"18:00\", timezone: Asia/Tokyo}\n",
        trace(start, TimeOrigin.EPOCH, "America/New_York"), "override");
    assertFalse(over.path("paths").get(0).path("business_hours_gpu_busy_fraction").isNull());
  }

  @Test
  void badBusinessHoursOrAnchor_areScenarioErrors() throws Exception {
    for (String bad : new String[] {"business_hours: {days: mon-funday}\n", "business_hours: {start: \"18:00\", end: \"09:00\"}\n",
        "business_hours: {timezone: Mars/Base}\n", "anchor: soon\n"}) {
      Path f = tmp.resolve("bad.yaml");
      Files.writeString(f, CLUSTER + bad);
      ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f));
      assertTrue(e.getMessage().contains("line "), e.getMessage());
    }
  }
}
