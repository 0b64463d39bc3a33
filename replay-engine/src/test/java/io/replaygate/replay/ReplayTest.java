package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.BlockCountRule;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.HashScope;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole replay run over small in-memory traces: observed-vs-simulated figures and failure hygiene. */
class ReplayTest {
  static final LocalDate DAY = LocalDate.of(2026, 7, 24);

  @TempDir
  Path tmp;

  /**
   * Replays {@code trace} through a managed baseline (path 0) and a fixed fleet of two on-demand replicas behind the
   * Dynamo router (path 1), writing under {@code dir}.
   */
  static Replay.Result managedAndFleetOfTwo(Path dir, List<TraceRecord> trace) throws IOException {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, """
        paths:
          - {name: managed, profile: managed, target: anthropic/claude-sonnet-4-5}
          - name: fleet
            profile: byoc_dynamo
            replicas: 2
            pool: {price_model: on_demand, usd_per_gpu_hour: 2.00}
        """);
    return Replay.run(() -> reader(trace), ScenarioLoader.load(f), CatalogLoader.bundled(), DAY, 1, dir.resolve("out"));
  }

  static TraceReader reader(List<TraceRecord> records) {
    return reader(records, new TraceMetadata(TraceMetadata.SCHEMA_VERSION, 512, HashScope.GLOBAL, TimeOrigin.RELATIVE,
        "test", null, BlockCountRule.CEIL, new Capabilities(true, true, true, true, true, true)));
  }

  /** An in-memory trace with the given metadata. */
  static TraceReader reader(List<TraceRecord> records, TraceMetadata meta) {
    Iterator<TraceRecord> it = records.iterator();
    return new TraceReader() {
      @Override
      public TraceMetadata metadata() {
        return meta;
      }

      @Override
      public String location() {
        return "memory";
      }

      @Override
      public void close() {}

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public TraceRecord next() {
        return it.next();
      }
    };
  }

  /** Turn i of one conversation: 4 + i blocks, the provider saw {@code cached} tokens and a TTFT. */
  static TraceRecord turn(int i, String modelPath, int cached) {
    int blocks = 4 + i;
    return new TraceRecord(i * 10_000_000L, "r" + i, "acme", modelPath, "claude-sonnet-4-5", "anthropic", "s1",
        blocks * 512, 50, cached, null, Requests.ids(1, blocks), 900f + i, 2000f, "ok", null);
  }

  @Test
  void observedCacheUsage_isReportedBesideTheSimulated_forTheSameProviderOnly() throws IOException {
    // The provider reported 2,048 cached tokens on turns 1..3 (turn i reads turn i-1's 2,048 + 512 i tokens
    // in the simulation).
    List<TraceRecord> trace = List.of(turn(0, "chat", 0), turn(1, "chat", 2048), turn(2, "chat", 2048),
        turn(3, "chat", 2048));
    Path s = tmp.resolve("s.yaml");
    Files.writeString(s, """
        paths:
          - {name: anthropic, profile: managed, target: anthropic/claude-sonnet-4-5}
          - {name: openai, profile: managed, target: openai/gpt-5}
        """);
    Scenario sc = ScenarioLoader.load(s);
    Replay.Result r = Replay.run(reader(trace), sc, CatalogLoader.bundled(), DAY, 1, tmp.resolve("out"));
    JsonNode anthropic = r.summary().path("paths").get(0);
    JsonNode observed = anthropic.path("observed_cache");
    assertEquals(4, observed.path("requests").asLong());
    int input = (4 + 5 + 6 + 7) * 512;
    assertEquals(3 * 2048.0 / input, observed.path("observed_token_hit_ratio").asDouble(), 1e-6);
    // Simulated: turn i reads turn i-1's whole prompt: (4 + 5 + 6) blocks of 512.
    assertEquals((4 + 5 + 6) * 512.0 / input, observed.path("simulated_token_hit_ratio").asDouble(), 1e-6);
    assertEquals(4, anthropic.path("observed_latency_ms").path("requests").asLong());
    // The trace's cache figures came from Anthropic: nothing to compare on the OpenAI path.
    assertTrue(r.summary().path("paths").get(1).path("observed_cache").isNull());
  }

  @Test
  void aRunThatFails_leavesNoOutputBehind() {
    Path out = tmp.resolve("out");
    Scenario sc = Scenario.DEFAULTS.withPaths(List.of(ScenarioLoader.quickPath("managed:openai/gpt-5", null)))
        .withPaths(List.of(new Scenario.PathConfig("chat-only", Scenario.Profile.MANAGED,
            List.of(new Scenario.RouteConfig("chat", List.of("openai/gpt-5"))), null,
            io.replaygate.costmodel.catalog.ServiceTier.STANDARD, io.replaygate.costmodel.terms.ProviderTerms.LIST,
            null)));
    // The third request's model path has no route on the second path: the run fails part-way.
    List<TraceRecord> trace = List.of(turn(0, "chat", 0), turn(1, "chat", 0), turn(2, "code", 0));
    assertThrows(TraceInputException.class,
        () -> Replay.run(reader(trace), sc, CatalogLoader.bundled(), DAY, 1, out));
    assertFalse(Files.exists(out));
  }
}
