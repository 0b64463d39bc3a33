package io.replaygate.replay.managed;

import static io.replaygate.replay.Requests.ids;
import static io.replaygate.replay.Requests.req;
import static io.replaygate.replay.Requests.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.ledger.CellKey;
import io.replaygate.costmodel.ledger.UsageLedger;
import io.replaygate.replay.core.Outcome;
import io.replaygate.replay.core.PathSimulator;
import io.replaygate.replay.core.PathStats;
import io.replaygate.replay.core.Request;
import io.replaygate.replay.scenario.PathFactory;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.TraceInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing, failover, rate limits and key quotas of the managed/BYOK simulator, on hand-written traces. */
class ManagedPathSimulatorTest {
  static final LocalDate DAY = LocalDate.of(2026, 7, 24);
  static final PriceCatalog CATALOG = CatalogLoader.bundled();

  @TempDir
  Path tmp;

  record Run(List<Outcome> outcomes, UsageLedger ledger, PathStats stats) {}

  Run run(String yaml, List<Request> requests) throws IOException {
    Path f = tmp.resolve("s.yaml");
    Files.writeString(f, yaml);
    Scenario sc = ScenarioLoader.load(f);
    UsageLedger ledger = new UsageLedger(0, UsageLedger.DEFAULT_WINDOW_US, 1);
    List<Outcome> out = new ArrayList<>();
    PathStats stats = new PathStats();
    PathSimulator sim = PathFactory.create(sc.paths().get(0), sc, CATALOG, DAY, 1, 0, ledger, out::add, stats);
    requests.forEach(sim::arrive);
    sim.finish();
    out.sort(Comparator.comparingLong(Outcome::requestIndex));
    return new Run(out, ledger, stats);
  }

