package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.SharedTraces;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.TraceSources;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overflow is what a gateway does: spill to another replica before the fallback, turn away only when
 * every replica is at capacity, and count apart what no fleet of this shape could serve.
 */
class OverflowTest {
  @TempDir
  Path tmp;

  Replay.Result run(String yaml, List<TraceRecord> trace, String name) throws Exception {
    Path f = tmp.resolve(name + ".yaml");
    Files.writeString(f, yaml);
    Scenario sc = ScenarioLoader.load(f);
    return Replay.run(() -> ReplayTest.reader(trace), sc, CatalogLoader.bundled(), ReplayTest.DAY, 7, tmp.resolve(name));
  }

  static JsonNode cluster(Replay.Result r) {
    return r.summary().path("paths").get(0).path("cluster");
  }

  static TraceRecord request(double atS, String session, int input, int output, long firstBlock) {
    int n = (input + 511) / 512;
    long[] blocks = new long[n];
    for (int i = 0; i < n; i++) {
      blocks[i] = firstBlock * 1_000_000L + i;
    }
    return new TraceRecord(Math.round(atS * 1e6), session + "@" + atS, "acme", "chat/main", null, null, session,
        input, output, null, null, blocks, null, null, null, null);
  }

  static String path(int replicas, String extra) {
    return "paths:\n  - name: c\n    profile: byoc_dynamo\n    model: llama-3.1-8b\n    weights: fp8\n"
        + "    gpu: H100-SXM-80GB\n    tensor_parallel: 1\n    replicas: " + replicas + "\n" + extra;
  }

