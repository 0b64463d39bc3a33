package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioException;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traffic grown from the recorded sessions: counts, what stays shared, timing, determinism, the replay's figures. */
class TrafficGrowthTest {
  private static final long MIN = 60_000_000L;
  /** Two blocks every session starts with: a shared system prompt. */
  private static final long S1 = 1001;
  private static final long S2 = 1002;

  @TempDir
  Path tmp;

  /** Session {@code s}'s turn {@code t} at {@code atUs}: the shared system prompt, then its own growing context. */
  private static TraceRecord turn(String s, int t, long atUs) {
    long[] h = new long[3 + t];
    h[0] = S1;
    h[1] = S2;
    for (int i = 2; i < h.length; i++) {
      h[i] = s.hashCode() * 1000L + i;
    }
    return new TraceRecord(atUs, s + "-" + t, "acme", "chat", "claude-sonnet-4-5", "anthropic", s, h.length * 512,
        40, null, null, h, null, null, "ok", null);
  }

  /** Sessions a and b (three and two turns) and one request without a session, over 40 minutes. */
  private static List<TraceRecord> trace() {
    TraceRecord lone = new TraceRecord(25 * MIN, "lone", "acme", "chat", "claude-sonnet-4-5", "anthropic", null,
        1024, 10, null, null, new long[] {77, 78}, null, null, "ok", null);
    return List.of(turn("a", 0, 0), turn("b", 0, 2 * MIN), turn("a", 1, 10 * MIN), turn("b", 1, 20 * MIN), lone,
        turn("a", 2, 40 * MIN));
  }

  private static TraceSource source(List<TraceRecord> records, AtomicInteger opens) {
    return () -> {
      opens.incrementAndGet();
      return ReplayTest.reader(records);
    };
  }

