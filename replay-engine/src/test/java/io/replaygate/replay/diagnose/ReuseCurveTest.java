package io.replaygate.replay.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  @Test
  void compaction_keepsEveryPointExact() {
    // Renumbering the clock after every request (the real trigger is twice the distinct blocks) changes nothing.
    SplittableRandom rng = new SplittableRandom(5);
    List<TraceRecord> trace = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      int n = 1 + rng.nextInt(30);
      long[] h = new long[n];
      long id = 0;
      for (int b = 0; b < n; b++) {
        id = id * 31 + 1 + (b < 10 ? rng.nextInt(4) : rng.nextInt(500));
        h[b] = id;
      }
      trace.add(new TraceRecord(i, null, null, "m", null, null, null, n * 16, 1, null, null, h, null, null, null, null));
    }
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
}
