package io.replaygate.replay.cache;

import static io.replaygate.replay.Requests.concat;
import static io.replaygate.replay.Requests.ids;
import static io.replaygate.replay.Requests.req;
import static io.replaygate.replay.Requests.timing;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.cache.CacheSettings.Breakpoint;
import io.replaygate.replay.cache.CacheSettings.Placement;
import io.replaygate.replay.core.PathRandom;
import io.replaygate.replay.core.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tiny hand-written traces per family, with the expected reads and writes worked out in the comments.
 * Block size 512 unless stated; first token 0.5 s after serving, completion 2 s after.
 */
class CacheSemanticsTest {
  static final CacheSemantics ANTHROPIC = new CacheSemantics("anthropic_explicit", 1024, 1, 300, 3600);
  static final CacheSemantics OPENAI = new CacheSemantics("openai_automatic", 1024, 128, 300, 3600);

  static PromptCache cache(CacheFamily f, CacheSemantics p, CacheSettings s) {
    return f.create(p, s, PathRandom.stream(7, "test"));
  }

  static CacheResult at(PromptCache c, Request r) {
    return c.access(r, r.arrivalUs(), timing(r.arrivalUs(), 0.5, 2.0));
  }

  // ---- anthropic_explicit ----

  @Test
  void anthropic_writeThenRead_andTheRemainderIsWritten() {
    PromptCache c = cache(CacheFamily.ANTHROPIC_EXPLICIT, ANTHROPIC, CacheSettings.DEFAULTS);
    long[] turn1 = ids(1, 8); // 8 × 512 = 4,096 tokens
    // Turn 1: nothing cached; the breakpoint at the end of the prompt writes all 4,096 tokens (5 min).
    assertEquals(new CacheResult(0, 4096, 0, 0, 0, null), at(c, req(0, 0, 4096, 512, "s", turn1)));
    // Turn 2, 1 s later (turn 1's first token was out at 0.5 s): reads 4,096, writes the new 512.
    CacheResult r2 = at(c, req(1, 1, 4608, 512, "s", concat(turn1, ids(100, 1))));
    assertEquals(new CacheResult(4096, 512, 0, 0, 8, null), r2);
  }

  @Test
  void anthropic_ttlExpires_afterFiveIdleMinutes_andAHitRefreshesIt() {
    PromptCache c = cache(CacheFamily.ANTHROPIC_EXPLICIT, ANTHROPIC, CacheSettings.DEFAULTS);
    long[] p = ids(1, 4); // 2,048 tokens
    at(c, req(0, 0, 2048, 512, null, p));
    // 240 s later: within 5 minutes of the write: a hit, which refreshes the TTL to 240 + 300 s.
    assertEquals(2048, at(c, req(1, 240, 2048, 512, null, p)).readTokens());
    // 480 s: 8 minutes after the write but 4 after the refresh: still a hit.
    assertEquals(2048, at(c, req(2, 480, 2048, 512, null, p)).readTokens());
    // 781 s: 301 s after the last use: expired, so a miss that writes again.
    CacheResult r = at(c, req(3, 781, 2048, 512, null, p));
    assertEquals(0, r.readTokens());
    assertEquals(2048, r.write5mTokens());
  }

  @Test
  void anthropic_belowTheMinimum_nothingIsCachedOrBilledAsCache() {
    PromptCache c = cache(CacheFamily.ANTHROPIC_EXPLICIT, ANTHROPIC, CacheSettings.DEFAULTS);
    long[] p = ids(1, 2); // 1,000 tokens < the 1,024 minimum
    assertEquals(CacheResult.MISS, at(c, req(0, 0, 1000, 512, null, p)));
    assertEquals(new CacheResult(0, 0, 0, 0, 0, null), at(c, req(1, 10, 1000, 512, null, p)));
  }

  @Test
  void anthropic_concurrentIdenticalPrompts_allMiss_andAllPayTheWrite() {
    PromptCache c = cache(CacheFamily.ANTHROPIC_EXPLICIT, ANTHROPIC, CacheSettings.DEFAULTS);
    long[] p = ids(1, 4);
    // Three identical prompts within the first's 0.5 s to first token: none can read, all write 2,048.
    for (int i = 0; i < 3; i++) {
      CacheResult r = at(c, req(i, 0.1 * i, 2048, 512, null, p));
      assertEquals(0, r.readTokens(), "request " + i);
      assertEquals(2048, r.write5mTokens(), "request " + i);
    }
    // 0.6 s: the first writer's entry is readable now.
    assertEquals(2048, at(c, req(3, 0.6, 2048, 512, null, p)).readTokens());
  }

