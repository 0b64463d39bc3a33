package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.GpuCatalog;
import io.replaygate.replay.byoc.ClusterDefaults;
import io.replaygate.replay.byoc.ClusterPathSimulator;
import io.replaygate.replay.byoc.spec.ModelTable;
import io.replaygate.replay.core.Slo;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Capacity utilisation reads the fleet's real load: steady Poisson traffic offered at ρ of two default replicas'
 * saturated throughput (Llama-3.1-70B FP8 on 4 × H100; 2,048 uncached prompt tokens and 256 output tokens a
 * request) reads ρ ± 0.05 — and the fleet really serves it (at most 2% overflow), so "saturated within the SLO"
 * is a throughput the simulated replicas reach. The GPU busy fraction beside it reads near 1 well before the
 * fleet is full, which is why the gate does not use it.
 */
class CapacityUtilisationTest {
  @TempDir
  Path tmp;

  /** Steady Poisson traffic: unique prompts of 2,048 tokens, 256 out, at {@code lambda} per second for 30 min. */
  static List<TraceRecord> poisson(double lambda, long seed) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    List<TraceRecord> trace = new ArrayList<>();
    double t = 0;
    for (int i = 0; t < 1800; i++) {
      t += -Math.log(1 - rng.nextDouble()) / lambda;
      long[] blocks = new long[4];
      for (int b = 0; b < 4; b++) {
        blocks[b] = 1_000_000L * (i + 1) + b; // unique prompts: every token is computed
      }
      trace.add(new TraceRecord(Math.round(t * 1e6), "r" + i, "acme", "chat/main", null, null, null, 2048, 256, null,
          null, blocks, null, null, null, null));
    }
    return trace;
  }

  @org.junit.jupiter.api.Test
  void fleetSizedFromTheTraffic_runsAtItsStatedTarget_notSaturated() throws Exception {
    List<TraceRecord> trace = poisson(9.0, 7); // ~16,000 requests: several replicas
    Path f = tmp.resolve("sized.yaml");
    Files.writeString(f, "paths:\n  - {name: c, profile: byoc_dynamo}\n");
    Replay.Result r = Replay.run(() -> ReplayTest.reader(trace), ScenarioLoader.load(f), CatalogLoader.bundled(),
        ReplayTest.DAY, 1, tmp.resolve("sized"));
    JsonNode p = r.summary().path("paths").get(0);
    int replicas = p.path("cluster").path("deployments").get(0).path("replicas").asInt();
    double u = p.path("capacity_utilization").asDouble();
    double overflow = p.path("cluster").path("overflowed").asDouble() / trace.size();
    System.out.printf("sized at %.0f%%: %d replicas, capacity utilisation %.3f, overflow %.4f%n",
        100 * ClusterDefaults.SIZING_UTILIZATION, replicas, u, overflow);
    assertTrue(replicas > 2, "a fleet of several replicas: " + replicas);
    // Sized from its busiest window at 70% (no cache credit, rounded up to whole replicas): steady traffic reads a
    // little under it — by at most the rounding (n − 1 of n replicas' worth needed) and the busiest window's excess
    // over the mean (a few percent for Poisson traffic over five-minute windows).
    double rounded = ClusterDefaults.SIZING_UTILIZATION * (replicas - 1) / replicas;
    assertTrue(u <= ClusterDefaults.SIZING_UTILIZATION + 0.02 && u >= rounded - 0.05,
        "capacity utilisation " + u + " of " + replicas + " replicas (rounding alone allows " + rounded + ")");
    assertTrue(overflow <= 0.01, "a fleet sized at 70% does not overflow steady traffic: " + overflow);
  }

  @ParameterizedTest(name = "rho = {0}")
  @ValueSource(doubles = {0.3, 0.5, 0.7, 0.9})
  void steadyPoissonAtRho_readsRho(double rho) throws Exception {
    var d = ClusterDefaults.DEPLOYMENT;
    var shape = ClusterPathSimulator.shape(d, ModelTable.bundled(), GpuCatalog.bundled());
    var step = d.step().model().create(shape, d.step());
    double work = ClusterDefaults.workSeconds(shape, step, d.engine(), Slo.DEFAULT.tpotMs(),
        ClusterDefaults.prefillTokensPerSecond(step, d.engine()), 2048, 2048, 256);
    int replicas = 2;
    double lambda = rho * replicas / work; // requests per second
    List<TraceRecord> trace = poisson(lambda, 42);
    Path f = tmp.resolve("s.yaml");
    Files.writeString(f, "paths:\n  - {name: c, profile: byoc_dynamo, replicas: " + replicas + "}\n");
    Replay.Result r = Replay.run(() -> ReplayTest.reader(trace), ScenarioLoader.load(f), CatalogLoader.bundled(),
        ReplayTest.DAY, 1, tmp.resolve("out"));
    JsonNode p = r.summary().path("paths").get(0);
    double u = p.path("capacity_utilization").asDouble();
    double overflow = p.path("cluster").path("overflowed").asDouble() / trace.size();
    System.out.printf("rho %.1f: %,d requests, capacity utilisation %.3f, GPU busy fraction %.3f, overflow %.4f%n",
        rho, trace.size(), u, p.path("gpu_busy_fraction").asDouble(), overflow);
    assertEquals(rho, u, 0.05, "capacity utilisation at offered load " + rho);
    assertTrue(overflow <= 0.02, "the fleet serves what it is said to have room for: overflow " + overflow);
  }
}
