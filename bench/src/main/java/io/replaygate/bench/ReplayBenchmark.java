package io.replaygate.bench;

import io.replaygate.datasets.GenerationSpec;
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
 * The managed replay's speed over two traces, beside the floor: a plain hash-map probe loop over the same block
 * sequence (longest cached prefix, then insert the rest), in the same run. {@code mooncake}: the Mooncake
 * conversation trace of {@code ../shared/traces} when present (about 24 blocks of 512 tokens per request), else the
 * bundled sample's working day; {@code long-context}: {@value #LONG_CONTEXT_REQUESTS} requests of the generated
 * coding-agent workload (64-token blocks, tens of thousands of tokens per request: where per-block cost matters). A
 * replay pass does what the floor does plus the provider's semantics, latency model, outcome and usage ledger;
 * {@code bench/run} prints requests/s and blocks/s of both and the ratio, per trace.
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

  /** Which trace: Mooncake's, or a long-context generated one. */
  @Param({"mooncake", "long-context"})
  public String trace;

  /** Requests of the long-context trace. */
  public static final int LONG_CONTEXT_REQUESTS = 2_000;

  /** The traces, each read once before measuring (reading is the scan benchmark's subject). */
  private static final java.util.Map<String, List<Request>> TRACES = new java.util.HashMap<>();
  private static final java.util.Map<String, String> NAMES = new java.util.HashMap<>();

  private List<Request> requests;

  private Scenario scenario;
  private PriceCatalog catalog;

  @Setup(Level.Trial)
  public void setUp() {
    requests = requests(trace);
    scenario = Scenario.DEFAULTS.withPaths(List.of(ScenarioLoader.quickPath("managed:" + target, null)));
    catalog = CatalogLoader.bundled();
  }

  /** A benchmark trace's requests (loaded once per JVM). */
  public static synchronized List<Request> requests(String trace) {
    if (!TRACES.containsKey(trace)) {
      List<Request> out = new ArrayList<>();
      if (trace.equals("long-context")) {
        GenerationSpec spec = new GenerationSpec(null, (long) LONG_CONTEXT_REQUESTS, 1.0, 1,
            java.time.Instant.parse("2026-01-05T09:00:00Z"), java.time.ZoneId.of("UTC"), 64);
        try (TraceReader r = io.replaygate.datasets.Workloads.open("coding-agent", spec, java.util.Map.of())) {
          read(r, out);
        }
        NAMES.put(trace, "generated coding-agent, " + LONG_CONTEXT_REQUESTS + " requests, 64-token blocks");
      } else {
        Path mooncake = Path.of("..", "shared", "traces", "mooncake", "conversation_trace.jsonl");
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
          Path candidate = p.resolve("shared/traces/mooncake/conversation_trace.jsonl");
          if (Files.isRegularFile(candidate)) {
            mooncake = candidate;
            break;
          }
        }
        try (TraceReader r = Files.isRegularFile(mooncake) ? TraceSources.open(mooncake, ReadOptions.DEFAULTS)
            : BundledSample.DEFAULT.open()) {
          read(r, out);
        }
        NAMES.put(trace, Files.isRegularFile(mooncake) ? "mooncake/conversation_trace.jsonl"
            : BundledSample.DEFAULT.uri());
      }
      TRACES.put(trace, out);
    }
    return TRACES.get(trace);
  }

  /** What the trace is, for the report. */
  public static synchronized String name(String trace) {
    requests(trace);
    return NAMES.get(trace);
  }

  private static void read(TraceReader r, List<Request> out) {
    int block = r.metadata().blockTokens() == null ? 0 : r.metadata().blockTokens();
    long i = 0;
    while (r.hasNext()) {
      out.add(new Request(i++, r.next(), block));
    }
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