  @Test
  void anthropic_oneHourBreakpoint_isBilledAsAnHourWrite_andLivesAnHour() {
    CacheSettings s = CacheSettings.DEFAULTS.withAnthropic(
        new CacheSettings.Anthropic(List.of(new Breakpoint(Placement.END_OF_PROMPT, true)), 0));
    PromptCache c = cache(CacheFamily.ANTHROPIC_EXPLICIT, ANTHROPIC, s);
    long[] p = ids(1, 4);
    assertEquals(new CacheResult(0, 0, 2048, 0, 0, null), at(c, req(0, 0, 2048, 512, null, p)));
    assertEquals(2048, at(c, req(1, 1800, 2048, 512, null, p)).readTokens()); // 30 min later
    assertEquals(0, at(c, req(2, 1800 + 3601, 2048, 512, null, p)).readTokens()); // an idle hour later
  }

  @Test
  void anthropic_systemPrefixBreakpoint_sharesTheSystemPromptAcrossSessions() {
    // A 1,536-token system prefix (3 blocks) marked 1 h, plus the end of each prompt (5 min).
    CacheSettings s = CacheSettings.DEFAULTS.withAnthropic(new CacheSettings.Anthropic(List.of(
        new Breakpoint(Placement.SYSTEM_PREFIX, true), new Breakpoint(Placement.END_OF_PROMPT, false)), 1536));
    PromptCache c = cache(CacheFamily.ANTHROPIC_EXPLICIT, ANTHROPIC, s);
    long[] system = ids(1, 3);
    // Session a: writes 1,536 at 1 h, then the other 1,024 tokens at 5 min.
    assertEquals(new CacheResult(0, 1024, 1536, 0, 0, null),
        at(c, req(0, 0, 2560, 512, "a", concat(system, ids(10, 2)))));
    // Session b, another conversation over the same system prompt: reads 1,536, writes its own 1,024.
    assertEquals(new CacheResult(1536, 1024, 0, 0, 3, null),
        at(c, req(1, 5, 2560, 512, "b", concat(system, ids(20, 2)))));
  }

  @Test
  void anthropic_noBreakpoints_meansNoCaching() {
    PromptCache c = cache(CacheFamily.ANTHROPIC_EXPLICIT, ANTHROPIC,
        CacheSettings.DEFAULTS.withAnthropic(new CacheSettings.Anthropic(List.of(), 0)));
    at(c, req(0, 0, 2048, 512, null, ids(1, 4)));
    assertEquals(CacheResult.MISS, at(c, req(1, 5, 2048, 512, null, ids(1, 4))));
  }

  // ---- openai_automatic ----

  @Test
  void openai_hitsCountIn128TokenSteps_aboveTheMinimum() {
    PromptCache c = cache(CacheFamily.OPENAI_AUTOMATIC, OPENAI, CacheSettings.DEFAULTS);
    // 64-token blocks. A: 2,000 tokens (32 blocks). B shares A's first 25 blocks = 1,600 tokens: billed
    // 1,536 (12 × 128); no write surcharge.
    at(c, req(0, 0, 2000, 64, null, ids(1, 32)));
    CacheResult b = at(c, req(1, 10, 2100, 64, null, concat(ids(1, 25), ids(500, 8))));
    assertEquals(1536, b.readTokens());
    assertEquals(25, b.matchedBlocks());
    assertEquals(0, b.write5mTokens() + b.write1hTokens());
    // A prompt below 1,024 tokens is never cached, even when repeated.
    at(c, req(2, 20, 1000, 64, null, ids(900, 16)));
    assertEquals(0, at(c, req(3, 30, 1000, 64, null, ids(900, 16))).readTokens());
  }

