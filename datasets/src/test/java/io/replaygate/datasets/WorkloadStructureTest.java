package io.replaygate.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.datasets.gen.Ranked;
import io.replaygate.datasets.gen.WeeklyCurve;
import io.replaygate.datasets.workload.Mix;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Structural figures of generated traces — requests, tokens per request, reuse ceiling, model-path
 * concentration, peak-to-mean, business-hours-to-night — against the parameters that produced them.
 * Tolerances follow from the sample sizes (stated per assertion).
 */
class WorkloadStructureTest {
  static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");
  static final ZoneId UTC = ZoneId.of("UTC");

  /** Figures of one trace. */
  record Figures(long requests, double meanInput, double ceiling, Map<String, Long> requestsByPath,
      Map<String, Long> tokensByPath, List<TraceRecord> firstTurns, List<Long> sessionSizes) {
  }

  static Figures measure(TraceReader r, int blockTokens) {
    TraceStats.Ceiling ceiling = new TraceStats.Ceiling(blockTokens);
    long n = 0;
    long input = 0;
    Map<String, Long> req = new HashMap<>();
    Map<String, Long> tok = new HashMap<>();
    Map<String, Long> sessions = new HashMap<>();
    List<TraceRecord> firsts = new ArrayList<>();
    try (r) {
      while (r.hasNext()) {
        TraceRecord rec = r.next();
        n++;
        input += rec.inputTokens();
        req.merge(rec.modelPath(), 1L, Long::sum);
        tok.merge(rec.modelPath(), (long) rec.inputTokens(), Long::sum);
        sessions.merge(rec.sessionId(), 1L, Long::sum);
        if (rec.requestId().endsWith("-0") && !rec.sessionId().contains("/")) {
          firsts.add(rec);
        }
        ceiling.add(rec);
      }
    }
    return new Figures(n, (double) input / n, ceiling.ratio(), req, tok, firsts,
        new ArrayList<>(sessions.values()));
  }

  @Test
  void chat_requestsFollowTheRate_andTheCeilingIsExactlyTheSharedSystemPrompt() {
    // Single-turn chat with a 512-token system prompt (8 whole 64-token blocks): every request after the
    // first reads exactly 512 tokens from an unbounded cache, so ceiling = 512 (n - 1) / Σ input.
    GenerationSpec spec = new GenerationSpec(6.0, null, 2.0, 5, MONDAY, UTC, 64);
    Figures f = measure(Workloads.open("chat", spec, Map.of("mean_turns", "1", "system_prompt_tokens", "512")), 64);
    assertEquals(43_200, f.requests(), 0.03 * 43_200, "2/s over 6 h (Poisson: σ ≈ 210)");
    assertEquals(512.0 * (f.requests() - 1) / (f.meanInput() * f.requests()), f.ceiling(), 1e-12);
    // Mean input = 512 + the first message's log-normal mean 3,800·e^(1.45²/2) = 11,077 (σ of the mean ≈ 1.3%).
    assertEquals(512 + 3_800 * Math.exp(1.45 * 1.45 / 2), f.meanInput(), 0.05 * 11_589);
  }

  @Test
  void codingAgent_requestsFollowTheRate_despiteHeavyTailedSessions() {
    // Two weeks at 0.5/s = 604,800 expected from ~7,200 sessions whose lengths have CV ≈ 2.4: the count's
    // standard error is ≈ 2.8%, so ±9% is three of them. Tokens per request are the calibration test's.
    GenerationSpec spec = new GenerationSpec(336.0, null, 0.5, 5, MONDAY, UTC, 65_536);
    long n;
    try (TraceReader r = Workloads.open("coding-agent", spec, Map.of())) {
      n = r.drain();
    }
    assertEquals(604_800, n, 0.09 * 604_800);
  }

  @Test
  void chat_moreTurns_moreReuse() {
    GenerationSpec spec = new GenerationSpec(null, 20_000L, 2.0, 5, MONDAY, UTC, 64);
    double one = measure(Workloads.open("chat", spec, Map.of("mean_turns", "1")), 64).ceiling();
    double three = measure(Workloads.open("chat", spec, Map.of("mean_turns", "3")), 64).ceiling();
    double eight = measure(Workloads.open("chat", spec, Map.of("mean_turns", "8")), 64).ceiling();
    assertTrue(one < three && three < eight, one + " " + three + " " + eight);
  }