  private static List<TraceRecord> read(TraceSource s) throws IOException {
    List<TraceRecord> out = new ArrayList<>();
    try (TraceReader r = s.open()) {
      r.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void grow_byTwo_replaysEverySessionTwice_keepsSharedBlocks_renamesPrivateOnes() throws IOException {
    AtomicInteger opens = new AtomicInteger();
    TrafficGrowth g = (TrafficGrowth) TrafficGrowth.of(source(trace(), opens), 2, 7);
    List<TraceRecord> out = read(g);
    assertEquals(12, out.size());
    for (int i = 1; i < out.size(); i++) {
      assertTrue(out.get(i - 1).arrivalUs() <= out.get(i).arrivalUs(), "arrival order at " + i);
    }
    Map<String, TraceRecord> byId = new HashMap<>();
    out.forEach(r -> byId.put(r.requestId(), r));
    for (TraceRecord orig : trace()) {
      assertEquals(orig, byId.get(orig.requestId()), "the recorded request is its own first copy");
      TraceRecord copy = byId.get(orig.requestId() + "+g1");
      assertEquals(orig.sessionId() == null ? null : orig.sessionId() + "+g1", copy.sessionId());
      assertEquals(orig.tenant(), copy.tenant());
      assertEquals(orig.inputTokens(), copy.inputTokens());
      long[] h = copy.blockHashes();
      for (int i = 0; i < h.length; i++) {
        boolean shared = orig.blockHashes()[i] == S1 || orig.blockHashes()[i] == S2;
        assertEquals(shared, h[i] == orig.blockHashes()[i], orig.requestId() + " block " + i);
      }
    }
    // A copy is one user's conversation: its turns still extend each other's prefixes.
    long[] t0 = byId.get("a-0+g1").blockHashes();
    long[] t2 = byId.get("a-2+g1").blockHashes();
    assertArrayEquals(t0, java.util.Arrays.copyOf(t2, t0.length));
    // One census pass, then one per open.
    assertEquals(2, opens.get());
    read(g);
    assertEquals(3, opens.get());
    TrafficGrowth.Stats st = g.stats();
    assertEquals(new TrafficGrowth.Stats(2, 7, 3, 6, 6, 12, 2, 7), st);
  }

  @Test
  void copies_keepTheirSpacing_andStayInsideTheTraceSpan() throws IOException {
    for (long seed = 0; seed < 50; seed++) {
      List<TraceRecord> out = read(TrafficGrowth.of(source(trace(), new AtomicInteger()), 3, seed));
      Map<String, TraceRecord> byId = new HashMap<>();
      out.forEach(r -> byId.put(r.requestId(), r));
      for (String copy : List.of("+g1", "+g2")) {
        long shift = byId.get("a-0" + copy).arrivalUs() - 0;
        assertTrue(Math.abs(shift) <= TrafficGrowth.SHIFT_US, "shift " + shift);
        assertEquals(10 * MIN + shift, byId.get("a-1" + copy).arrivalUs());
        assertEquals(40 * MIN + shift, byId.get("a-2" + copy).arrivalUs());
      }
      for (TraceRecord r : out) {
        assertTrue(r.arrivalUs() >= 0 && r.arrivalUs() <= 40 * MIN, r.requestId() + " at " + r.arrivalUs());
      }
      // Session a spans the whole trace: its copies cannot move at all.
      assertEquals(0, byId.get("a-0+g1").arrivalUs());
    }
  }

  @Test
  void fractionalFactor_drawsWholeSessions_aboutThatShare_seeded() throws IOException {
    List<TraceRecord> many = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      many.add(turn("s" + i, 0, i * 1_000_000L));
      many.add(turn("s" + i, 1, i * 1_000_000L + 500_000));
    }
    for (double f : new double[] {1.5, 0.5, 2.25}) {
      TrafficGrowth g = (TrafficGrowth) TrafficGrowth.of(source(many, new AtomicInteger()), f, 11);
      List<TraceRecord> out = read(g);
      Map<String, Integer> turns = new HashMap<>();
      out.forEach(r -> turns.merge(r.sessionId(), 1, Integer::sum));
      assertTrue(turns.values().stream().allMatch(n -> n == 2), f + ": sessions are drawn whole");
      double expected = 2000 * f;
      double sigma = Math.sqrt(2000 * (f % 1) * (1 - f % 1));
      assertTrue(Math.abs(turns.size() - expected) < 4 * sigma, f + ": " + turns.size() + " sessions");
      assertEquals(turns.size(), g.stats().sessionsReplayed());
      assertEquals(out.size(), g.stats().requestsReplayed());
      assertEquals(out, read(g), "the same seed draws the same sessions");
      assertNotEquals(out, read(TrafficGrowth.of(source(many, new AtomicInteger()), f, 12)), "another seed");
    }
  }

  /** A trace without sessions (Azure, BurstGPT): each request is its own session, counted, not kept. */
  @Test
  void requestsWithoutSessions_eachItsOwn_keptAsCounts() throws IOException {
    List<TraceRecord> lone = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      lone.add(TraceRecord.of(i * 2_000_000L, "chat", 64, 4).withBlockHashes(new long[] {7, 1000 + i}));
    }
    TrafficGrowth g = (TrafficGrowth) TrafficGrowth.of(source(lone, new AtomicInteger()), 1.5, 5);
    List<TraceRecord> out = read(g);
    TrafficGrowth.Stats st = g.stats();
    assertEquals(1000, st.sessionsRecorded());
    assertEquals(out.size(), st.requestsReplayed());
    assertEquals(out.size(), st.sessionsReplayed());
    assertTrue(Math.abs(out.size() - 1500) < 4 * Math.sqrt(250), out.size() + " requests");
    assertEquals(1, st.sharedBlocks(), "the block every request starts with");
    for (TraceRecord r : out) {
      assertTrue(r.arrivalUs() >= 0 && r.arrivalUs() <= 999 * 2_000_000L);
      assertEquals(7, r.blockHashes()[0]);
    }
  }

  @Test
  void factorOne_isTheTraceItself_andFactorsOutOfRangeAreRefused() {
    TraceSource s = source(trace(), new AtomicInteger());
    assertSame(s, TrafficGrowth.of(s, 1, 3));
    assertThrows(IllegalArgumentException.class, () -> TrafficGrowth.of(s, 0, 3));
    assertThrows(IllegalArgumentException.class, () -> TrafficGrowth.of(s, Double.NaN, 3));
    assertThrows(IllegalArgumentException.class, () -> TrafficGrowth.of(s, 101, 3));
  }