  @Test
  void openai_pastAbout15RequestsAMinute_aPrefixSpillsToAColdMachine() {
    PromptCache c = cache(CacheFamily.OPENAI_AUTOMATIC, OPENAI, CacheSettings.DEFAULTS);
    long[] p = ids(1, 32); // 2,048 tokens, same prefix
    // 20 requests 2 s apart (all within one minute of each other up to the 16th).
    for (int i = 0; i < 20; i++) {
      CacheResult r = at(c, req(i, 2.0 * i, 2048, 64, null, p));
      // Request 0 warms machine 0; 1..14 hit it (15 in its minute); request 15 finds machine 0 at 15 per
      // minute and spills to cold machine 1 (a miss); 16..19: machine 0 is still at 15 in the last minute,
      // so they go to machine 1, which now has the prefix.
      boolean miss = i == 0 || i == 15;
      assertEquals(miss ? 0 : 2048, r.readTokens(), "request " + i);
      assertEquals(i < 15 ? "machine-0" : "machine-1", r.cacheNode(), "request " + i);
    }
  }

  @Test
  void openai_idleEviction_between5And10Minutes() {
    PromptCache c = cache(CacheFamily.OPENAI_AUTOMATIC, OPENAI, CacheSettings.DEFAULTS);
    long[] p = ids(1, 32);
    at(c, req(0, 0, 2048, 64, null, p));
    assertEquals(2048, at(c, req(1, 290, 2048, 64, null, p)).readTokens()); // < 5 min idle: always kept
    assertEquals(0, at(c, req(2, 290 + 601, 2048, 64, null, p)).readTokens()); // > 10 min idle: always gone
    // Extended retention keeps it for a day.
    PromptCache day = cache(CacheFamily.OPENAI_AUTOMATIC, OPENAI, CacheSettings.DEFAULTS.withOpenai(
        new CacheSettings.OpenAi("none", 256, 15, 300, 600, 3600, true)));
    at(day, req(0, 0, 2048, 64, null, p));
    assertEquals(2048, at(day, req(1, 5 * 3600, 2048, 64, null, p)).readTokens());
  }

  @Test
  void openai_entriesNeverOutliveTheHourCap() {
    PromptCache c = cache(CacheFamily.OPENAI_AUTOMATIC, OPENAI, CacheSettings.DEFAULTS);
    long[] p = ids(1, 32);
    // Used every 4 minutes (one request a minute is far below the spill rate), so never idle long...
    for (int i = 0; i <= 14; i++) { // up to 3,360 s
      CacheResult r = at(c, req(i, 240.0 * i, 2048, 64, null, p));
      assertEquals(i == 0 ? 0 : 2048, r.readTokens(), "request " + i);
    }
    // ... but at 3,600 s, an hour after it was created, it is past the cap: rebuilt.
    assertEquals(0, at(c, req(15, 3600, 2048, 64, null, p)).readTokens());
  }

  // ---- gemini ----

  @Test
  void geminiExplicit_createsOnSecondUse_billsStoragePerTokenHour_andExpires() {
    CacheSemantics flash = new CacheSemantics("gemini_explicit", 1024, 1, 3600, null);
    PromptCache c = cache(CacheFamily.GEMINI_EXPLICIT, flash, CacheSettings.DEFAULTS);
    long[] doc = ids(1, 16); // an 8,192-token document
    // First use: only seen.
    assertEquals(CacheResult.MISS, at(c, req(0, 0, 8192 + 512, 512, null, concat(doc, ids(100, 1)))));
    // Second use: creates a cache of the 8,192 shared tokens (billed as creating it) and buys an hour
    // of storage: 8,192 × 1 h = 8,192 token-hours.
    assertEquals(new CacheResult(0, 8192, 0, 8192.0, 0, null),
        at(c, req(1, 60, 8192 + 512, 512, null, concat(doc, ids(200, 1)))));
    // Ten minutes later: reads the cache.
    assertEquals(new CacheResult(8192, 0, 0, 0, 16, null),
        at(c, req(2, 660, 8192 + 512, 512, null, concat(doc, ids(300, 1)))));
    // An hour after creation the cache is gone; the prefix is still fresh in the seen set: created again.
    assertEquals(new CacheResult(0, 8192, 0, 8192.0, 0, null),
        at(c, req(3, 60 + 3601, 8192 + 512, 512, null, concat(doc, ids(400, 1)))));
  }