  @Test
  void rag_popularDocumentsRecur_soTheCeilingRisesWithTheZipfExponent() {
    GenerationSpec spec = new GenerationSpec(null, 20_000L, 2.0, 5, MONDAY, UTC, 64);
    Map<String, String> base = Map.of("mean_turns", "1", "system_prompt_tokens", "0");
    double uniform = measure(Workloads.open("rag", spec, with(base, "document_zipf", "0")), 64).ceiling();
    double skewed = measure(Workloads.open("rag", spec, with(base, "document_zipf", "1.2")), 64).ceiling();
    double hot = measure(Workloads.open("rag", spec, with(base, "document_zipf", "2")), 64).ceiling();
    // Uniform over 100,000 documents: a leading document recurs for ~18% of 20,000 draws (birthday bound),
    // and mostly only its first blocks match — well under 0.1. Zipf 2: rank 1 leads 61% of prompts.
    assertTrue(uniform < 0.1, "uniform " + uniform);
    assertTrue(uniform < skewed && skewed < hot, uniform + " " + skewed + " " + hot);
    assertTrue(hot > 0.2, "hot " + hot);
  }

  @Test
  void batch_isMarkedBatch_itemsAreIndependent_andJobsHaveTheirMedianSize() {
    GenerationSpec spec = new GenerationSpec(24.0, null, 5.0, 5, MONDAY, UTC, 64);
    List<Long> sizes = new ArrayList<>();
    double meanInput;
    try (TraceReader r = Workloads.open("batch", spec, Map.of())) {
      Map<String, Long> perJob = new HashMap<>();
      long n = 0;
      long input = 0;
      while (r.hasNext()) {
        TraceRecord rec = r.next();
        assertEquals("batch", rec.sloClass());
        perJob.merge(rec.sessionId(), 1L, Long::sum);
        n++;
        input += rec.inputTokens();
      }
      meanInput = (double) input / n;
      sizes.addAll(perJob.values());
      assertEquals(432_000, n, 0.15 * 432_000, "5/s over 24 h; ~1,300 jobs of heavy-tailed size");
    }
    // Instruction LN(400, 0.6) + item LN(1200, 0.9): means 479 + 1,800 = 2,279.
    assertEquals(400 * Math.exp(0.18) + 1_200 * Math.exp(0.405), meanInput, 0.04 * 2_279);
    sizes.sort(Long::compare);
    assertEquals(200, sizes.get(sizes.size() / 2), 40, "median job size (jobs cut by the span's ends included)");
  }

  @Test
  void mix_requestSharesFollowZipf_topTwoCarryMostTokens_andTheOfficeWeekShows() {
    // Four weeks at 0.4 requests/s ≈ 968,000 requests; hashing at 65,536-token blocks keeps it cheap.
    GenerationSpec spec = new GenerationSpec(4 * 168.0, null, 0.4, 11, Instant.parse("2026-01-05T05:00:00Z"),
        ZoneId.of("America/New_York"), 65_536);
    Figures f = measure(Workloads.open("mix", spec, Map.of()), 65_536);
    assertEquals(967_680, f.requests(), 0.12 * 967_680, "requests: rate × span");
    double hhi = 0;
    double expectedHhi = 0;
    int n = Mix.LANES.size();
    for (int k = 0; k < n; k++) {
      String path = Mix.LANES.get(k).lane().modelPath();
      double share = (double) f.requestsByPath().getOrDefault(path, 0L) / f.requests();
      double expected = Ranked.share(n, 1.2, k);
      System.out.printf(Locale.US, "mix %-26s requests %.3f (Zipf %.3f)%n", path, share, expected);
      // Per-path counts come from hundreds to thousands of heavy-tailed sessions: ±20% of the share.
      assertEquals(expected, share, 0.2 * expected, path);
      hhi += share * share;
      expectedHhi += expected * expected;
    }
    assertEquals(expectedHhi, hhi, 0.1 * expectedHhi, "HHI of request shares");
    long total = f.tokensByPath().values().stream().mapToLong(Long::longValue).sum();
    long top2 = f.tokensByPath().values().stream().sorted((a, b) -> Long.compare(b, a)).limit(2)
        .mapToLong(Long::longValue).sum();
    assertTrue((double) top2 / total > 0.6, "top-2 token share " + (double) top2 / total);
    // Session starts by hour of the week (first requests of sessions): business hours vs nights = 1 / night_level.
    WeeklyCurve curve = WeeklyCurve.flat(ZoneId.of("America/New_York"));
    double[] perHour = new double[168];
    for (TraceRecord r : f.firstTurns()) {
      perHour[curve.hourOfWeek(r.arrivalUs())]++;
    }
    double ratio = TraceStats.businessToNight(perHour);
    System.out.printf(Locale.US, "mix business-hours-to-night ratio of session starts %.2f (parameters 12.5)%n", ratio);
    assertEquals(1 / 0.08, ratio, 0.15 / 0.08);
  }

  static Map<String, String> with(Map<String, String> base, String k, String v) {
    Map<String, String> m = new HashMap<>(base);
    m.put(k, v);
    return m;
  }
}
