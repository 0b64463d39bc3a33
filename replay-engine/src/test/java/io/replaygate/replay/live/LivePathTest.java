package io.replaygate.replay.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.replay.core.Outcome;
import io.replaygate.replay.core.PathStats;
import io.replaygate.replay.core.Request;
import io.replaygate.replay.core.Slo;
import io.replaygate.trace.TraceRecord;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The live path against the emulator on loopback, with known step times and injected faults: what it measures
 * (latency from the intended send, cached tokens, output lengths), coordinated omission made visible by a stalled
 * server, retries, and the refusal of plain HTTP off loopback.
 */
class LivePathTest {
  static final String MODEL = "m";

  /** {@code n} requests {@code gapMs} apart, each 64 prompt tokens in 4 blocks of 16 sharing the first 3. */
  static List<Request> trace(int n, long gapMs, int output) {
    List<Request> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TraceRecord r = new TraceRecord(1_772_445_600_000_000L + i * gapMs * 1000, "r" + i, "t", "coding/m", MODEL, null,
          null, 64, output, null, null, new long[] {1, 2, 3, 100 + i}, null, null, "ok", null);
      out.add(new Request(i, r, 16));
    }
    return out;
  }

  static List<Outcome> replay(Emulator emu, List<Request> trace, int concurrency, int retries) {
    return replay(emu, trace, concurrency, retries, null);
  }

  static List<Outcome> replay(Emulator emu, List<Request> trace, int concurrency, int retries,
      List<LivePath> keep) {
    return replay(emu, trace, concurrency, retries, keep, LiveClient.Api.COMPLETIONS);
  }

  static List<Outcome> replay(Emulator emu, List<Request> trace, int concurrency, int retries,
      List<LivePath> keep, LiveClient.Api api) {
    LiveTarget target = new LiveTarget("emu", URI.create(emu.baseUrl()), MODEL, null, false,
        api == LiveClient.Api.MESSAGES ? "anthropic" : api == LiveClient.Api.GEMINI ? "gemini" : "openai", null);
    LiveClient client = new LiveClient(target, api, retries,
        Duration.ofSeconds(2), Duration.ofSeconds(30));
    List<Outcome> outcomes = new ArrayList<>();
    LivePath path = new LivePath("live:emu", client, new LivePath.Options(1.0, concurrency, 7), outcomes::add,
        new PathStats(), Slo.DEFAULT);
    trace.forEach(path::arrive);
    path.finish();
    if (keep != null) {
      keep.add(path);
    }
    return outcomes;
  }

  @Test
  void measures_cachedTokens_outputs_andLatencies_ofAKnownServer() throws Exception {
    // Prefill: 20 ms + 0.1 ms per uncached token; decode: 5 ms per step.
    EmulatedReplica replica = new EmulatedReplica((p, a, d, c) -> p > 0 ? 0.020 + p * 1e-4 : 0.005, 16, 10_000, 8, 1.0);
    try (Emulator emu = new Emulator(MODEL, replica, Emulator.Faults.NONE, 1L, 0)) {
      List<LivePath> kept = new ArrayList<>();
      List<Outcome> out = replay(emu, trace(4, 300, 8), 4, 0, kept);
      assertEquals(List.of(0L, 1L, 2L, 3L), out.stream().map(Outcome::requestIndex).toList(), "in request order");
      for (Outcome o : out) {
        assertEquals("ok", o.status());
        assertEquals(64, o.inputTokens(), "the synthesized prompt is exactly the recorded 64 tokens");
        assertEquals(8, o.outputTokens());
      }
      assertEquals(0, out.get(0).cacheReadTokens(), "a cold cache");
      assertEquals(48, out.get(1).cacheReadTokens(), "the three shared blocks");
      assertTrue(out.get(0).ttftMs() >= 26.4 && out.get(0).ttftMs() < 200, "20 + 64 x 0.1 ms prefill: "
          + out.get(0).ttftMs());
      assertTrue(out.get(1).ttftMs() >= 21.6 && out.get(1).ttftMs() < out.get(0).ttftMs() + 50,
          "only 16 tokens to prefill: " + out.get(1).ttftMs());
      assertTrue(out.get(2).tpotMs() >= 5 && out.get(2).tpotMs() < 15, "5 ms per decode step: " + out.get(2).tpotMs());
      // The server's own metrics, scraped before and after, say what the usage said.
      com.fasterxml.jackson.databind.node.ObjectNode m = new com.fasterxml.jackson.databind.ObjectMapper()
          .createObjectNode();
      kept.get(0).metrics().write(m);
      assertEquals(0, m.path("failed").asInt());
      assertTrue(m.path("scrapes").asInt() >= 2);
      double cached = out.stream().mapToLong(Outcome::cacheReadTokens).sum();
      double prompt = out.stream().mapToLong(Outcome::inputTokens).sum();
      assertEquals(cached / prompt, m.path("prefix_cache_hit_ratio").asDouble(), 1e-12, m.toString());
    }
  }

  @Test
  void stalledServer_showsItsQueueing_fromTheIntendedSendTime() throws Exception {
    // Every request stalls 150 ms before its first token; one at a time; they arrive every 50 ms.
    EmulatedReplica replica = new EmulatedReplica((p, a, d, c) -> 0.001, 16, 10_000, 8, 1.0);
    try (Emulator emu = new Emulator(MODEL, replica, new Emulator.Faults(0, 1, 0, 1.0, 150, 0), 1L, 0)) {
      List<Outcome> out = replay(emu, trace(5, 50, 2), 1, 0);
      Outcome last = out.get(4);
      double service = last.ttftMs() - last.queueDelayMs();
      assertTrue(service >= 150 && service < 400, "from its actual send, the last request looks fine: " + service);
      assertTrue(last.queueDelayMs() > 350, "it was sent ~4 x (150 - 50) ms late: " + last.queueDelayMs());
      assertTrue(last.ttftMs() > 500, "and its TTFT says so: " + last.ttftMs());
      for (int i = 1; i < out.size(); i++) {
        assertTrue(out.get(i).queueDelayMs() > out.get(i - 1).queueDelayMs(), "the lag grows while the server stalls");
      }
    }
  }

  @Test
  void rateLimited_isRetried_thenCountedAsSuch() throws Exception {
    EmulatedReplica replica = new EmulatedReplica((p, a, d, c) -> 0.0, 16, 1000, 8, 1.0);
    try (Emulator emu = new Emulator(MODEL, replica, new Emulator.Faults(1.0, 0, 0, 0, 0, 0), 1L, 0)) {
      Outcome o = replay(emu, trace(1, 10, 2), 1, 2).get(0);
      assertEquals("rate_limited", o.status());
      assertEquals(2, o.retries(), "retry-after: 0 honoured, twice");
      assertTrue(Double.isNaN(o.ttftMs()));
    }
  }

  @Test
  void plainHttp_offLoopback_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LiveTarget("x", URI.create("http://10.1.2.3:8000"), MODEL, null, false));
    assertTrue(e.getMessage().contains("plain HTTP is allowed only to loopback"), e.getMessage());
    new LiveTarget("x", URI.create("http://10.1.2.3:8000"), MODEL, null, true);
    new LiveTarget("x", URI.create("https://gpu.example.com"), MODEL, null, false);
    new LiveTarget("x", URI.create("http://[::1]:8000"), MODEL, null, false);
  }

  /**
   * Every dialect the live path speaks, against the emulator's: the server's usage is read (prompt, cached, written,
   * output) and the shared blocks show as cache reads on the repeat — for Anthropic behind the breakpoints the
   * adapter sets, which write first.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(LiveClient.Api.class)
  void everyDialect_readsItsUsage_andSeesTheSharedPrefix(LiveClient.Api api) throws Exception {
    EmulatedReplica replica = new EmulatedReplica((p, a, d, c) -> 0.001, 16, 10_000, 8, 1.0);
    try (Emulator emu = new Emulator(MODEL, replica, Emulator.Faults.NONE, 1L, 0)) {
      List<Outcome> out = replay(emu, trace(3, 200, 4), 2, 0, null, api);
      for (Outcome o : out) {
        assertEquals("ok", o.status(), api + " " + o);
        assertEquals(4, o.outputTokens(), api.toString());
        assertTrue(o.inputTokens() >= 64, "the server's own prompt count: " + o.inputTokens());
      }
      assertTrue(out.get(2).cacheReadTokens() >= 32, api + ": the shared blocks are read: " + out.get(2));
      if (api == LiveClient.Api.MESSAGES) {
        assertTrue(out.get(0).cacheWrite5mTokens() > 0, "Anthropic writes first: " + out.get(0));
      }
    }
  }
}