  @Test
  void pickAtCapacity_spillsToAnotherReplica_beforeTheFallback() throws Exception {
    // Session affinity sends all 20 requests (one session, 1 ms apart) to one replica; with a queue limit
    // of 2 that replica is soon full, so requests spill to the others (affinity follows the spill) and only
    // what arrives while every replica has 2 waiting is turned away.
    List<TraceRecord> t = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      t.add(request(0.001 * i, "s", 1024, 200, i));
    }
    Replay.Result r = run(path(4, "    router: session_affinity\n    fallback: none\n"
        + "    overflow: {queue_limit: 2, max_predicted_ttft_ms: 0}\n"), t, "spill");
    JsonNode c = cluster(r);
    assertTrue(c.path("spilled").asLong() >= 3, c.toString());
    assertTrue(c.path("overflowed").asLong() <= 20 - 4 * 2, "only what no replica had room for: " + c);
    assertEquals(0, c.path("never_fit").asLong());
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      ResultSet rs = st.executeQuery("SELECT count(DISTINCT served_by), count(*) FILTER (status = 'ok') FROM '"
          + tmp.resolve("spill/outcomes.parquet") + "'");
      rs.next();
      assertEquals(4, rs.getInt(1), "every replica served: the router's pick was not the only one tried");
      assertEquals(20 - c.path("overflowed").asLong(), rs.getLong(2));
    }
  }

  @Test
  void pastTheContextWindow_neverFits_countedApart_andSentToTheFallback() throws Exception {
    // Llama-3.1-8B's window is 131,072 tokens: a 140,000-token prompt cannot be served at any fleet size.
    List<TraceRecord> t = List.of(request(0, "a", 2_000, 100, 1), request(1, "b", 140_000, 100, 2),
        request(2, "c", 2_000, 100, 3));
    Replay.Result r = run(path(2, ""), t, "window");
    JsonNode c = cluster(r);
    assertEquals(1, c.path("never_fit").asLong(), c.toString());
    assertEquals(140_000, c.path("never_fit_prompt_tokens").asLong());
    assertEquals(0, c.path("overflowed").asLong());
    JsonNode p = r.summary().path("paths").get(0);
    assertEquals(1, p.path("fallbacks").asLong(), p.toString());
  }

  @Test
  void ownPrefillBeyondTheTtftTarget_isServedAndCountedUnattainable_notOverflowed() throws Exception {
    // A 100,000-token prompt takes seconds to prefill on one H100 even when idle: no fleet size meets a 2 s TTFT.
    List<TraceRecord> t = List.of(request(0, "a", 100_000, 100, 1), request(60, "b", 1_000, 100, 2));
    Replay.Result r = run(path(1, ""), t, "unattainable");
    JsonNode c = cluster(r);
    assertEquals(1, c.path("ttft_unattainable").asLong(), c.toString());
    assertEquals(100_000, c.path("ttft_unattainable_prompt_tokens").asLong());
    assertEquals(0, c.path("overflowed").asLong());
    assertEquals(0, r.summary().path("paths").get(0).path("fallbacks").asLong());
  }

  @Test
  void unattainable_followsTheSloTargetForThePromptLength() throws Exception {
    // With a 30 s TTFT target for prompts over 32,000 tokens, a 100,000-token prompt's prefill (seconds on one
    // H100) is attainable: nothing is counted — although the capacity rule still uses 2 s of queued prefill.
    List<TraceRecord> t = List.of(request(0, "a", 100_000, 100, 1), request(60, "b", 1_000, 100, 2));
    String slo = "slo: {ttft_ms: 30000, ttft_by_prompt_tokens: [{up_to: 32000, ttft_ms: 2000}]}\n";
    JsonNode c = cluster(run(slo + path(1, "    overflow: {max_predicted_ttft_ms: 2000}\n"), t, "unattainable-buckets"));
    assertEquals(0, c.path("ttft_unattainable").asLong(), c.toString());
  }

  @Test
  void admissionConsidersTpot_aBatchThatWouldDecodeTooSlowly_turnsTheRequestAway() throws Exception {
    // Two 100,000-token contexts on one Llama-3.1-8B replica: each decode step reads ~13 GB of KV per
    // sequence, so a batch of two runs well above 8 ms a token. With an 8 ms TPOT rule the second request
    // is turned away while the first decodes; with the rule off it is admitted.
    List<TraceRecord> t = List.of(request(0, "a", 100_000, 2_000, 1), request(15, "b", 100_000, 100, 2));
    String base = "    fallback: none\n    overflow: {queue_limit: 32, max_predicted_ttft_ms: 0, max_predicted_tpot_ms: ";
    JsonNode strict = cluster(run(path(1, base + "8}\n"), t, "tpot-strict"));
    assertEquals(1, strict.path("overflowed").asLong(), strict.toString());
    JsonNode off = cluster(run(path(1, base + "0}\n"), t, "tpot-off"));
    assertEquals(0, off.path("overflowed").asLong(), off.toString());
  }

  @Test
  void interTokenLatency_showsThePrefillStallsDecodingSequencesSee() throws Exception {
    // Four sequences decode 1,000 tokens each; a 60,000-token prompt arrives meanwhile and is prefilled in
    // 8,192-token chunks batched with their decode steps: those steps are far longer than a decode step,
    // and the decoders see them as inter-token stalls (p99 and max), not as a mean TPOT.
    List<TraceRecord> t = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      t.add(request(0.001 * i, "d" + i, 1_000, 1_000, 10 + i));
    }
    t.add(request(2, "long", 60_000, 10, 99));
    JsonNode itl = cluster(run(path(1, "    fallback: none\n"), t, "itl")).path("inter_token_latency_ms");
    assertTrue(itl.path("tokens").asLong() >= 4 * 999, itl.toString());
    double p50 = itl.path("p50").asDouble();
    double max = itl.path("max").asDouble();
    assertTrue(max > 5 * p50, "a prefill chunk stalls decoding: " + itl);
  }

  @Test
  @EnabledIf("io.replaygate.trace.SharedTraces#present")
  void mooncakeHour_atLowLoad_sendsUnderTwoPercentOfTokensToTheFallback() throws Exception {
    List<TraceRecord> trace = new ArrayList<>();
    try (var r = TraceSources.open(SharedTraces.resolve("mooncake/conversation_trace.jsonl"), ReadOptions.DEFAULTS)) {
      r.forEachRemaining(trace::add);
    }
    // The default fleet is sized at 70% of the busiest window's work; 70/30 of it runs at ≤ 30% load.
    Replay.Result sized = run("paths:\n  - {name: c, profile: byoc_dynamo}\n", trace, "sized");
    int replicas = cluster(sized).path("deployments").get(0).path("peak_replicas").asInt();
    assertTrue(replicas > 0, cluster(sized).toString());
    int low = (int) Math.ceil(replicas * 0.7 / 0.3);
    Replay.Result r = run("paths:\n  - {name: c, profile: byoc_dynamo, replicas: " + low + "}\n", trace, "low");
    JsonNode c = cluster(r);
    double total = trace.stream().mapToLong(TraceRecord::inputTokens).sum();
    double fallbackTokens = c.path("overflowed_prompt_tokens").asLong() + c.path("never_fit_prompt_tokens").asLong();
    System.out.printf(Locale.US, "Mooncake hour, %d replicas (default %d): fallback %.2f%% of prompt tokens, "
        + "overflowed %d, never fit %d, spilled %d, TTFT unattainable %d requests%n", low, replicas,
        100 * fallbackTokens / total, c.path("overflowed").asLong(), c.path("never_fit").asLong(),
        c.path("spilled").asLong(), c.path("ttft_unattainable").asLong());
    assertTrue(fallbackTokens / total < 0.02, c.toString());
  }
}
