package io.replaygate.bench;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.ledger.UsageLedger;
import io.replaygate.costmodel.terms.ProviderTerms;
import io.replaygate.replay.byoc.ClusterConfig;
import io.replaygate.replay.byoc.ClusterDefaults;
import io.replaygate.replay.byoc.route.Routers;
import io.replaygate.replay.byoc.scale.Autoscalers;
import io.replaygate.replay.core.PathStats;
import io.replaygate.replay.core.Request;
import io.replaygate.replay.scenario.PathFactory;
import io.replaygate.replay.scenario.Scenario;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The BYOC simulator's speed: the Mooncake conversation trace (an hour of traffic; the bundled sample when
 * {@code ../shared} is absent) through an 8-replica Llama-3.1-70B FP8 cluster (4 × H100 per replica) with
 * the Dynamo KV-aware router and overflow to the managed fallback — every request prefilled, decoded and
 * cached on simulated replicas. {@code bench/run cluster} prints simulated seconds per wall second: the
 * baseline is real time (1×).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClusterBenchmark {
  public static final int REPLICAS = 8;

  private Scenario scenario;
  private PriceCatalog catalog;

  @Setup(Level.Trial)
  public void setUp() {
    ClusterConfig quick = ClusterDefaults.quick(Routers.Config.DYNAMO, 2000, null);
    ClusterConfig.Deployment d = quick.deployments().get(0).withScaling(Autoscalers.Config.fixed(REPLICAS));
    ClusterConfig cc = new ClusterConfig(List.of(d), quick.gateway(), quick.fallback(), quick.overflow(), null,
        quick.terms(), quick.egressBytesPerOutputToken());
    scenario = Scenario.DEFAULTS.withPaths(List.of(new Scenario.PathConfig("byoc_dynamo", Scenario.Profile.BYOC_DYNAMO,
        List.of(), null, ServiceTier.STANDARD, ProviderTerms.LIST, null, cc)));
    catalog = CatalogLoader.bundled();
  }

  /** Seconds of trace the benchmark simulates (first to last arrival). */
  public static double simulatedSeconds() {
    List<Request> r = ReplayBenchmark.requests("mooncake");
    return (r.get(r.size() - 1).arrivalUs() - r.get(0).arrivalUs()) / 1e6;
  }

  @Benchmark
  public long dynamoCluster() {
    List<Request> requests = ReplayBenchmark.requests("mooncake");
    long origin = requests.get(0).arrivalUs();
    UsageLedger ledger = new UsageLedger(origin, UsageLedger.DEFAULT_WINDOW_US, origin + 1);
    long[] outcomes = {0};
    PathStats stats = new PathStats();
    PathFactory.Built built = PathFactory.build(scenario.paths().get(0), scenario, catalog, LocalDate.of(2026, 7, 24),
        1, origin, requests.get(0).blockTokens(), null, ledger, o -> outcomes[0]++, stats);
    for (Request r : requests) {
      built.simulator().arrive(r);
    }
    built.simulator().finish();
    return outcomes[0] + stats.cacheReadTokens;
  }
}
