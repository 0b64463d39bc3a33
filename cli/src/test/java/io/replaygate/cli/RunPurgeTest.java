package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's purge event costs every path hit ratio and dollars, and each path states what it can prove. */
class RunPurgeTest {
  @TempDir
  Path dir;

  @Test
  void purgingATenant_costsHitRatioAndDollars_perPath_withItsEvidence() throws Exception {
    Path scenario = Files.writeString(dir.resolve("purge.yaml"), "purge:\n  - {tenant: tenant-a, at: +1h}\n");
    Path out = dir.resolve("run");
    CliTest.Result r = CliTest.run("run", "sample:coding-agent", "--scenario", scenario.toString(), "--out",
        out.toString(), "--no-history", "--price-date", "2026-07-24");
    assertEquals(0, r.code(), r.err());
    JsonNode v = new ObjectMapper().readTree(out.resolve("verdict.json").toFile());
    RunCliTest.assertSchemaValid(v);
    JsonNode events = v.path("purge").path("events");
    assertEquals(1, events.size());
    assertEquals("tenant-a", events.get(0).path("tenant").asText());
    assertTrue(events.get(0).path("tenant_requests_after").asLong() > 0);
    JsonNode baseline = v.path("purge").path("paths").get(0);
    assertEquals("managed:observed", baseline.path("path").asText());
    assertEquals("expiry_bound_best_effort", baseline.path("purge_evidence").asText());
    assertTrue(baseline.path("token_hit_ratio").asDouble() < baseline.path("token_hit_ratio_without_purge").asDouble(),
        baseline.toString());
    assertTrue(baseline.path("cost_of_purge_usd").asDouble() > 0, baseline.toString());
    assertEquals(baseline.path("cost_usd").decimalValue().subtract(baseline.path("cost_usd_without_purge")
        .decimalValue()).doubleValue(), baseline.path("cost_of_purge_usd").asDouble(), 1e-9);
    String md = Files.readString(out.resolve("summary.md"));
    assertTrue(md.contains("| `managed:observed` | expiry_bound_best_effort | "
        + io.replaygate.reports.Fmt.pct(baseline.path("token_hit_ratio")) + " ("), md);
    assertTrue(Files.readString(out.resolve("report.html")).contains("<h3>Purges</h3>"));
    for (JsonNode p : v.path("paths")) {
      assertTrue(p.path("purge_evidence").asText().matches("expiry_bound_best_effort|verified_namespace_invalidation"));
    }
  }
}
