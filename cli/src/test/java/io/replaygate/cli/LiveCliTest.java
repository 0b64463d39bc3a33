package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.replay.live.EmulatedReplica;
import io.replaygate.replay.live.Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live path through the command line against the emulator on loopback: register, refused until a heartbeat,
 * heartbeat, list, replay a trace with live:NAME, and outcomes joined per request with a simulated path.
 */
class LiveCliTest {
  @TempDir
  Path dir;

  @Test
  void register_heartbeat_replayLive_andJoinWithTheSimulation() throws Exception {
    try (Emulator emu = new Emulator("llama-3.1-70b", new EmulatedReplica((p, a, d, c) -> p > 0 ? 0.002 + p * 1e-6
        : 0.001, 16, 100_000, 16, 1.0), Emulator.Faults.NONE, 1L, 0)) {
      String ws = dir.resolve("ws.duckdb").toString();
      CliTest.Result reg = CliTest.run("clusters", "--workspace", ws, "register", "emu", "--profile", "byoc_dynamo",
          "--endpoint", emu.baseUrl(), "--model", "llama-3.1-70b", "--gpu", "H100-SXM-80GB", "--gpus", "4");
      assertEquals(0, reg.code(), reg.err());
      Path trace = dir.resolve("trace.jsonl");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        lines.add("{\"arrival_us\": " + (1_772_445_600_000_000L + i * 1_000_000L) + ", \"request_id\": \"r" + i
            + "\", \"model_path\": \"coding/llama\", \"model\": \"llama-3.1-70b\", \"input_tokens\": 128, "
            + "\"output_tokens\": 4, \"block_hashes\": [1, 2, 3, " + (10 + i) + "], \"status\": \"ok\"}");
      }
      Files.writeString(trace, "{\"replaygate_trace\": {\"schema_version\": 1, \"block_tokens\": 32, "
          + "\"time_origin\": \"epoch\", \"source_format\": \"jsonl\", \"capabilities\": \"block_hashes,models\"}}\n"
          + String.join("\n", lines) + "\n");
      Path out = dir.resolve("run");
      CliTest.Result refused = CliTest.run("replay", trace.toString(), "--workspace", ws, "--path", "live:emu", "--out",
          out.toString());
      assertEquals(2, refused.code());
      assertTrue(refused.err().contains("has never answered a heartbeat"), refused.err());
      CliTest.Result hb = CliTest.run("clusters", "--workspace", ws, "heartbeat", "emu");
      assertEquals(0, hb.code(), hb.out() + hb.err());
      assertTrue(hb.out().contains("emu: ok") && hb.out().contains("serves llama-3.1-70b"), hb.out());
      CliTest.Result list = CliTest.run("clusters", "--workspace", ws, "list", "--json");
      JsonNode l = new ObjectMapper().readTree(list.out());
      assertTrue(l.get(0).path("active").asBoolean(), list.out());

      CliTest.Result replay = CliTest.run("replay", trace.toString(), "--workspace", ws, "--path", "live:emu", "--path",
          "managed:ideal", "--out", out.toString(), "--speedup", "4", "--price-date", "2026-07-24");
      assertEquals(0, replay.code(), replay.err());
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); ResultSet r = c.createStatement().executeQuery(
          "SELECT l.request_index, l.input_tokens, l.cache_read_tokens, l.output_tokens, l.status, s.cache_read_tokens "
              + "FROM read_parquet('" + out.resolve("outcomes.parquet") + "') l JOIN read_parquet('"
              + out.resolve("outcomes.parquet") + "') s ON l.request_index = s.request_index "
              + "WHERE l.path = 'live:emu' AND s.path = 'managed:ideal' ORDER BY 1")) {
        int n = 0;
        while (r.next()) {
          assertEquals(128, r.getInt(2), "the server counted the synthesized prompt exactly");
          assertEquals(4, r.getInt(4));
          assertEquals("ok", r.getString(5));
          if (n > 0) {
            assertEquals(96, r.getLong(3), "three shared blocks of 32 tokens, as the trace says");
            assertEquals(96, r.getLong(6), "and as the ideal cache simulates");
          }
          n++;
        }
        assertEquals(6, n, "every request joins its simulated twin");
      }
      JsonNode live = null;
      for (JsonNode p : new ObjectMapper().readTree(out.resolve("summary.json").toFile()).path("paths")) {
        live = p.path("path").asText().equals("live:emu") ? p : live;
      }
      assertEquals(0, live.path("live").path("prompt_drift_requests").asLong(), "token-exact prompts");
      assertEquals(0, live.path("live").path("short_outputs").asLong());
      assertEquals(6 * 3, live.path("live").path("inter_token_ms").path("gaps").asLong(), "3 gaps between 4 tokens");
      assertTrue(live.path("cost_usd").asDouble() > 0, "4 registered H100s over the replayed period: " + live);
      CliTest.Result gone = CliTest.run("clusters", "--workspace", ws, "remove", "emu");
      assertEquals(0, gone.code(), gone.err());
      assertFalse(CliTest.run("clusters", "--workspace", ws, "list").out().contains("emu "));
    }
  }

  /**
   * A cluster registered with its own terms is priced by them: with no operations, engineering or platform fee its
   * cost is its GPUs alone, below the same cluster on the sourced defaults; a mistake in the terms file is an error at
   * its line, and nothing is registered.
   */
  @Test
  void register_withItsOwnTerms_pricesTheLiveClusterByThem() throws Exception {
    try (Emulator emu = new Emulator("llama-3.1-70b", new EmulatedReplica((p, a, d, c) -> 0.001, 16, 100_000, 16, 1.0),
        Emulator.Faults.NONE, 1L, 0)) {
      String ws = dir.resolve("terms.duckdb").toString();
      Path bad = Files.writeString(dir.resolve("bad-terms.yaml"), "engineering_usd: 0\nops_usd_per_month: lots\n");
      CliTest.Result refused = CliTest.run("clusters", "--workspace", ws, "register", "lean", "--profile",
          "byoc_dynamo", "--endpoint", emu.baseUrl(), "--model", "llama-3.1-70b", "--gpu", "H100-SXM-80GB", "--gpus",
          "4", "--terms", bad.toString());
      assertEquals(2, refused.code());
      assertTrue(refused.err().contains(bad + ": line 2") && refused.err().contains("ops_usd_per_month"),
          refused.err());
      Path lean = Files.writeString(dir.resolve("lean-terms.yaml"), "ops_usd_per_month: 0\nengineering_usd: 0\n"
          + "platform_fees: []\negress_usd_per_gb: 0\n");
      for (String[] c : new String[][] {{"lean", lean.toString()}, {"full", null}}) {
        List<String> args = new ArrayList<>(List.of("clusters", "--workspace", ws, "register", c[0], "--profile",
            "byoc_dynamo", "--endpoint", emu.baseUrl(), "--model", "llama-3.1-70b", "--gpu", "H100-SXM-80GB", "--gpus",
            "4"));
        if (c[1] != null) {
          args.addAll(List.of("--terms", c[1]));
        }
        CliTest.Result reg = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, reg.code(), reg.err());
      }
      assertEquals(0, CliTest.run("clusters", "--workspace", ws, "heartbeat").code());
      JsonNode listed = new ObjectMapper().readTree(CliTest.run("clusters", "--workspace", ws, "list", "--json").out());
      assertEquals("registered", listed.get(1).path("cluster_terms").asText(), listed.toString());
      // Active is configurable: with a window shorter than the time since the heartbeat, neither is.
      Thread.sleep(30);
      JsonNode strict = new ObjectMapper().readTree(CliTest.run("clusters", "--workspace", ws, "list", "--json",
          "--active-within", "20ms").out());
      assertTrue(!strict.get(0).path("active").asBoolean() && !strict.get(1).path("active").asBoolean(),
          strict.toString());
      Path trace = dir.resolve("terms-trace.jsonl");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        lines.add("{\"arrival_us\": " + (1_772_445_600_000_000L + i * 1_000_000L) + ", \"model_path\": \"a/m\", "
            + "\"model\": \"llama-3.1-70b\", \"input_tokens\": 64, \"output_tokens\": 2, \"status\": \"ok\"}");
      }
      Files.write(trace, lines);
      CliTest.Result stale = CliTest.run("replay", trace.toString(), "--workspace", ws, "--path", "live:lean", "--out",
          dir.resolve("stale").toString(), "--active-within", "20ms", "--format", "jsonl");
      assertEquals(2, stale.code());
      assertTrue(stale.err().contains("is not active") && stale.err().contains("within 20 ms"), stale.err());
      Path out = dir.resolve("terms-run");
      CliTest.Result replay = CliTest.run("replay", trace.toString(), "--workspace", ws, "--path", "live:lean", "--path",
          "live:full", "--out", out.toString(), "--speedup", "4", "--price-date", "2026-07-24", "--format", "jsonl");
      assertEquals(0, replay.code(), replay.err());
      double leanCost = 0;
      double fullCost = 0;
      for (JsonNode p : new ObjectMapper().readTree(out.resolve("summary.json").toFile()).path("paths")) {
        if (p.path("path").asText().equals("live:lean")) {
          leanCost = p.path("cost_usd").asDouble();
        } else if (p.path("path").asText().equals("live:full")) {
          fullCost = p.path("cost_usd").asDouble();
        }
      }
      assertTrue(leanCost > 0 && leanCost < fullCost, "its GPUs alone, below the defaults' full cost: " + leanCost
          + " vs " + fullCost);
    }
  }

  /**
   * The API key lives only in the environment: a child process registers, heartbeats and replays against an emulator
   * that requires it, and the key appears in no output file, database or stream; with the variable unset, the error
   * names the variable, not a key.
   */
  @Test
  void apiKey_fromTheEnvironment_neverWrittenOrPrinted() throws Exception {
    String key = "sk-planted-" + Long.toHexString(System.nanoTime()) + "-do-not-leak";
    try (Emulator emu = new Emulator("m", new EmulatedReplica((p, a, d, c) -> 0.001, 16, 10_000, 8, 1.0),
        Emulator.Faults.NONE, 1L, 0, key)) {
      String ws = dir.resolve("ws.duckdb").toString();
      Path trace = dir.resolve("t.jsonl");
      Files.writeString(trace, "{\"arrival_us\": 1772445600000000, \"model_path\": \"a/m\", \"model\": \"m\", "
          + "\"input_tokens\": 40, \"output_tokens\": 2, \"status\": \"ok\"}\n");
      Path out = dir.resolve("run");
      StringBuilder streams = new StringBuilder();
      String[][] steps = {
          {"clusters", "--workspace", ws, "register", "k", "--profile", "byoc_epp", "--endpoint", emu.baseUrl(),
              "--model", "m", "--api-key-env", "EMU_KEY"},
          {"clusters", "--workspace", ws, "heartbeat", "k"},
          {"replay", trace.toString(), "--workspace", ws, "--path", "live:k", "--out", out.toString()}};
      for (String[] args : steps) {
        Child c = child(key, args);
        streams.append(c.out);
        assertEquals(0, c.code, String.join(" ", args) + ": " + c.out);
      }
      JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
      assertEquals(1, summary.path("paths").get(0).path("served").asLong(), "the server took the key: "
          + summary.path("paths").get(0));
      assertTrue(summary.path("paths").get(0).path("live").path("send_lag_ms").path("max").asDouble() < 250,
          "the first request goes out on time: " + summary.path("paths").get(0).path("live"));
      Child unset = child(null, "clusters", "--workspace", ws, "heartbeat", "k");
      assertEquals(1, unset.code, unset.out);
      assertTrue(unset.out.contains("environment variable EMU_KEY is not set"), unset.out);
      streams.append(unset.out);
      assertFalse(streams.toString().contains(key), "a stream leaks the key");
      List<Path> files = new ArrayList<>();
      try (var walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
      assertTrue(files.stream().anyMatch(f -> f.endsWith("outcomes.parquet")), files.toString());
      for (Path f : files) {
        assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(key),
            f + " leaks the key");
      }
    }
  }

  /**
   * Closing the loop: an emulator whose step time is known (20 ms + 200 us per prefill token + 5 ms per decoding
   * sequence: large beside the server's own HTTP and streaming overheads), a live run that sends prompts of many sizes
   * alone and then bursts of 2, 4 and 8, and the calibration recovers both slopes within 10%, with its error under the
   * published bar. The emulator's steps are real sleeps and the run is timed by the wall clock: on a loaded 2-core
   * machine (CI) a run can be disturbed past what leaving outliers out absorbs (here, under four busy loops, one run in
   * three fitted 227 us per token), so a run that misses is made again, up to three runs in all; every run is checked
   * in full, and the last one's misses fail the test.
   */
  @Test
  void calibrateCluster_recoversKnownStepTimes_fromALiveRun() throws Exception {
    List<String> misses = new ArrayList<>();
    for (int run = 1; run <= 3; run++) {
      misses = calibratedLiveRun(dir.resolve("run-" + run));
      if (misses.isEmpty()) {
        return;
      }
      System.err.println("LiveCliTest: calibration run " + run + " disturbed: " + misses);
    }
    fail(misses.toString());
  }

  /** One live run against the known step time, calibrated: what it misses of the test's bar (empty: none). */
  private static List<String> calibratedLiveRun(Path dir) throws Exception {
    Files.createDirectories(dir);
    io.replaygate.replay.byoc.step.StepTimeModel known = (p, a, d, c) -> 0.020 + 200e-6 * p + 0.005 * d;
    try (Emulator emu = new Emulator("m", new EmulatedReplica(known, 16, 100_000, 64, 1.0), Emulator.Faults.NONE, 1L,
        0)) {
      String ws = dir.resolve("ws.duckdb").toString();
      assertEquals(0, CliTest.run("clusters", "--workspace", ws, "register", "c", "--profile", "byoc_dynamo",
          "--endpoint", emu.baseUrl(), "--model", "m").code());
      assertEquals(0, CliTest.run("clusters", "--workspace", ws, "heartbeat", "c").code());
      List<String> lines = new ArrayList<>();
      long t = 1_772_445_600_000_000L;
      for (int i = 0; i < 12; i++) { // alone: prompts of 200 .. 2,400 tokens
        lines.add(line(t, 200 * (i + 1), 3));
        t += 700_000;
      }
      for (int k : new int[] {2, 4, 8}) { // bursts: k decoding at once
        for (int j = 0; j < k; j++) {
          lines.add(line(t, 40, 24));
        }
        t += 2_000_000;
      }
      Path trace = dir.resolve("calib.jsonl");
      Files.write(trace, lines);
      Path out = dir.resolve("live-run");
      CliTest.Result replay = CliTest.run("replay", trace.toString(), "--workspace", ws, "--path", "live:c", "--out",
          out.toString(), "--format", "jsonl");
      assertEquals(0, replay.code(), replay.err());
      Path csv = dir.resolve("fitted.csv");
      CliTest.Result cal = CliTest.run("calibrate", "cluster", "--live", out.toString(), "--out", csv.toString(),
          "--json");
      assertEquals(0, cal.code(), cal.err());
      JsonNode r = new ObjectMapper().readTree(cal.out());
      // What holds whatever the machine's load: the report's shape and the measurements written.
      assertEquals(r.path("requests").asInt(), r.path("error_pct").path("all").path("e2e").path("after").path("n")
          .asInt(), "every request's end to end");
      assertTrue(Files.readString(csv).startsWith(io.replaygate.replay.byoc.step.FittedStepTime.HEADER));
      assertEquals(r.path("prefill_steps").asLong() + r.path("decode_steps").asLong(),
          io.replaygate.replay.byoc.step.FittedStepTime.read(csv).size(), "the written measurements read back");
      // What a disturbed run can miss.
      List<String> misses = new ArrayList<>();
      double prefill = r.path("coefficients").path("prefill_s_per_token").asDouble();
      double decode = r.path("coefficients").path("decode_s_per_sequence").asDouble();
      JsonNode all = r.path("error_pct").path("all");
      if (Math.abs(prefill - 200e-6) > 20e-6) {
        misses.add("prefill slope " + prefill);
      }
      if (Math.abs(decode - 0.005) > 0.0005) {
        misses.add("decode slope " + decode);
      }
      if (!(all.path("ttft").path("after").path("mape").asDouble() < all.path("ttft").path("before").path("mape")
          .asDouble())) {
        misses.add("TTFT error not lower after the fit");
      }
      // The published bar (the best outside-checked simulator): ~6.5% median E2E error, ~23% TTFT error.
      if (!(all.path("e2e").path("after").path("p50").asDouble() < 6.5)) {
        misses.add("median E2E error " + all.path("e2e").path("after").path("p50").asDouble() + "%");
      }
      if (!(all.path("ttft").path("after").path("mape").asDouble() < 23)) {
        misses.add("TTFT MAPE " + all.path("ttft").path("after").path("mape").asDouble() + "%");
      }
      if (!misses.isEmpty()) {
        misses.add("report " + r);
      }
      return misses;
    }
  }

  private static String line(long t, int input, int output) {
    return "{\"arrival_us\": " + t + ", \"model_path\": \"a/m\", \"model\": \"m\", \"input_tokens\": " + input
        + ", \"output_tokens\": " + output + ", \"status\": \"ok\"}";
  }

  /**
   * A managed probe (the emulator in Anthropic's dialect, billed as Claude Sonnet 4.5): refused without a spend cap,
   * planned by --dry-run without sending, and stopped before the cap when six requests arrive at once — one
   * worst case fits the cap, so five are not sent and the spend stays under it.
   */
  @Test
  void managedProbe_needsACap_plansDry_andNeverCrossesIt() throws Exception {
    try (Emulator emu = new Emulator("claude-sonnet-4-5", new EmulatedReplica((p, a, d, c) -> 0.001, 16, 100_000, 16,
        1.0), Emulator.Faults.NONE, 1L, 0)) {
      String ws = dir.resolve("ws.duckdb").toString();
      CliTest.Result reg = CliTest.run("clusters", "--workspace", ws, "register", "anth", "--profile", "managed",
          "--api", "anthropic", "--priced-as", "anthropic/claude-sonnet-4-5", "--endpoint", emu.baseUrl(), "--model",
          "claude-sonnet-4-5");
      assertEquals(0, reg.code(), reg.err());
      CliTest.Result hb = CliTest.run("clusters", "--workspace", ws, "heartbeat", "anth");
      assertEquals(0, hb.code(), hb.out() + hb.err());
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        lines.add("{\"arrival_us\": 1772445600000000, \"model_path\": \"a/m\", \"model\": \"m\", "
            + "\"input_tokens\": 10000, \"output_tokens\": 100, \"status\": \"ok\"}");
      }
      Path trace = dir.resolve("burst.jsonl");
      Files.write(trace, lines);
      Path out = dir.resolve("probe");
      CliTest.Result noCap = CliTest.run("replay", trace.toString(), "--workspace", ws, "--path", "live:anth", "--out",
          out.toString(), "--price-date", "2026-07-24");
      assertEquals(2, noCap.code());
      assertTrue(noCap.err().contains("--max-spend-usd is required"), noCap.err());
      CliTest.Result dry = CliTest.run("replay", trace.toString(), "--workspace", ws, "--path", "live:anth", "--out",
          out.toString(), "--price-date", "2026-07-24", "--dry-run");
      assertEquals(0, dry.code(), dry.err());
      // Worst case: 60,000 prompt tokens at the dearest input price ($6/M, the 1-hour cache write) + 600 output
      // tokens at $15/M = $0.36 + $0.009.
      assertTrue(dry.out().contains("6 requests") && dry.out().contains("worst case $0.37"), dry.out());
      assertFalse(Files.exists(out), "a dry run writes nothing");
      CliTest.Result capped = CliTest.run("replay", trace.toString(), "--workspace", ws, "--path", "live:anth", "--out",
          out.toString(), "--price-date", "2026-07-24", "--max-spend-usd", "0.10");
      assertEquals(0, capped.code(), capped.err());
      JsonNode live = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).path("paths").get(0);
      JsonNode spend = live.path("live").path("spend");
      assertEquals(5, spend.path("not_sent").asLong(), live.toString());
      assertTrue(spend.path("stopped_at_cap").asBoolean());
      assertTrue(spend.path("spent_usd").asDouble() > 0.03 && spend.path("spent_usd").asDouble() <= 0.10,
          "one request: ~10,000 tokens written at $3.75/M: " + spend);
      assertEquals(1, live.path("served").asLong());
      assertEquals(spend.path("spent_usd").asDouble(), live.path("cost_usd").asDouble(), 1e-6,
          "the path's cost (its measured tokens at the catalog's prices) is what the cap counted");
      assertTrue(live.path("cache_write_tokens").asLong() > 9_000, "Anthropic's cache writes, measured: " + live);
    }
  }

  /**
   * Ctrl-C during a live run: a child process replaying 40 requests 250 ms apart gets SIGINT after about two
   * seconds; it stops sending, drains what is in flight, and writes complete outputs marked partial — every request
   * has its row (served ones ok, the rest not_sent) and no temporary file is left.
   */
  @Test
  void ctrlC_stopsSending_drains_andWritesCompletePartialOutputs() throws Exception {
    try (Emulator emu = new Emulator("m", new EmulatedReplica((p, a, d, c) -> 0.002, 16, 10_000, 8, 1.0),
        Emulator.Faults.NONE, 1L, 0)) {
      String ws = dir.resolve("ws.duckdb").toString();
      assertEquals(0, CliTest.run("clusters", "--workspace", ws, "register", "c", "--profile", "byoc_dynamo",
          "--endpoint", emu.baseUrl(), "--model", "m").code());
      assertEquals(0, CliTest.run("clusters", "--workspace", ws, "heartbeat", "c").code());
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        lines.add(line(1_772_445_600_000_000L + i * 250_000L, 64, 4));
      }
      Path trace = dir.resolve("long.jsonl");
      Files.write(trace, lines);
      Path out = dir.resolve("interrupted");
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
          "io.replaygate.cli.Main", "replay", trace.toString(), "--workspace", ws, "--path", "live:c", "--out",
          out.toString(), "--format", "jsonl"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile()).start();
      // Signal once the server has served the warm-up and two timed requests (the child's start-up varies with load).
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      long deadline = System.nanoTime() + 60_000_000_000L;
      double served = 0;
      while (served < 3 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(emu.baseUrl()
            + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("vllm:request_success_total\\{[^}]*\\} (\\S+)")
            .matcher(metrics);
        served = m.find() ? Double.parseDouble(m.group(1)) : 0;
      }
      assertTrue(served >= 3, "the child started serving: " + served);
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "it ends within the drain bound");
      String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(130, p.exitValue(), "ended by its SIGINT, after writing: " + log);
      JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
      assertTrue(summary.path("partial").asText().startsWith("interrupted"), summary.path("partial") + " " + log);
      JsonNode live = summary.path("paths").get(0).path("live");
      assertTrue(live.path("partial").asBoolean(), live.toString());
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); ResultSet r = c.createStatement().executeQuery(
          "SELECT count(*), count(*) FILTER (WHERE status = 'ok'), count(*) FILTER (WHERE status = 'not_sent') "
              + "FROM read_parquet('" + out.resolve("outcomes.parquet") + "')")) {
        r.next();
        assertEquals(40, r.getLong(1), "every request has its row");
        assertTrue(r.getLong(2) >= 1 && r.getLong(3) >= 10, "some served, the rest not sent: " + r.getLong(2) + " ok, "
            + r.getLong(3) + " not sent");
        assertEquals(40, r.getLong(2) + r.getLong(3), "nothing lost in between");
      }
      try (var files = Files.walk(out)) {
        assertFalse(files.anyMatch(f -> f.toString().endsWith(".part") || f.toString().contains(".tmp")),
            "no temporary file left");
      }
    }
  }

  /**
   * run gates on a live path: a registered cluster (4 H100s) measured against the managed baseline over the same
   * traffic; the verdict names it as the BYOC candidate and every figure it rests on is the measured one.
   */
  @Test
  void run_gatesOnALivePath() throws Exception {
    try (Emulator emu = new Emulator("llama-3.1-70b", new EmulatedReplica((p, a, d, c) -> 0.001, 16, 100_000, 16,
        1.0), Emulator.Faults.NONE, 1L, 0)) {
      String ws = dir.resolve("ws.duckdb").toString();
      assertEquals(0, CliTest.run("clusters", "--workspace", ws, "register", "gpu4", "--profile", "byoc_dynamo",
          "--endpoint", emu.baseUrl(), "--model", "llama-3.1-70b", "--gpu", "H100-SXM-80GB", "--gpus", "4").code());
      assertEquals(0, CliTest.run("clusters", "--workspace", ws, "heartbeat", "gpu4").code());
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        lines.add("{\"arrival_us\": " + (1_772_445_600_000_000L + i * 200_000L) + ", \"model_path\": \"coding/sonnet\", "
            + "\"provider\": \"anthropic\", \"model\": \"claude-sonnet-4-5\", \"input_tokens\": 2000, "
            + "\"output_tokens\": 8, \"status\": \"ok\"}");
      }
      Path trace = dir.resolve("run.jsonl");
      Files.write(trace, lines);
      Path out = dir.resolve("verdict-run");
      CliTest.Result r = CliTest.run("run", trace.toString(), "--workspace", ws, "--history",
          dir.resolve("h.duckdb").toString(), "--path", "live:gpu4", "--out", out.toString(), "--price-date",
          "2026-07-24");
      assertTrue(r.code() == 0 || r.code() == 1, r.err());
      JsonNode verdict = new ObjectMapper().readTree(out.resolve("verdict.json").toFile());
      assertTrue(verdict.toString().contains("live:gpu4"), "the verdict weighs the live path: " + verdict);
      CliTest.Result bad = CliTest.run("run", trace.toString(), "--workspace", ws, "--path", "live:gpu4", "--limit", "3",
          "--out", dir.resolve("x").toString());
      assertEquals(2, bad.code());
      assertTrue(bad.err().contains("use replaygate replay"), bad.err());
    }
  }

  private record Child(int code, String out) {}

  /** The command line in a child JVM (this test's class path), with {@code EMU_KEY} set to {@code key} or unset. */
  private Child child(String key, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "io.replaygate.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
    pb.environment().remove("EMU_KEY");
    if (key != null) {
      pb.environment().put("EMU_KEY", key);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    return new Child(p.waitFor(), out);
  }
}
