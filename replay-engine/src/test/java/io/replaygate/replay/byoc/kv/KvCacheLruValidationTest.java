package io.replaygate.replay.byoc.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.SharedTraces;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.TraceSources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The prefix cache alone, with no batching effects: one global pool of N trace-sized blocks, each request
 * looked up, inserted and released in arrival order, on the Mooncake conversation trace. Its prefix-hit
 * ratio must match a brute-force LRU over block hashes written here independently (a LinkedHashMap in
 * access order; a request touches its blocks last to first, so a tail is always older than its prefix, the
 * order an engine frees blocks in).
 */
@EnabledIf("io.replaygate.trace.SharedTraces#present")
class KvCacheLruValidationTest {
  static final Path CONVERSATION = SharedTraces.resolve("mooncake/conversation_trace.jsonl");
  static List<long[]> prompts;
  static List<Integer> inputs;
  static int blockTokens;

  @BeforeAll
  static void load() throws IOException {
    prompts = new ArrayList<>();
    inputs = new ArrayList<>();
    try (TraceReader r = TraceSources.open(CONVERSATION, ReadOptions.DEFAULTS)) {
      blockTokens = r.metadata().blockTokens();
      while (r.hasNext()) {
        TraceRecord t = r.next();
        prompts.add(t.blockHashes());
        inputs.add(t.inputTokens());
      }
    }
  }

  /** Brute force: blocks found at the start of each prompt ÷ all blocks. */
  static double bruteForce(long capacity) {
    LinkedHashMap<Long, Boolean> lru = new LinkedHashMap<>(1 << 16, 0.75f, true);
    long hit = 0;
    long all = 0;
    for (long[] p : prompts) {
      int k = 0;
      while (k < p.length && lru.containsKey(p[k])) {
        k++;
      }
      hit += k;
      all += p.length;
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
    return (double) hit / all;
  }

  /** The production cache: engine block = trace block, no tiers, each request pinned only while inserted. */
  static double simulated(long capacity) {
    KvCache cache = new KvCache(capacity, blockTokens, blockTokens, EvictionPolicies.LRU.create(), null, null);
    long hit = 0;
    long all = 0;
    long now = 0;
    for (int r = 0; r < prompts.size(); r++) {
      long[] p = prompts.get(r);
      long input = inputs.get(r);
      int g = cache.gpuPrefix(p);
      hit += g;
      all += p.length;
      cache.pin(p, g, ++now);
      long need = cache.ownedBlocks(g, p.length, input);
      int pinned = g;
      if (cache.reserve(need)) {
        cache.commit(p, g, p.length, input, now);
        pinned = p.length;
      }
      cache.unpin(p, pinned);
    }
    return (double) hit / all;
  }

  @ParameterizedTest(name = "N = {0} blocks")
  @ValueSource(longs = {1_000, 10_000, 30_000, 50_000, 100_000, Long.MAX_VALUE / 4})
  void prefixHitRatio_matchesBruteForceLru(long n) {
    double expected = bruteForce(n);
    double actual = simulated(n);
    assertEquals(expected, actual, 0.005, "N=" + n + ": brute force " + expected + ", simulated " + actual);
  }

  @org.junit.jupiter.api.Test
  void hitRatio_growsWithCapacity() {
    // Why: a bigger pool can only keep more, so the ratio must not fall (and the trace does reuse).
    double small = simulated(1_000);
    double large = simulated(100_000);
    org.junit.jupiter.api.Assertions.assertTrue(small < large && large > 0.3, small + " vs " + large);
  }

}
