package io.replaygate.replay.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.SharedTraces;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.TraceSources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** The one-pass stack-distance curve against a brute-force LRU run separately at each capacity. */
class ReuseCurveTest {
  static final long[] CAPACITIES = {1, 10, 1_000, 10_000, 30_000, 50_000, 100_000, Long.MAX_VALUE};

  /**
   * Brute force, written independently: a LinkedHashMap in access order holding at most {@code capacity}
   * blocks; each request counts its leading blocks present, then touches its blocks tail first.
   * Returns {block hit ratio, token hit ratio}.
   */
  static double[] bruteForce(List<TraceRecord> trace, int blockTokens, long capacity) {
    LinkedHashMap<Long, Boolean> lru = new LinkedHashMap<>(1 << 16, 0.75f, true);
    long hitBlocks = 0;
    long blocks = 0;
    long hitTokens = 0;
    long tokens = 0;
    for (TraceRecord r : trace) {
      long[] p = r.blockHashes();
      int k = 0;
      while (k < p.length && lru.containsKey(p[k])) {
        k++;
      }
      hitBlocks += k;
      blocks += p.length;
      hitTokens += Math.min((long) k * blockTokens, r.inputTokens());
      tokens += r.inputTokens();
      for (int i = p.length - 1; i >= 0; i--) {
        lru.remove(p[i]);
        lru.put(p[i], Boolean.TRUE);
      }
      var it = lru.entrySet().iterator();
      while (lru.size() > capacity && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    return new double[] {(double) hitBlocks / blocks, (double) hitTokens / tokens};
  }

  static void assertMatches(List<TraceRecord> trace, int blockTokens) {
    ReuseCurve curve = new ReuseCurve(blockTokens);
    trace.forEach(curve::add);
    assertFalse(curve.sampled(), "under the default limit the curve is exact");
    for (long c : CAPACITIES) {
      double[] bf = bruteForce(trace, blockTokens, c);
      ReuseCurve.Point p = curve.at(c);
      assertEquals(bf[0], p.blockHitRatio(), 1e-12, "block hit ratio at " + c);
      assertEquals(bf[1], p.tokenHitRatio(), 1e-12, "token hit ratio at " + c);
    }
  }

  @Test
  @EnabledIf("io.replaygate.trace.SharedTraces#present")
  void mooncakeConversation_equalsTheBruteForceAtEveryCapacity() throws IOException {
    List<TraceRecord> trace = new ArrayList<>();
    try (TraceReader r = TraceSources.open(SharedTraces.resolve("mooncake/conversation_trace.jsonl"),
        ReadOptions.DEFAULTS)) {
      r.forEachRemaining(trace::add);
    }
    assertMatches(trace, 512);
    // The ceiling is the known figure for this trace (RealTraceReplayTest's ideal path: 0.3736).
    ReuseCurve curve = new ReuseCurve(512);
    trace.forEach(curve::add);
    assertEquals(0.3736, curve.ceiling().tokenHitRatio(), 5e-5);
  }

  @Test
  void randomPrefixTrees_equalTheBruteForce() {
    // Prompts drawn from a small tree of shared prefixes (chained ids), partial last blocks, 3,000 requests.
    SplittableRandom rng = new SplittableRandom(11);
    List<TraceRecord> trace = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      int n = 1 + rng.nextInt(40);
      long[] h = new long[n];
      long id = 0;
      for (int b = 0; b < n; b++) {
        id = id * 31 + 1 + (b < 20 ? rng.nextInt(3) : rng.nextInt(1_000));
        h[b] = id;
      }
      int input = (n - 1) * 16 + 1 + rng.nextInt(16);
      trace.add(new TraceRecord(i, null, null, "m", null, null, null, input, 1, null, null, h, null, null, null, null));
    }
    assertMatches(trace, 16);
  }

  /** Prompts of 1–30 16-token blocks from a tree of chained ids: 4 choices per level for 10 levels, then 500. */
  static List<TraceRecord> prefixTree(long seed, int requests) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<TraceRecord> trace = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      int n = 1 + rng.nextInt(30);
      long[] h = new long[n];
      long id = 0;
      for (int b = 0; b < n; b++) {
        id = id * 31 + 1 + (b < 10 ? rng.nextInt(4) : rng.nextInt(500));
        h[b] = id;
      }
      trace.add(new TraceRecord(i, null, null, "m", null, null, null, n * 16, 1, null, null, h, null, null, null, null));
    }
    return trace;
  }

  @Test
  void compaction_keepsEveryPointExact() {
    // Renumbering the clock after every request (the real trigger is twice the distinct blocks) changes nothing.
    List<TraceRecord> trace = prefixTree(5, 2_000);
    ReuseCurve plain = new ReuseCurve(16);
    ReuseCurve compacted = new ReuseCurve(16);
    for (TraceRecord r : trace) {
      plain.add(r);
      compacted.add(r);
      compacted.compact();
    }
    for (long c : CAPACITIES) {
      assertEquals(plain.at(c), compacted.at(c), "at " + c);
    }
  }

  @Test
  void longTrace_compactsOnItsOwn_andStaysEqualToTheBruteForce() {
    // 3.2M block references over 24,000 distinct blocks (200 conversations, prompts of 40–119 blocks of each): the
    // clock passes twice the distinct blocks plus the slack (COMPACT_SLACK) and is renumbered on its own.
    SplittableRandom rng = new SplittableRandom(17);
    List<TraceRecord> trace = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      int n = 40 + rng.nextInt(80);
      long root = rng.nextInt(200);
      long[] h = new long[n];
      for (int b = 0; b < n; b++) {
        h[b] = root * 1_000_000L + b; // chained: the id names the conversation's prefix up to block b
      }
      trace.add(new TraceRecord(i, null, null, "m", null, null, null, n * 16, 1, null, null, h, null, null, null, null));
    }
    ReuseCurve curve = new ReuseCurve(16);
    trace.forEach(curve::add);
    assertTrue(curve.compactions() > 0, "the clock was renumbered on its own");
    assertMatches(trace, 16);
  }

  @Test
  @EnabledIf("io.replaygate.trace.SharedTraces#present")
  void sampledMooncake_agreesWithTheExactCurveWithinItsStatedError() throws IOException {
    List<TraceRecord> trace = new ArrayList<>();
    try (TraceReader r = TraceSources.open(SharedTraces.resolve("mooncake/conversation_trace.jsonl"),
        ReadOptions.DEFAULTS)) {
      r.forEachRemaining(trace::add);
    }
    ReuseCurve exact = new ReuseCurve(512);
    trace.forEach(exact::add);
    assertFalse(exact.sampled(), "182,790 distinct blocks are under the default limit");
    // A limit of 1/16 of the distinct blocks: sampling starts at 11,424 blocks and ends at rate 1/32.
    ReuseCurve sampled = new ReuseCurve(512, ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(exact.distinctBlocks() / 16));
    trace.forEach(sampled::add);
    assertTrue(sampled.sampled());
    assertEquals(1.0 / 32, sampled.samplingRate());
    // The same exact limit with a sampled limit a quarter of it: sampling starts at 1/8 and ends at 1/128 (about 1,400
    // kept blocks of 182,790), its errors wider and still stated truly.
    ReuseCurve small = new ReuseCurve(512, ReuseCurve.Sampling.DEFAULTS
        .withMaxExactBlocks(exact.distinctBlocks() / 16).withMaxSampledBlocks(exact.distinctBlocks() / 64));
    trace.forEach(small::add);
    assertEquals(1.0 / 128, small.samplingRate());
    assertEquals(sampled.exactBlockReferences(), small.exactBlockReferences(), "the exact phase is the same");
    for (long c : CAPACITIES) {
      ReuseCurve.Point e = exact.at(c);
      ReuseCurve.Point s = small.at(c);
      assertTrue(s.tokenHitRatioError() < 0.1, "a useful error at " + c + ": " + s + " vs " + e);
      assertEquals(e.tokenHitRatio(), s.tokenHitRatio(), s.tokenHitRatioError(), "token hit ratio at " + c);
    }
    assertTrue(small.ceiling().tokenHitRatioError() > sampled.ceiling().tokenHitRatioError(),
        "a quarter of the sample states a wider error");
    assertEquals(exact.distinctBlocks(), sampled.distinctBlocks(), 0.02 * exact.distinctBlocks());
    for (long c : CAPACITIES) {
      ReuseCurve.Point e = exact.at(c);
      ReuseCurve.Point s = sampled.at(c);
      assertTrue(s.tokenHitRatioError() > 0 && s.tokenHitRatioError() < 0.03, "a stated, useful error at " + c);
      assertEquals(e.tokenHitRatio(), s.tokenHitRatio(), s.tokenHitRatioError(), "token hit ratio at " + c);
      assertEquals(e.blockHitRatio(), s.blockHitRatio(), s.blockHitRatioError(), "block hit ratio at " + c);
    }
  }

  @Test
  void sampledHotBlockLeftOutOfTheSample_isCountedByTheAdjustment() {
    // A system prompt shared by every request whose hash is never sampled (the top bit of its mix is set), ahead of
    // the 8-block turns of 3,000 conversations of up to five turns: 4% of all block references, as the hot system
    // prompt of the Mooncake conversation trace. Without SHARDS_adj the sampled curve loses those hits.
    long hot = 0;
    while ((ReuseCurve.mix(hot, ReuseCurve.Sampling.DEFAULTS.salt()) >>> 63) == 0) {
      hot++;
    }
    SplittableRandom rng = new SplittableRandom(23);
    int[] turns = new int[3_000];
    List<TraceRecord> trace = new ArrayList<>();
    long hotRefs = 0;
    long refs = 0;
    for (int i = 0; i < 60_000; i++) {
      int c = rng.nextInt(turns.length);
      int t = turns[c]++ % 5;
      long[] h = new long[9 + 8 * t];
      h[0] = hot;
      for (int b = 1; b < h.length; b++) {
        h[b] = (c + 1) * 10_000_000L + (turns[c] / 5) * 1_000L + b; // the conversation's prefix up to block b
      }
      hotRefs++;
      refs += h.length;
      trace.add(new TraceRecord(i, null, null, "m", null, null, null, h.length * 16, 1, null, null, h, null, null,
          null, null));
    }
    assertEquals(0.04, (double) hotRefs / refs, 0.005);
    ReuseCurve exact = new ReuseCurve(16);
    ReuseCurve sampled = new ReuseCurve(16, ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(4_000));
    for (TraceRecord r : trace) {
      exact.add(r);
      sampled.add(r);
    }
    assertTrue(sampled.samplingRate() <= 1.0 / 8, "sampled well below the distinct blocks: " + sampled.samplingRate());
    for (long c : new long[] {1_000, 10_000, 100_000, Long.MAX_VALUE}) {
      ReuseCurve.Point e = exact.at(c);
      ReuseCurve.Point s = sampled.at(c);
      assertEquals(e.tokenHitRatio(), s.tokenHitRatio(), Math.max(s.tokenHitRatioError(), 0.01), "at " + c);
    }
  }

  @Test
  void sampling_holdsAtMostTheLimit_andEstimatesTheDistinctBlocks() {
    // 400,000 distinct blocks (20,000 requests of 20 fresh blocks) against a limit of 10,000.
    List<TraceRecord> trace = freshBlocks();
    ReuseCurve curve = new ReuseCurve(16, ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(10_000));
    for (TraceRecord r : trace) {
      curve.add(r);
      assertTrue(curve.heldBlocks() <= 10_000 + 2 * 20, "held " + curve.heldBlocks());
    }
    assertEquals(400_000, curve.distinctBlocks(), 0.05 * 400_000);
    // Nothing is reused; what the sample misses of the references is added at depth 1 (SHARDS_adj), within the error.
    ReuseCurve.Point ceiling = curve.ceiling();
    assertTrue(ceiling.tokenHitRatioError() < 0.03, "error " + ceiling.tokenHitRatioError());
    assertEquals(0, ceiling.tokenHitRatio(), ceiling.tokenHitRatioError(), "no block is ever reused");
  }

  @Test
  void sampling_pastTheExactLimit_startsAtTheRateThatKeepsTheSampledLimit_andHoldsIt() {
    // 400,000 distinct blocks; exact up to 40,000, then at most 6,000 kept: sampling starts at 1/8 (40,000 ÷ 8 ≤ 6,000),
    // not ½.
    List<TraceRecord> trace = freshBlocks();
    ReuseCurve curve = new ReuseCurve(16,
        ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(40_000).withMaxSampledBlocks(6_000));
    assertEquals(6_000, curve.sampling().sampledLimit());
    double firstRate = 0;
    for (TraceRecord r : trace) {
      curve.add(r);
      if (curve.sampled()) {
        firstRate = firstRate == 0 ? curve.samplingRate() : firstRate;
        assertTrue(curve.heldBlocks() <= 6_000 + 2 * 20, "held " + curve.heldBlocks());
      } else {
        assertTrue(curve.heldBlocks() <= 40_000, "held exactly " + curve.heldBlocks());
      }
    }
    assertEquals(1.0 / 8, firstRate, "the first rate keeps about the sampled limit of the exact stack");
    assertEquals(400_000, curve.distinctBlocks(), 0.1 * 400_000);
    ReuseCurve.Point ceiling = curve.ceiling();
    assertEquals(0, ceiling.tokenHitRatio(), ceiling.tokenHitRatioError(), "no block is ever reused");
    // The sampled limit above the exact one: the exact limit bounds both, as before there were two.
    assertEquals(40_000, ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(40_000).sampledLimit());
    assertThrows(IllegalArgumentException.class, () -> ReuseCurve.Sampling.DEFAULTS.withMaxSampledBlocks(0));
  }

  @Test
  void exact_upToItsLimit_evenWhenPromptsRepeatTheirBlocks_andNeverPast() {
    // 1,000 distinct blocks, each prompt 200 of them (100 old, 100 new, then only old ones): a limit of exactly 1,000
    // stays exact although every prompt is long; a limit one short samples from the prompt that would pass it.
    List<TraceRecord> trace = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int first = Math.min(i, 9) * 100 - (i == 0 ? 0 : 100);
      long[] h = new long[200];
      for (int b = 0; b < h.length; b++) {
        h[b] = first + b;
      }
      trace.add(new TraceRecord(i, null, null, "m", null, null, null, 3_200, 1, null, null, h, null, null, null, null));
    }
    ReuseCurve atLimit = new ReuseCurve(16, ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(1_000));
    ReuseCurve short1 = new ReuseCurve(16, ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(999));
    for (TraceRecord r : trace) {
      atLimit.add(r);
      short1.add(r);
      assertTrue(atLimit.heldBlocks() <= 1_000, "held " + atLimit.heldBlocks());
      assertTrue(short1.sampled() || short1.heldBlocks() <= 999, "held exactly " + short1.heldBlocks());
    }
    assertFalse(atLimit.sampled(), "1,000 distinct blocks fit a limit of 1,000");
    assertEquals(1_000, atLimit.distinctBlocks());
    assertTrue(short1.sampled(), "the prompt bringing the 1,000th block starts sampling");
    assertEquals(9 * 200, short1.exactBlockReferences(), "the nine prompts before it were counted exactly");
  }

  /** 20,000 requests of 20 blocks never seen before: 400,000 distinct blocks, none reused. */
  private static List<TraceRecord> freshBlocks() {
    List<TraceRecord> trace = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      long[] h = new long[20];
      for (int b = 0; b < h.length; b++) {
        h[b] = i * 100L + b;
      }
      trace.add(new TraceRecord(i, null, null, "m", null, null, null, 320, 1, null, null, h, null, null, null, null));
    }
    return trace;
  }

  @Test
  void sampling_isDeterministic() {
    List<TraceRecord> trace = prefixTree(3, 5_000);
    ReuseCurve a = new ReuseCurve(16, ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(500));
    ReuseCurve b = new ReuseCurve(16, ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(500));
    trace.forEach(a::add);
    trace.forEach(b::add);
    assertTrue(a.sampled());
    for (long c : CAPACITIES) {
      assertEquals(a.at(c), b.at(c), "at " + c);
    }
  }
}
