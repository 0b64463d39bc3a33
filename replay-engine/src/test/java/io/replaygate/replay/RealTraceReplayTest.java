package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.SharedTraces;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.Traces;
import io.replaygate.trace.format.TraceSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay against the real Mooncake conversation trace (../shared/traces): the ideal path's token hit
 * ratio equals an independent brute-force prefix matcher's, and every realistic family stays at or below
 * it.
 */
@EnabledIf("io.replaygate.trace.SharedTraces#present")
class RealTraceReplayTest {
  static final Path CONVERSATION = SharedTraces.resolve("mooncake/conversation_trace.jsonl");

  @TempDir
  Path tmp;

  /**
   * Brute force, written without the engine: for each request, the longest common prefix of its hash list
   * with any earlier request's (quadratic); hit tokens = min(prefix blocks × 512, input tokens).
   */
  static long[] bruteForce(List<TraceRecord> records) {
    long hit = 0;
    long input = 0;
    for (int i = 0; i < records.size(); i++) {
      long[] a = records.get(i).blockHashes();
      int best = 0;
      for (int j = 0; j < i && best < a.length; j++) {
        long[] b = records.get(j).blockHashes();
        int k = 0;
        while (k < a.length && k < b.length && a[k] == b[k]) {
          k++;
        }
        best = Math.max(best, k);
      }
      hit += Math.min((long) best * 512, records.get(i).inputTokens());
      input += records.get(i).inputTokens();
    }
    return new long[] {hit, input};
  }

  @Test
  void idealEqualsBruteForce_andEveryFamilyStaysAtOrBelowIt() throws IOException {
    List<TraceRecord> records = Traces.readAll(TraceSources.open(CONVERSATION, ReadOptions.DEFAULTS));
    assertEquals(12_031, records.size());
    long[] expected = bruteForce(records);

    Path scenario = tmp.resolve("s.yaml");
    Files.writeString(scenario, """
        paths:
          - {name: ideal, profile: managed, target: ideal}
          - {name: anthropic, profile: managed, target: anthropic/claude-sonnet-4-5}
          - {name: anthropic-1h, profile: managed, target: anthropic/claude-sonnet-4-5}
          - {name: openai, profile: managed, target: openai/gpt-5}
          - {name: gemini-implicit, profile: managed, target: gemini/gemini-2.5-flash}
          - {name: gemini-explicit, profile: managed, target: gemini/gemini-2.5-flash, cache: gemini_explicit}
          - {name: deepseek, profile: managed, target: deepseek/deepseek-chat}
          - {name: fireworks, profile: managed, target: fireworks/deepseek-v3p1}
        """);
    Scenario sc = ScenarioLoader.load(scenario);
    Replay.Result r;
    try (TraceReader reader = TraceSources.open(CONVERSATION, ReadOptions.DEFAULTS)) {
      r = Replay.run(reader, sc, CatalogLoader.bundled(), LocalDate.of(2026, 7, 24), 42, tmp.resolve("out"));
    }
    Replay.PathResult ideal = r.paths().get(0);
    assertEquals(expected[1], ideal.stats().inputTokens);
    assertEquals(expected[0], ideal.stats().cacheReadTokens, "ideal hit tokens = brute force");
    double ceiling = ideal.stats().tokenHitRatio();
    assertTrue(ceiling > 0.3 && ceiling < 0.9, "the conversation trace has substantial reuse: " + ceiling);
    for (Replay.PathResult p : r.paths().subList(1, r.paths().size())) {
      assertEquals(12_031, p.stats().requests, p.config().name());
      assertTrue(p.stats().cacheReadTokens <= ideal.stats().cacheReadTokens,
          p.config().name() + " reads more than the ceiling");
      assertTrue(p.stats().cacheReadTokens > 0, p.config().name() + " finds no reuse at all");
      assertTrue(p.cost() != null && p.cost().total().signum() > 0, p.config().name());
    }
  }
}
