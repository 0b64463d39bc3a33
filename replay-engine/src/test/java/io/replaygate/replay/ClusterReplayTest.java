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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole BYOC replays over a synthetic chat trace with shared prefixes: 41 sessions of 10 turns (41, so that
 * round robin does not line sessions up with replicas by accident); every
 * prompt starts with the same 4-block system prompt, then the session's history grows 2 blocks a turn
 * (trace blocks of 512 tokens).
 */
class ClusterReplayTest {
  @TempDir
  Path tmp;

  static List<TraceRecord> chat(double gapSeconds) {
    List<TraceRecord> out = new ArrayList<>();
    double t = 0;
    for (int turn = 0; turn < 10; turn++) {
      for (int s = 0; s < 41; s++) {
        int n = 4 + 2 * (turn + 1);
        long[] blocks = new long[n];
        for (int i = 0; i < n; i++) {
          blocks[i] = i < 4 ? 1000 + i : (s + 1) * 1_000_000L + i; // chained: the id names the prefix
        }
        out.add(new TraceRecord(Math.round(t * 1e6), "s" + s + "t" + turn, "acme", "chat/main", null, null, "s" + s,
            n * 512, 200, null, null, blocks, null, null, null, null));
        t += gapSeconds;
      }
    }
    return out;
  }

  Replay.Result run(String yaml, List<TraceRecord> trace, String name) throws Exception {
    Path f = tmp.resolve(name + ".yaml");
    Files.writeString(f, yaml);
    Scenario sc = ScenarioLoader.load(f);
    return Replay.run(() -> ReplayTest.reader(trace), sc, CatalogLoader.bundled(), ReplayTest.DAY, 7,
        tmp.resolve(name));
  }

  /** Four Llama-3.1-8B replicas on one H100 each, no fallback: every request stays on the cluster. */
  static String path(String name, String profile, String extra) {
    return "  - name: " + name + "\n    profile: " + profile + "\n    model: llama-3.1-8b\n    weights: fp8\n"
        + "    gpu: H100-SXM-80GB\n    tensor_parallel: 1\n    replicas: 4\n    fallback: none\n" + extra;
  }

