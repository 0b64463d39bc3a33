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
}
