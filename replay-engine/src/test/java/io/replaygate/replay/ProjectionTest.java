package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One replayed period for every path of a replay, and a fixed fleet projected as replicas × 730 h. */
class ProjectionTest {
  @TempDir
  Path tmp;

  @Test
  void managedAndClusterPaths_shareTheReplayedPeriod_andAFixedFleetProjectsAsReplicasTimes730Hours()
      throws Exception {
    // Requests every 30 s, the last at 59:59 with 4,000 output tokens: the cluster drains it into the 13th
    // five-minute window, which must not lengthen the period (it did: 1.0833 h for the cluster, 1 h managed).
    List<TraceRecord> t = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      long[] blocks = {i};
      t.add(new TraceRecord(i * 30_000_000L, "r" + i, "acme", "chat/main", null, null, "s" + i, 512, 100, null,
          null, blocks, null, null, null, null));
    }
    long[] last = {999};
    t.add(new TraceRecord(3_599_000_000L, "last", "acme", "chat/main", null, null, "z", 512, 4_000, null, null, last,
        null, null, null, null));
    Path f = tmp.resolve("s.yaml");
    Files.writeString(f, "paths:\n  - {name: managed, profile: managed, target: anthropic/claude-sonnet-4-5}\n"
        + "  - name: c\n    profile: byoc_dynamo\n    model: llama-3.1-8b\n    weights: fp8\n    gpu: H100-SXM-80GB\n"
        + "    tensor_parallel: 1\n    replicas: 2\n    fallback: none\n"
        + "    pool: {cloud: lambda, price_model: on_demand, usd_per_gpu_hour: 3.00}\n"
        + "    cluster_terms: {ops_usd_per_month: 0, engineering_usd: 0, egress_usd_per_gb: 0, platform_fees: []}\n");
    Scenario sc = ScenarioLoader.load(f);
    Replay.Result r = Replay.run(() -> ReplayTest.reader(t), sc, CatalogLoader.bundled(), ReplayTest.DAY, 7,
        tmp.resolve("out"));
    JsonNode managed = r.summary().path("paths").get(0).path("monthly_projection");
    JsonNode cluster = r.summary().path("paths").get(1).path("monthly_projection");
    assertEquals(managed.path("rule").asText(), cluster.path("rule").asText());
    assertEquals(3599 / 3600.0, r.summary().path("trace").path("replayed_hours").asDouble(), 1e-12);
    // 2 replicas × 1 GPU × 730 h × 3.00 = 4,380.00 (the scenario sets every other term to zero).
    assertEquals(4_380.0, cluster.path("usd").asDouble(), 1e-6);
  }
}