  static JsonNode path(Replay.Result r, String name) {
    for (JsonNode p : r.summary().path("paths")) {
      if (p.path("path").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no path " + name);
  }

  @Test
  void routing_kvAwareBeatsRoundRobin_andAffinityKeepsSessions() throws Exception {
    String yaml = "paths:\n" + path("kv", "byoc_dynamo", "") + path("epp", "byoc_epp", "")
        + path("rr", "byoc_dynamo", "    router: round_robin\n")
        + path("sticky", "byoc_dynamo", "    router: session_affinity\n");
    // A request every second: each replica decodes a turn (200 tokens, ~1.5 s) and then idles before its next, so
    // Dynamo's cost (prefill blocks to compute + active decode blocks) is decided by the prefix a session left on a
    // replica; at twice the rate the active decode blocks of a busy replica outweigh that prefix and KV-aware
    // routing rightly spreads load much as round robin does.
    Replay.Result r = run(yaml, chat(1.0), "routing");
    double kv = path(r, "kv").path("token_hit_ratio").asDouble();
    double rr = path(r, "rr").path("token_hit_ratio").asDouble();
    double epp = path(r, "epp").path("token_hit_ratio").asDouble();
    // Round robin scatters a session's turns over the replicas: most turns find only the system prompt.
    assertTrue(kv > rr + 0.05, "KV-aware " + kv + " vs round robin " + rr);
    assertTrue(epp > rr, "EPP prefix scorer " + epp + " vs round robin " + rr);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      ResultSet rs = st.executeQuery("SELECT max(n) FROM (SELECT count(DISTINCT served_by) n FROM '"
          + tmp.resolve("routing/outcomes.parquet") + "' WHERE path = 'sticky' GROUP BY split_part(request_id, 't', 1))");
      rs.next();
      assertEquals(1, rs.getInt(1), "every session stays on one replica");
      rs = st.executeQuery("SELECT count(DISTINCT served_by) FROM '" + tmp.resolve("routing/outcomes.parquet")
          + "' WHERE path = 'sticky'");
      rs.next();
      assertTrue(rs.getInt(1) > 1, "sessions are spread over replicas");
    }
  }

  @Test
  void conservation_everyRequestOnce_busyWithinProvisioned() throws Exception {
    // Arrivals every 20 ms overload 1 replica: a queue limit of 4 sends the excess to the managed fallback.
    String yaml = """
        paths:
          - name: small
            profile: byoc_dynamo
            model: llama-3.1-8b
            weights: fp8
            tensor_parallel: 1
            replicas: 1
            overflow: {queue_limit: 4, max_predicted_ttft_ms: 0}
            fallback: anthropic/claude-sonnet-4-5
          - name: scaled
            profile: byoc_epp
            model: llama-3.1-8b
            weights: fp8
            tensor_parallel: 1
            scaling: {policy: reactive, min: 1, max: 6, metric: queue, target: 1, interval: 2s, cold_start: 1s}
            overflow: {queue_limit: 4, max_predicted_ttft_ms: 0}
            fallback: anthropic/claude-sonnet-4-5
        """;
    List<TraceRecord> trace = chat(0.02);
    Replay.Result r = run(yaml, trace, "conservation");
    Path out = tmp.resolve("conservation");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      for (String p : List.of("small", "scaled")) {
        ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT request_index), "
            + "count(*) FILTER (WHERE fallback), count(*) FILTER (WHERE status = 'ok') FROM '" + out.resolve("outcomes.parquet")
            + "' WHERE path = '" + p + "'");
        rs.next();
        assertEquals(trace.size(), rs.getInt(1), p + ": one outcome per request");
        assertEquals(trace.size(), rs.getInt(2), p + ": no request twice");
        JsonNode s = path(r, p);
        assertEquals(rs.getLong(3), s.path("cluster").path("overflowed").asLong(), p + ": fallback rows = overflow");
        assertEquals(trace.size(), rs.getInt(4), p + ": served by a replica or the fallback");
        assertTrue(s.path("cluster").path("busy_gpu_hours").asDouble()
            <= s.path("cluster").path("provisioned_gpu_hours").asDouble(), p + ": busy ≤ provisioned");
        double u = s.path("gpu_busy_fraction").asDouble();
        assertTrue(u > 0 && u <= 1, p + ": utilisation " + u);
      }
      assertTrue(path(r, "small").path("cluster").path("overflowed").asLong() > 0, "one replica must overflow");
      JsonNode scaled = path(r, "scaled").path("cluster").path("deployments").get(0);
      assertTrue(scaled.path("peak_replicas").asInt() > 1, "the reactive scaler added replicas: " + scaled);
      ResultSet rs = st.executeQuery("SELECT sum(busy_gpu_seconds) <= sum(provisioned_gpu_seconds) + 1e-6, "
          + "min(kv_gpu_occupancy) >= 0, max(kv_gpu_occupancy) <= 1 FROM '" + out.resolve("cluster.parquet") + "'");
      rs.next();
      assertTrue(rs.getBoolean(1) && rs.getBoolean(2) && rs.getBoolean(3), "cluster.parquet within bounds");
      rs = st.executeQuery("SELECT count(*) FROM '" + out.resolve("ledger.parquet")
          + "' WHERE path = 'small' AND fallback AND target = 'anthropic/claude-sonnet-4-5'");
      rs.next();
      assertTrue(rs.getInt(1) > 0, "overflow is billed to the fallback, marked as such");
    }
    JsonNode cost = path(r, "small").path("cost_usd");
    assertTrue(cost.asDouble() > 0, "GPU hours and overflow are priced");
  }

  @Test
  void hybrid_servesItsLanes_andSendsTheRestToManaged() throws Exception {
    List<TraceRecord> trace = new ArrayList<>();
    for (TraceRecord t : chat(0.5)) {
      boolean other = t.sessionId().endsWith("7");
      trace.add(other ? new TraceRecord(t.arrivalUs(), t.requestId(), t.tenant(), "batch/summarise", null, null,
          t.sessionId(), t.inputTokens(), t.outputTokens(), null, null, t.blockHashes(), null, null, null, null) : t);
    }
    String yaml = """
        paths:
          - name: hybrid
            profile: hybrid
            model: llama-3.1-8b
            weights: fp8
            tensor_parallel: 1
            replicas: 2
            lanes: {model_paths: [chat/main]}
        """;
    Replay.Result r = run(yaml, trace, "hybrid");
    JsonNode c = path(r, "hybrid").path("cluster");
    assertEquals(40, c.path("unlaned").asLong(), "sessions 7, 17, 27 and 37: 4 × 10 turns go managed");
    try (Connection con = DriverManager.getConnection("jdbc:duckdb:"); Statement st = con.createStatement()) {
      ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE served_by LIKE 'cluster-%'), "
          + "count(*) FILTER (WHERE model_path = 'batch/summarise' AND served_by = 'anthropic/claude-sonnet-4-5') FROM '"
          + tmp.resolve("hybrid/outcomes.parquet") + "'");
      rs.next();
      assertEquals(370, rs.getInt(1));
      assertEquals(40, rs.getInt(2));
    }
  }
}
