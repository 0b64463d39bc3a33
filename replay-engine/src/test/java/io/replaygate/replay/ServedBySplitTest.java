package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hybrid path serves its lane on the cluster and everything else on the managed fallback: the summary
 * reports each part's own hit ratio, cache writes, latency and SLO attainment, and labels the blend.
 */
class ServedBySplitTest {
  @TempDir
  Path tmp;

  @Test
  void hybrid_reportsClusterServedAndFallbackServedApart_andLabelsTheBlend() throws Exception {
    List<TraceRecord> t = new ArrayList<>();
    for (TraceRecord r : ClusterReplayTest.chat(0.5)) {
      t.add(r);
      // The same conversation on another model path, which stays on the managed fallback.
      t.add(new TraceRecord(r.arrivalUs() + 1, r.requestId() + "-other", r.tenant(), "chat/other", null, null,
          r.sessionId() + "-other", r.inputTokens(), r.outputTokens(), null, null, r.blockHashes(), null, null, null,
          null));
    }
    Path f = tmp.resolve("s.yaml");
    Files.writeString(f, "paths:\n  - name: h\n    profile: hybrid\n    lanes: {model_paths: [chat/main]}\n    model: llama-3.1-8b\n"
        + "    weights: fp8\n    gpu: H100-SXM-80GB\n    tensor_parallel: 1\n    replicas: 4\n");
    Replay.Result r = Replay.run(() -> ReplayTest.reader(t), ScenarioLoader.load(f), CatalogLoader.bundled(),
        ReplayTest.DAY, 1, tmp.resolve("out"));
    JsonNode p = r.summary().path("paths").get(0);
    JsonNode cluster = p.path("cluster_served");
    JsonNode fallback = p.path("fallback_served");
    assertTrue(p.path("figures").asText().startsWith("blend"), p.path("figures").asText());
    assertEquals(p.path("served").asLong(), cluster.path("served").asLong() + fallback.path("served").asLong());
    assertEquals(410, fallback.path("requests").asLong(), "the other model path, all on the fallback");
    assertEquals(p.path("cache_read_tokens").asLong(),
        cluster.path("cache_read_tokens").asLong() + fallback.path("cache_read_tokens").asLong());
    // The cluster writes no billed cache entries; the fallback (Anthropic) does.
    assertEquals(0, cluster.path("cache_write_tokens").asLong());
    assertTrue(fallback.path("cache_write_tokens").asLong() > 0);
    double blend = p.path("token_hit_ratio").asDouble();
    double own = cluster.path("token_hit_ratio").asDouble();
    assertEquals(cluster.path("cache_read_tokens").asDouble() / cluster.path("input_tokens").asDouble(), own, 1e-6);
    assertTrue(Math.abs(blend - own) > 1e-3, "the blend is not the cluster's own figure: " + blend + " vs " + own);
  }

  @Test
  void summary_statesTheModelSubstitution_withItsSameModelComparator_andTheGpuPricePick() throws Exception {
    List<TraceRecord> t = new ArrayList<>();
    for (TraceRecord r : ClusterReplayTest.chat(0.5)) {
      t.add(new TraceRecord(r.arrivalUs(), r.requestId(), r.tenant(), r.modelPath(), "claude-sonnet-4-5-20250929",
          "anthropic", r.sessionId(), r.inputTokens(), r.outputTokens(), null, null, r.blockHashes(), null, null,
          null, null));
    }
    Path f = tmp.resolve("sub.yaml");
    Files.writeString(f, "paths:\n  - {name: c, profile: byoc_dynamo, replicas: 1}\n");
    Replay.Result r = Replay.run(() -> ReplayTest.reader(t), ScenarioLoader.load(f), CatalogLoader.bundled(),
        ReplayTest.DAY, 1, tmp.resolve("sub"));
    List<String> a = new ArrayList<>();
    r.summary().path("assumptions").forEach(n -> a.add(n.asText()));
    assertTrue(a.stream().anyMatch(x -> x.startsWith("model substitution: c serves llama-3.1-70b in place of "
        + "claude-sonnet-4-5-20250929") && x.contains("managed:fireworks/llama-v3p1-70b-instruct")), a.toString());
    assertTrue(a.stream().anyMatch(x -> x.startsWith("GPU price: c/cluster pays $") && x.contains("(median;")),
        a.toString());
    assertTrue(a.stream().anyMatch(x -> x.startsWith("full cost of c: operations, engineering, platform_fees, egress at "
        + "replaygate's sourced defaults") && x.contains("BLS OEWS May 2024")), a.toString());
    assertTrue(a.stream().anyMatch(x -> x.startsWith("cluster terms at zero for c: storage")), a.toString());
    assertTrue(a.contains("step time: c/cluster is a roofline (defaults): compute at 55% of H100-SXM-80GB's peak, HBM at "
        + "75%, 4 ms + 35 µs per running sequence per step, all-reduces 20 µs + their bytes at 60% of the link, "
        + "tp_scaling 1 — the defaults land within 0.88–1.14 of 8 published vLLM/SGLang throughputs and 0.35–0.84 "
        + "of TensorRT-LLM's (docs/step-time-validation.md); fit your engine's own steps with step_time: "
        + "{model: fitted}"), a.toString());
  }
}
