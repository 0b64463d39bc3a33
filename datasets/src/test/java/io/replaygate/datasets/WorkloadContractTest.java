package io.replaygate.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.datasets.gen.SessionTraceGenerator;
import io.replaygate.datasets.workload.CommonParams;
import io.replaygate.datasets.workload.Mix;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One contract over every registered workload. */
class WorkloadContractTest {
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  static Stream<Workload> workloads() {
    return Workloads.all().stream();
  }

  static GenerationSpec spec(long records, long seed) {
    return new GenerationSpec(null, records, null, seed, START, ZoneId.of("Europe/Berlin"), 64);
  }

  static List<TraceRecord> read(TraceReader r) {
    List<TraceRecord> out = new ArrayList<>();
    try (r) {
      while (r.hasNext()) {
        out.add(r.next());
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("workloads")
  void records_areOrdered_keepTheBlockRule_fitTheWindow_andNameTheirLane(Workload w) {
    Map<String, Integer> window = new HashMap<>();
    if (w instanceof Mix) {
      Mix.LANES.forEach(l -> window.put(l.lane().modelPath(), l.lane().maxContextTokens()));
    } else {
      ParamValues v = ParamValues.of(w.name(), w.parameters(), Map.of());
      window.put(v.text(CommonParams.MODEL_PATH), v.integer(CommonParams.MAX_CONTEXT));
    }
    int tenants = ParamValues.of(w.name(), w.parameters(), Map.of()).integer(CommonParams.TENANTS);
    TraceMetadata m;
    List<TraceRecord> records;
    try (TraceReader r = Workloads.open(w.name(), spec(3_000, 1), Map.of())) {
      m = r.metadata();
      records = read(r);
    }
    assertEquals(3_000, records.size());
    assertEquals("generated:" + w.name(), m.sourceFormat());
    assertEquals("Europe/Berlin", m.timezone());
    assertEquals(64, m.blockTokens());
    Set<String> seenTenants = new HashSet<>();
    long last = Long.MIN_VALUE;
    for (TraceRecord r : records) {
      assertTrue(r.arrivalUs() >= last, "arrival order");
      assertTrue(r.arrivalUs() >= spec(1, 1).startUs(), "nothing before the span (warm-up records are dropped)");
      last = r.arrivalUs();
      assertEquals((r.inputTokens() + 63) / 64, r.blockCount(), "ceil rule");
      Integer max = window.get(r.modelPath());
      assertNotNull(max, "unknown model path " + r.modelPath());
      assertTrue(r.inputTokens() + r.outputTokens() <= max, r.modelPath() + " exceeds its window");
      assertTrue(r.inputTokens() >= 1 && r.outputTokens() >= 1);
      assertNotNull(r.sessionId());
      assertNotNull(r.model());
      assertNotNull(r.provider());
      seenTenants.add(r.tenant());
    }
    assertTrue(seenTenants.size() <= tenants);
  }

  @ParameterizedTest
  @MethodSource("workloads")
  void sameSeed_sameRecords_otherSeed_otherRecords(Workload w) {
    List<TraceRecord> a = read(Workloads.open(w.name(), spec(500, 3), Map.of()));
    List<TraceRecord> b = read(Workloads.open(w.name(), spec(500, 3), Map.of()));
    List<TraceRecord> c = read(Workloads.open(w.name(), spec(500, 4), Map.of()));
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @ParameterizedTest
  @MethodSource("workloads")
  void everyParameter_isDocumented_andItsDefaultIsValid(Workload w) {
    Set<String> names = new HashSet<>();
    for (Param p : w.parameters()) {
      assertTrue(names.add(p.name()), "duplicate " + p.name());
      assertTrue(p.name().matches("[a-z][a-z0-9_]*"), p.name());
      assertFalse(p.description().isBlank(), p.name());
      assertFalse(p.source().text().isBlank(), p.name());
    }
    ParamValues.of(w.name(), w.parameters(), Map.of()); // throws if a default is out of range
    assertTrue(w.defaultRate() > 0 && w.warmupHours() >= 0);
  }

  @ParameterizedTest
  @MethodSource("workloads")
  void everyNumericParameter_atItsMinimum_stillGenerates(Workload w) {
    for (Param p : w.parameters()) {
      if (p.type() == Param.Type.TEXT || p.name().equals("business_end_hour")) {
        continue;
      }
      Map<String, String> one = Map.of(p.name(), Param.format(p.min()));
      List<TraceRecord> r = read(Workloads.open(w.name(), spec(50, 1), one));
      assertEquals(50, r.size(), p.name() + " at its minimum");
    }
  }

  @ParameterizedTest
  @MethodSource("workloads")
  void unknownAndOutOfRangeParameters_areNamedErrors(Workload w) {
    WorkloadException unknown = assertThrows(WorkloadException.class,
        () -> Workloads.plan(w.name(), spec(10, 1), Map.of("no_such_thing", "1")));
    assertTrue(unknown.getMessage().contains("no_such_thing") && unknown.getMessage().contains("valid: "),
        unknown.getMessage());
    Param numeric = w.parameters().stream().filter(p -> p.type() != Param.Type.TEXT).findFirst().orElseThrow();
    WorkloadException range = assertThrows(WorkloadException.class,
        () -> Workloads.plan(w.name(), spec(10, 1), Map.of(numeric.name(), Param.format(numeric.max() * 2 + 1))));
    assertTrue(range.getMessage().contains(numeric.name()) && range.getMessage().contains(numeric.range()),
        range.getMessage());
    WorkloadException text = assertThrows(WorkloadException.class,
        () -> Workloads.plan(w.name(), spec(10, 1), Map.of(numeric.name(), "lots")));
    assertTrue(text.getMessage().contains("'lots'"), text.getMessage());
  }

  @ParameterizedTest
  @MethodSource("workloads")
  void generatorStreams_sessionsInFlightDoNotGrowWithLength(Workload w) {
    GenerationSpec s = new GenerationSpec(null, 40_000L, null, 1, START, ZoneId.of("UTC"), 65_536);
    try (SessionTraceGenerator g = Workloads.open(w.name(), s, Map.of())) {
      int firstHalfMax = 0;
      int secondHalfMax = 0;
      for (int i = 0; g.hasNext(); i++) {
        g.next();
        if (i < 20_000) {
          firstHalfMax = Math.max(firstHalfMax, g.sessionsInFlight());
        } else {
          secondHalfMax = Math.max(secondHalfMax, g.sessionsInFlight());
        }
      }
      // Steady state: the second half holds about as many sessions as the first (bursts and the weekly curve
      // move it, so a factor of 3 is allowed), never a number that grows with the records produced.
      assertTrue(secondHalfMax <= 3 * Math.max(10, firstHalfMax), firstHalfMax + " then " + secondHalfMax);
    }
  }

  @ParameterizedTest
  @MethodSource("workloads")
  void recordsMode_isThePrefixOfTheSameSpanByHours_forFlatCurves(Workload w) {
    if (w instanceof Mix) {
      return; // the mix normalises its weekly curve over the span, so the two modes scale it differently
    }
    GenerationSpec byHours = new GenerationSpec(2.0, null, 0.5, 9, START, ZoneId.of("UTC"), 64);
    List<TraceRecord> all = read(Workloads.open(w.name(), byHours, Map.of()));
    assertFalse(all.isEmpty());
    int n = Math.min(300, all.size());
    GenerationSpec byRecords = new GenerationSpec(null, (long) n, 0.5, 9, START, ZoneId.of("UTC"), 64);
    assertEquals(all.subList(0, n), read(Workloads.open(w.name(), byRecords, Map.of())));
  }
}