  @Test
  void geminiImplicit_hitsWithTheDocumentedProbability() {
    CacheSemantics flash = new CacheSemantics("gemini_implicit", 1024, 1, 3600, null);
    long[] p = ids(1, 4);
    for (double prob : new double[] {0.0, 1.0}) {
      PromptCache c = cache(CacheFamily.GEMINI_IMPLICIT, flash,
          CacheSettings.DEFAULTS.withGeminiImplicit(new CacheSettings.GeminiImplicit(prob)));
      at(c, req(0, 0, 2048, 512, null, p));
      assertEquals(prob == 0 ? 0 : 2048, at(c, req(1, 10, 2048, 512, null, p)).readTokens());
    }
    // At 0.8, about 80% of 2,000 eligible requests hit (binomial sd ≈ 0.9 pp; 4 sd = 3.6 pp).
    PromptCache c = cache(CacheFamily.GEMINI_IMPLICIT, flash, CacheSettings.DEFAULTS);
    at(c, req(0, 0, 2048, 512, null, p));
    int hits = 0;
    for (int i = 1; i <= 2000; i++) {
      hits += at(c, req(i, i, 2048, 512, null, p)).readTokens() > 0 ? 1 : 0;
    }
    assertEquals(0.8, hits / 2000.0, 0.036);
  }

  // ---- deepseek_disk, fireworks, ideal, none ----

  @Test
  void deepseek_readableAfterCompletion_in64TokenUnits() {
    CacheSemantics ds = new CacheSemantics("deepseek_disk", 64, 64, 86400, null);
    PromptCache c = cache(CacheFamily.DEEPSEEK_DISK, ds, CacheSettings.DEFAULTS);
    // 100-token blocks, so a 300-token shared prefix is billed as 256 (4 × 64).
    at(c, req(0, 0, 500, 100, null, ids(1, 5)));
    assertEquals(0, at(c, req(1, 1, 500, 100, null, ids(1, 5))).readTokens()); // before completion (2 s)
    assertEquals(256, at(c, req(2, 3, 400, 100, null, concat(ids(1, 3), ids(50, 1)))).readTokens());
  }

  @Test
  void fireworks_sessionAffinity_keepsAConversationOnItsReplica() {
    CacheSemantics fw = new CacheSemantics("fireworks", 1, 1, 300, null);
    PromptCache c = cache(CacheFamily.FIREWORKS, fw, CacheSettings.DEFAULTS);
    at(c, req(0, 0, 2048, 512, "conv-1", ids(1, 4)));
    // Same session: same replica, so the prefix is there.
    assertEquals(2048, at(c, req(1, 5, 2560, 512, "conv-1", concat(ids(1, 4), ids(9, 1)))).readTokens());
    // Without affinity, a request lands on one of 8 replicas at random: over many fresh prefixes seen
    // twice, only about 1 in 8 second requests finds its prefix.
    int hits = 0;
    for (int i = 0; i < 800; i++) {
      at(c, req(2 + 2 * i, 10 + i, 512, 512, null, ids(10_000 + i, 1)));
      hits += at(c, req(3 + 2 * i, 10.5 + i, 512, 512, null, ids(10_000 + i, 1))).readTokens() > 0 ? 1 : 0;
    }
    assertEquals(1 / 8.0, hits / 800.0, 0.05);
  }

  @Test
  void ideal_readsEverySharedPrefix_immediately_withNoMinimum() {
    PromptCache c = cache(CacheFamily.IDEAL, CacheSemantics.NONE, CacheSettings.DEFAULTS);
    at(c, req(0, 0, 100, 64, null, ids(1, 2)));
    // Same instant, 64 tokens shared: the ceiling has no minimum, no granularity, no write delay.
    assertEquals(64, at(c, req(1, 0, 100, 64, null, concat(ids(1, 1), ids(7, 1)))).readTokens());
    assertEquals(100, at(c, req(2, 0, 100, 64, null, ids(1, 2))).readTokens());
    assertEquals(CacheResult.MISS, at(cache(CacheFamily.NONE, CacheSemantics.NONE, CacheSettings.DEFAULTS),
        req(3, 0, 100, 64, null, ids(1, 2))));
  }
}
