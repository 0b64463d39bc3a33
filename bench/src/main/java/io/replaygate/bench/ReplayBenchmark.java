package io.replaygate.bench;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.ledger.UsageLedger;
import io.replaygate.datasets.BundledSample;
import io.replaygate.replay.core.PathSimulator;
import io.replaygate.replay.core.PathStats;
import io.replaygate.replay.core.Request;
import io.replaygate.replay.scenario.PathFactory;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.format.TraceSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The managed replay's speed over a real trace (the Mooncake conversation trace of {@code ../shared/traces}
 * when present, else the bundled sample's working day), beside the floor: a plain hash-map probe loop
 * over the same block sequence (longest cached prefix, then insert the rest), in the same run. A replay
 * pass does what the floor does plus the provider's semantics, latency model, outcome and usage ledger;
 * {@code bench/run} prints requests/s of both and the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReplayBenchmark {
  /** The path replayed: a provider target (its catalog family) or the ideal ceiling. */
  @Param({"anthropic/claude-sonnet-4-5", "openai/gpt-5", "ideal"})
  public String target;

  /** The trace, read once before measuring (reading is the scan benchmark's subject). */
  public static List<Request> requests;
  public static String traceName;

  private Scenario scenario;
  private PriceCatalog catalog;

  @Setup(Level.Trial)
  public void setUp() {
    load();
    scenario = Scenario.DEFAULTS.withPaths(List.of(ScenarioLoader.quickPath("managed:" + target, null)));
    catalog = CatalogLoader.bundled();
  }

  /** Loads the benchmark trace (once per JVM). */
  public static synchronized void load() {
    if (requests != null) {
      return;
    }
    Path mooncake = Path.of("..", "shared", "traces", "mooncake", "conversation_trace.jsonl");
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/traces/mooncake/conversation_trace.jsonl");
      if (Files.isRegularFile(candidate)) {
        mooncake = candidate;
        break;
      }
    }
    List<Request> out = new ArrayList<>();
    try (TraceReader r = Files.isRegularFile(mooncake) ? TraceSources.open(mooncake, ReadOptions.DEFAULTS)
        : BundledSample.DEFAULT.open()) {
      int block = r.metadata().blockTokens() == null ? 0 : r.metadata().blockTokens();
      traceName = Files.isRegularFile(mooncake) ? "mooncake/conversation_trace.jsonl" : BundledSample.DEFAULT.uri();
      long i = 0;
      while (r.hasNext()) {
        out.add(new Request(i++, r.next(), block));
      }
    }
    requests = out;
  }

  @Benchmark
  public long managedReplay() {
    UsageLedger ledger = new UsageLedger(requests.get(0).arrivalUs(), UsageLedger.DEFAULT_WINDOW_US,
        requests.get(0).arrivalUs() + 1);
    long[] outcomes = {0};
    PathStats stats = new PathStats();
    PathSimulator sim = PathFactory.create(scenario.paths().get(0), scenario, catalog, LocalDate.of(2026, 7, 24), 1,
        requests.get(0).arrivalUs(), ledger, o -> outcomes[0]++, stats);
    for (Request r : requests) {
      sim.arrive(r);
    }
    sim.finish();
    return outcomes[0] + stats.cacheReadTokens;
  }

  /** The floor: the longest prefix found in a hash map, then the rest inserted; nothing else. */
  @Benchmark
  public long hashMapProbeFloor() {
    HashMap<Long, Long> seen = new HashMap<>();
    long hits = 0;
    for (Request r : requests) {
      long[] blocks = r.blocks();
      int i = 0;
      while (i < blocks.length && seen.containsKey(blocks[i])) {
        i++;
      }
      hits += r.prefixTokens(i);
      for (int k = i; k < blocks.length; k++) {
        seen.put(blocks[k], r.arrivalUs());
      }
    }
    return hits;
  }
}
