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

  /** The replay benchmark: requests/s per target beside the hash-map probe floor, and the ratio. */
  static void replay(JsonNode results) {
    ReplayBenchmark.load();
    int n = ReplayBenchmark.requests.size();
    Map<String, Double> ours = new TreeMap<>();
    java.util.List<Double> floors = new java.util.ArrayList<>();
    for (JsonNode r : results) {
      double ms = r.get("primaryMetric").get("score").asDouble();
      double rps = n / (ms / 1000.0);
      if (r.get("benchmark").asText().endsWith(".hashMapProbeFloor")) {
        floors.add(rps);
      } else {
        ours.put(r.path("params").path("target").asText(), rps);
      }
    }
    double floor = floors.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    System.out.printf(Locale.US, "managed replay of %,d requests (%s), one path, outcomes and ledger included%n", n,
        ReplayBenchmark.traceName);
    System.out.printf(Locale.US, "  %-30s %14s  %s%n", "path", "requests/s", "ratio to the hash-map probe floor");
    ours.forEach((t, rps) -> System.out.printf(Locale.US, "  %-30s %,14.0f  %.3f%n", "managed:" + t, rps, rps / floor));
    System.out.printf(Locale.US, "  %-30s %,14.0f  1.000 (floor, mean over the %d trials)%n", "hash-map probe", floor,
        floors.size());
  }

  static void cluster(JsonNode results) {
    double simulated = ClusterBenchmark.simulatedSeconds();
    double ms = results.get(0).get("primaryMetric").get("score").asDouble();
    System.out.printf(Locale.US, "BYOC cluster: %s (%,d requests, %.0f s of traffic) on %d replicas of Llama-3.1-70B FP8 "
        + "(4 x H100 each), Dynamo router%n", ReplayBenchmark.traceName, ReplayBenchmark.requests.size(), simulated,
        ClusterBenchmark.REPLICAS);
    System.out.printf(Locale.US, "  wall %.1f ms per replay; simulated seconds per wall second: %,.0f (x real time; "
        + "goal >= 1,000)%n", ms, simulated / (ms / 1000.0));
  }
}
