package io.replaygate.bench;

import io.replaygate.datasets.GenerationSpec;
import io.replaygate.datasets.Workloads;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.format.TraceFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scans one generated trace ({@value #RECORDS} records, about 60 block hashes each) in each format and
 * aggregates it: records, input and output tokens, blocks, and the xor of every block hash (so every
 * value is read). The reference is DuckDB ({@code SET threads=1}) computing the same aggregate over the
 * same Parquet file in the same run: {@code bench/run} prints each format's records/s and its ratio to
 * DuckDB's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ScanBenchmark {
  public static final int RECORDS = 200_000;

  /** Our readers: canonical formats and the public Mooncake JSONL (a common real input). */
  @Param({"parquet", "arrow", "arrows", "jsonl", "mooncake"})
  public String format;

  private Path dir;
  private Path file;
  private Path parquet;
  private Connection duck;

  @Setup(Level.Trial)
  public void setUp() throws IOException, SQLException {
    dir = Files.createTempDirectory("replaygate-bench-");
    parquet = dir.resolve("trace.parquet");
    try (TraceReader r = Workloads.open("chat", workload(), Map.of("first_message_median", "2000"))) {
      TraceConverter.convert(r, parquet, OutputFormat.PARQUET, null);
    }
    file = switch (format) {
      case "parquet" -> parquet;
      case "mooncake" -> writeMooncake(dir.resolve("trace.mooncake.jsonl"));
      default -> {
        OutputFormat of = OutputFormat.byName(format).orElseThrow();
        Path out = dir.resolve("trace" + of.extension());
        try (TraceReader r = TraceFormat.PARQUET.open(List.of(parquet), ReadOptions.DEFAULTS)) {
          TraceConverter.convert(r, out, of, null);
        }
        yield out;
      }
    };
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      s.execute("SET threads=1");
    }
  }

  /** Chat conversations with shorter first messages: about 60 blocks of 64 tokens per record. */
  static GenerationSpec workload() {
    return new GenerationSpec(null, (long) RECORDS, 10.0, 1, Instant.parse("2026-01-05T09:00:00Z"), ZoneId.of("UTC"), 64);
  }

  /** The same records in Mooncake's own format (512-token blocks: a hash per 8 of ours, ceil rule). */
  private Path writeMooncake(Path out) throws IOException {
    try (TraceReader r = TraceFormat.PARQUET.open(List.of(parquet), ReadOptions.DEFAULTS);
         BufferedWriter w = Files.newBufferedWriter(out)) {
      long start = -1;
      while (r.hasNext()) {
        TraceRecord rec = r.next();
        start = start < 0 ? rec.arrivalUs() : start;
        StringBuilder sb = new StringBuilder("{\"timestamp\": ").append((rec.arrivalUs() - start) / 1000)
            .append(", \"input_length\": ").append(rec.inputTokens()).append(", \"output_length\": ")
            .append(rec.outputTokens()).append(", \"hash_ids\": [");
        int blocks = (rec.inputTokens() + 511) / 512;
        for (int i = 0; i < blocks; i++) {
          sb.append(i == 0 ? "" : ", ").append(Math.floorMod(rec.blockHashes()[i * 8], 1L << 40));
        }
        w.write(sb.append("]}\n").toString());
      }
    }
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    duck.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Our reader: every record materialised, the aggregate computed in Java. */
  @Benchmark
  public long scan() {
    long records = 0, input = 0, output = 0, blocks = 0, hashes = 0;
    TraceFormat f = TraceFormat.byName(format).orElseThrow();
    try (TraceReader r = f.open(List.of(file), ReadOptions.DEFAULTS)) {
      while (r.hasNext()) {
        TraceRecord rec = r.next();
        records++;
        input += rec.inputTokens();
        output += rec.outputTokens();
        blocks += rec.blockCount();
        for (long h : rec.blockHashes()) {
          hashes ^= h;
        }
      }
    }
    return records ^ input ^ output ^ blocks ^ hashes;
  }

  /** The reference: DuckDB, one thread, the same aggregate over the same Parquet file. */
  @Benchmark
  public long duckdbParquet() throws SQLException {
    try (Statement s = duck.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*), sum(input_tokens), sum(output_tokens), "
             + "sum(len(block_hashes)), bit_xor(list_aggregate(block_hashes, 'bit_xor')) "
             + "FROM read_parquet('" + parquet + "')")) {
      rs.next();
      return rs.getLong(1) ^ rs.getLong(2) ^ rs.getLong(3) ^ rs.getLong(4) ^ rs.getLong(5);
    }
  }
}