  static List<Request> everySecond(int n, int input) {
    List<Request> rs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rs.add(req(i, i, input, 512, null, ids(1000L * i, (input + 511) / 512)));
    }
    return rs;
  }

  @Test
  void outageWindow_failsOverToTheBackup_andBackAfterwards() throws IOException {
    Run r = run("""
        paths:
          - name: p
            profile: managed
            routing:
              - {model_path: "coding/*", primary: anthropic/claude-sonnet-4-5, backups: [bedrock/claude-sonnet-4-5]}
        outages:
          - {provider: anthropic, from: "+2s", to: "+4s"}
        """, everySecond(6, 2048));
    // Requests at 0..5 s; anthropic is out during [2 s, 4 s): requests 2 and 3 go to Bedrock.
    List<String> servedBy = r.outcomes.stream().map(Outcome::servedBy).toList();
    assertEquals(List.of("anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-5", "bedrock/claude-sonnet-4-5",
        "bedrock/claude-sonnet-4-5", "anthropic/claude-sonnet-4-5", "anthropic/claude-sonnet-4-5"), servedBy);
    assertTrue(r.outcomes.get(2).failover() && !r.outcomes.get(1).failover());
    assertEquals(2, r.stats.failovers);
    // The ledger bills each to the target that served it.
    long bedrock = r.ledger.cells().keySet().stream().filter(k -> k.target().startsWith("bedrock/")).count();
    assertTrue(bedrock > 0);
  }

  @Test
  void outageWithoutBackup_isAnError() throws IOException {
    Run r = run("""
        paths: [{name: p, profile: managed, target: openai/gpt-5}]
        outages: [{target: openai/gpt-5, from: "+0s", to: "+10s"}]
        """, everySecond(2, 2048));
    assertTrue(r.outcomes.stream().allMatch(o -> o.status().equals("error") && o.servedBy() == null));
    assertEquals(1.0, r.stats.errorRate());
    assertEquals(0, r.stats.sloAttainment());
  }

  @Test
  void rateLimit_429sAreRetriedWithBackoff_addingLatency() throws IOException {
    // 2 requests per minute, 3 arrive at 0, 1, 2 s. Bucket: 2 requests at 0 and 1 s; the third gets a
    // 429, retries after 1 s (× up to 1.25 jitter), 2 s, 4 s... and is admitted once the bucket has refilled
    // one request (30 s after the first two drained it, i.e. at about 30 s).
    Run r = run("""
        paths: [{name: p, profile: managed, target: openai/gpt-5}]
        rate_limits: {openai/gpt-5: {requests_per_minute: 2}}
        retry: {max_retries: 10, base: 1s, multiplier: 2, jitter: 0}
        """, everySecond(3, 2048));
    Outcome third = r.outcomes.get(2);
    assertEquals("ok", third.status());
    // Retries at 2+1=3, 5, 9, 17, 33 s: the bucket had 0 at 1 s and gains 1 per 30 s, so 33 s is the first.
    assertEquals(5, third.retries());
    assertEquals(31_000, third.queueDelayMs(), 1e-6);
    assertTrue(third.ttftMs() > 31_000);
    assertEquals(0, r.outcomes.get(0).retries());
  }

  @Test
  void rateLimit_exhaustedRetries_goToTheNextProvider_orFail() throws IOException {
    String base = """
        rate_limits: {anthropic: {requests_per_minute: 1}}
        retry: {max_retries: 1, base: 1s, jitter: 0}
        """;
    Run routed = run(base + """
        paths:
          - {name: p, profile: managed, routing: [{model_path: "*", primary: anthropic/claude-sonnet-4-5,
             backups: [openai/gpt-5]}]}
        """, everySecond(2, 2048));
    assertEquals("openai/gpt-5", routed.outcomes.get(1).servedBy());
    assertEquals(2, routed.outcomes.get(1).retries()); // one retry on anthropic, then the move to openai
    Run failed = run(base + """
        paths: [{name: p, profile: managed, target: anthropic/claude-sonnet-4-5}]
        """, everySecond(2, 2048));
    assertEquals("rate_limited", failed.outcomes.get(1).status());
    assertEquals(1, failed.stats.rateLimited);
  }

  @Test
  void byokKeyQuota_overflowGoesToTheFallback_markedInTheLedger() throws IOException {
    // Each request is 2,048 + 100 = 2,148 tokens; a quota of 5,000 tokens a month takes two.
    Run r = run("""
        paths:
          - name: p
            profile: byok
            target: anthropic/claude-sonnet-4-5
            terms:
              discount: 20%
              key_quota: {tokens_per_month: 5000, fallback: bedrock/claude-sonnet-4-5}
        """, everySecond(4, 2048));
    assertEquals(List.of(false, false, true, true), r.outcomes.stream().map(Outcome::fallback).toList());
    assertEquals("bedrock/claude-sonnet-4-5", r.outcomes.get(3).servedBy());
    long fallbackCells = r.ledger.cells().keySet().stream().filter(CellKey::fallback).count();
    assertTrue(fallbackCells > 0);
    assertEquals(2, r.stats.fallbacks);
  }

  @Test
  void modelPathWithoutRoute_isATypedError() {
    assertThrows(TraceInputException.class, () -> run("""
        paths: [{name: p, profile: managed, routing: [{model_path: "chat/*", primary: openai/gpt-5}]}]
        """, everySecond(1, 2048)));
  }

  @Test
  void latency_isTheCatalogModelPlusWaits() throws IOException {
    // openai default: TTFT = 600 ms + 20 ms per 1k uncached tokens, TPOT 12 ms. A 2,048-token prompt with
    // nothing cached and 100 output tokens: TTFT 600 + 40.96 = 640.96 ms, e2e = 640.96 + 99 × 12.
    Outcome o = run("paths: [{name: p, profile: managed, target: openai/gpt-5}]\n", everySecond(1, 2048)).outcomes.get(0);
    assertEquals(640.96, o.ttftMs(), 1e-9);
    assertEquals(640.96 + 99 * 12, o.e2eMs(), 1e-9);
    assertEquals(0, o.queueDelayMs());
    assertEquals(s(0), o.arrivalUs());
  }
}
