package io.replaygate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints the scan benchmark's figures from JMH's JSON results: records/s per format and the ratio to
 * DuckDB's single-threaded aggregate over the same Parquet file, measured in the same run.
 */
public final class BenchReport {
  private BenchReport() {}

  public static void main(String[] args) throws IOException {
    JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    if (results.size() > 0 && results.get(0).get("benchmark").asText().contains("ReplayBenchmark")) {
      replay(results);
      return;
    }
    if (results.size() > 0 && results.get(0).get("benchmark").asText().contains("ClusterBenchmark")) {
      cluster(results);
      return;
    }
    Map<String, Double> ours = new TreeMap<>();
    Map<String, Double> duck = new TreeMap<>();
    for (JsonNode r : results) {
      String name = r.get("benchmark").asText();
      String format = r.path("params").path("format").asText();
      double msPerScan = r.get("primaryMetric").get("score").asDouble();
      double recordsPerSecond = ScanBenchmark.RECORDS / (msPerScan / 1000.0);
      (name.endsWith(".duckdbParquet") ? duck : ours).put(format, recordsPerSecond);
    }
    double duckdb = duck.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    System.out.printf(Locale.US, "scan of %,d records (aggregate: count, input, output, blocks, xor of all block hashes)%n", ScanBenchmark.RECORDS);
    System.out.printf(Locale.US, "  %-10s %14s  %s%n", "format", "records/s", "ratio to DuckDB (1 thread, Parquet)");
    ours.forEach((format, rps) -> System.out.printf(Locale.US, "  %-10s %,14.0f  %.3f%n", format, rps, rps / duckdb));
    System.out.printf(Locale.US, "  %-10s %,14.0f  1.000 (reference, mean over the %d trials)%n", "duckdb", duckdb,
        duck.size());
  }

  /** The replay benchmark, per trace: requests/s and blocks/s per target beside the hash-map probe floor, the ratio. */
  static void replay(JsonNode results) {
    Map<String, Map<String, Double>> msByTrace = new TreeMap<>();
    Map<String, java.util.List<Double>> floorsByTrace = new TreeMap<>();
    for (JsonNode r : results) {
      double ms = r.get("primaryMetric").get("score").asDouble();
      String trace = r.path("params").path("trace").asText("mooncake");
      if (r.get("benchmark").asText().endsWith(".hashMapProbeFloor")) {
        floorsByTrace.computeIfAbsent(trace, k -> new java.util.ArrayList<>()).add(ms);
      } else {
        msByTrace.computeIfAbsent(trace, k -> new TreeMap<>()).put(r.path("params").path("target").asText(), ms);
      }
    }
    for (String trace : msByTrace.keySet()) {
      java.util.List<io.replaygate.replay.core.Request> reqs = ReplayBenchmark.requests(trace);
      int n = reqs.size();
      long blocks = reqs.stream().mapToLong(q -> q.blocks().length).sum();
      double floorMs = floorsByTrace.getOrDefault(trace, java.util.List.of()).stream().mapToDouble(Double::doubleValue)
          .average().orElse(Double.NaN);
      System.out.printf(Locale.US, "managed replay of %,d requests, %,d blocks (%s), one path, outcomes and ledger "
          + "included%n", n, blocks, ReplayBenchmark.name(trace));
      System.out.printf(Locale.US, "  %-30s %14s %14s  %s%n", "path", "requests/s", "blocks/s",
          "ratio to the hash-map probe floor");
      msByTrace.get(trace).forEach((t, ms) -> System.out.printf(Locale.US, "  %-30s %,14.0f %,14.0f  %.3f%n",
          "managed:" + t, n / (ms / 1000.0), blocks / (ms / 1000.0), floorMs / ms));
      System.out.printf(Locale.US, "  %-30s %,14.0f %,14.0f  1.000 (floor, mean over the %d trials)%n",
          "hash-map probe", n / (floorMs / 1000.0), blocks / (floorMs / 1000.0),
          floorsByTrace.getOrDefault(trace, java.util.List.of()).size());
    }
  }

  static void cluster(JsonNode results) {
    double simulated = ClusterBenchmark.simulatedSeconds();
    double ms = results.get(0).get("primaryMetric").get("score").asDouble();
    System.out.printf(Locale.US, "BYOC cluster: %s (%,d requests, %.0f s of traffic) on %d replicas of Llama-3.1-70B FP8 "
        + "(4 x H100 each), Dynamo router%n", ReplayBenchmark.name("mooncake"), ReplayBenchmark.requests("mooncake")
        .size(), simulated,
        ClusterBenchmark.REPLICAS);
    System.out.printf(Locale.US, "  wall %.1f ms per replay; simulated seconds per wall second: %,.0f (x real time; "
        + "goal >= 1,000)%n", ms, simulated / (ms / 1000.0));
  }
}