  @Test
  void scenario_trafficGrowth_doublesTheBill_keepsThePeriod_andSaysSo() throws IOException {
    List<TraceRecord> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      for (int t = 0; t < 3; t++) {
        many.add(turn("s" + i, t, i * 6_000_000L + t * 1_000_000L));
      }
    }
    many.sort(java.util.Comparator.comparingLong(TraceRecord::arrivalUs));
    String paths = "paths:\n  - {name: m, profile: managed, target: anthropic/claude-sonnet-4-5}\n";
    Path plain = tmp.resolve("plain.yaml");
    Files.writeString(plain, paths);
    Path grown = tmp.resolve("grown.yaml");
    Files.writeString(grown, paths + "traffic_growth: 2\n");
    Replay.Result a = Replay.run(source(many, new AtomicInteger()), ScenarioLoader.load(plain),
        CatalogLoader.bundled(), ReplayTest.DAY, 1, tmp.resolve("a"));
    Replay.Result b = Replay.run(source(many, new AtomicInteger()), ScenarioLoader.load(grown),
        CatalogLoader.bundled(), ReplayTest.DAY, 1, tmp.resolve("b"));
    assertEquals(900, a.requests());
    assertEquals(1800, b.requests());
    assertEquals(a.firstArrivalUs(), b.firstArrivalUs());
    assertEquals(a.lastArrivalUs(), b.lastArrivalUs(), "the replayed period is the trace's own");
    double ca = a.paths().get(0).cost().total().doubleValue();
    double cb = b.paths().get(0).cost().total().doubleValue();
    // Every token twice over (prompt tokens as input, cache reads or writes; output); the bill about double: the
    // copies share the system prompt with everyone, but at twice the density more of them start before a write
    // lands, so the shares of reads and writes move a little.
    assertEquals(2 * tokens(a, "output"), tokens(b, "output"), 1e-9);
    assertEquals(2 * tokens(a, "input", "cache read", "cache write"), tokens(b, "input", "cache read", "cache write"),
        1e-9);
    double ratio = b.paths().get(0).cost().total().doubleValue() / a.paths().get(0).cost().total().doubleValue();
    assertEquals(2, ratio, 0.05);
    JsonNode g = b.summary().path("trace").path("traffic_growth");
    assertEquals(300, g.path("sessions_recorded").asLong());
    assertEquals(600, g.path("sessions_replayed").asLong());
    assertEquals(1800, g.path("requests_replayed").asLong());
    assertTrue(b.summary().path("assumptions").get(0).asText().startsWith("traffic grown x2 from the recorded "
        + "sessions (seed 1): 300 sessions replayed as 600 (900 requests as 1,800)"), b.summary().path("assumptions")
        .toString());
    assertTrue(a.summary().path("trace").path("traffic_growth").isMissingNode());
    assertEquals("traffic thinned to x0.5 of the recorded sessions (seed 1): 150 of 300 sessions replayed whole (450 "
        + "of 900 requests)", Replay.growthAssumption(new TrafficGrowth.Stats(0.5, 1, 300, 150, 900, 450, 0, 0)));
  }

  /** Million tokens on the path's cost lines whose item names one of {@code kinds}. */
  private static double tokens(Replay.Result r, String... kinds) {
    return r.paths().get(0).cost().lines().stream()
        .filter(l -> java.util.Arrays.stream(kinds).anyMatch(k -> l.item().endsWith(" " + k)
            || l.item().contains(" " + k + " (")))
        .mapToDouble(l -> l.quantity().doubleValue()).sum();
  }

  @Test
  void scenario_trafficGrowth_outOfRange_isLocated() throws IOException {
    Path s = tmp.resolve("s.yaml");
    Files.writeString(s, "traffic_growth: 0\n");
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(s));
    assertTrue(e.getMessage().contains("traffic_growth"), e.getMessage());
    Files.writeString(s, "traffic_growth: {factor: 1.5, seed: 4}\n");
    assertEquals(new Scenario.Growth(1.5, 4L), ScenarioLoader.load(s).trafficGrowth());
    Files.writeString(s, "traffic_growth: {factor: 1.5, sed: 4}\n");
    assertThrows(ScenarioException.class, () -> ScenarioLoader.load(s));
  }
}
