package io.replaygate.bench;

import io.replaygate.datasets.GenerationSpec;
import io.replaygate.datasets.Workloads;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.format.TraceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run generate}: requests/s generating a week of a workload to canonical Parquet, beside the
 * same Parquet writer fed pre-built records of that workload (the ratio is what the generator itself
 * costs), with peak resident memory. One long run each, measured in the same process:
 * {@code GenerateScale [RECORDS] [WORKLOAD] [BLOCK_TOKENS] [DIR]} (defaults 10,000,000, mix, 512, $TMPDIR).
 */
public final class GenerateScale {
  private GenerateScale() {
  }

  public static void main(String[] args) throws IOException {
    long records = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
    String workload = args.length > 1 ? args[1] : "mix";
    int blockTokens = args.length > 2 ? Integer.parseInt(args[2]) : 512;
    Path dir = Files.createTempDirectory(args.length > 3 ? Path.of(args[3]) : Path.of(System.getProperty("java.io.tmpdir")),
        "replaygate-generate-");
    ZoneId zone = ZoneId.of("America/New_York");
    double rate = records / (168 * 3600.0);
    GenerationSpec spec = new GenerationSpec(168.0, null, rate, 1, Instant.parse("2026-01-05T05:00:00Z"), zone, blockTokens);
    System.out.printf(Locale.US, "generate: %s, a week at %.2f requests/s (~%,d requests), %d-token blocks%n",
        workload, rate, records, blockTokens);
    try {
      Path generated = dir.resolve("generated.parquet");
      long t0 = System.nanoTime();
      long n;
      try (TraceReader r = Workloads.open(workload, spec, Map.of())) {
        n = TraceConverter.convert(r, generated, OutputFormat.PARQUET, null);
      }
      double genS = (System.nanoTime() - t0) / 1e9;
      long bytes = Files.size(generated);
      Files.delete(generated);

      // Baseline: the writer alone, fed the same number of records from a pre-built pool of real records
      // of this workload (cycled; arrival times shifted so the file is in order).
      List<TraceRecord> pool = new ArrayList<>();
      TraceMetadata metadata;
      try (TraceReader r = Workloads.open(workload, new GenerationSpec(null, 50_000L, rate, 2, spec.start(), zone,
          blockTokens), Map.of())) {
        metadata = r.metadata();
        while (r.hasNext()) {
          pool.add(r.next());
        }
      }
      long span = pool.get(pool.size() - 1).arrivalUs() - pool.get(0).arrivalUs() + 1;
      Path written = dir.resolve("writer.parquet");
      long t1 = System.nanoTime();
      try (TraceWriter w = OutputFormat.PARQUET.create(written, metadata)) {
        for (long i = 0; i < n; i++) {
          TraceRecord p = pool.get((int) (i % pool.size()));
          long shift = (i / pool.size()) * span;
          w.write(p.withArrivalUs(p.arrivalUs() + shift));
        }
      }
      double writeS = (System.nanoTime() - t1) / 1e9;
      Files.delete(written);
      System.out.printf(Locale.US, "  generator → Parquet   %,12d requests in %7.1f s = %,10.0f requests/s  (%,.0f MB)%n",
          n, genS, n / genS, bytes / 1e6);
      System.out.printf(Locale.US, "  writer alone          %,12d requests in %7.1f s = %,10.0f requests/s%n", n, writeS, n / writeS);
      System.out.printf(Locale.US, "  ratio generator ÷ writer alone: %.2f   peak RSS %s%n", (n / genS) / (n / writeS), peakRss());
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static String peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return String.format(Locale.US, "%.0f MiB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: no figure
    }
    return "n/a";
  }
}
