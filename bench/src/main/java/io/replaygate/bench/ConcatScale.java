package io.replaygate.bench;

import io.replaygate.replay.output.OutcomeTable;
import io.replaygate.replay.output.ParquetTable;
import io.replaygate.trace.format.LocalParquetFile;
import io.replaygate.trace.format.LocalParquetInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Concatenating a replay's per-path outcome parts into {@code outcomes.parquet} (row groups copied, not decoded):
 * ours ({@link LocalParquetInput}, byte ranges) beside parquet-mr's {@code LocalInputFile} (one byte per read
 * call), same parts, same run. {@code bench/run concat [ROWS_PER_PART [PARTS]]}, default 1,000,000 × 6 (what six
 * paths over a million requests write). Prints MB/s of each, the ratio, and that the outputs are byte-identical.
 */
public final class ConcatScale {
  private ConcatScale() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int parts = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    Path dir = Files.createTempDirectory("replaygate-concat-");
    try {
      List<Path> files = new ArrayList<>();
      SplittableRandom r = new SplittableRandom(1);
      for (int p = 0; p < parts; p++) {
        Path f = dir.resolve("outcomes-" + p + ".parquet");
        try (ParquetTable t = new ParquetTable(f, OutcomeTable.COLUMNS, Map.of())) {
          Object[] row = new Object[OutcomeTable.COLUMNS.size()];
          for (int i = 0; i < rows; i++) {
            for (int c = 0; c < row.length; c++) {
              ParquetTable.Column col = OutcomeTable.COLUMNS.get(c);
              row[c] = switch (col.type()) {
                case INT64 -> (long) r.nextInt(1 << 20);
                case INT32 -> r.nextInt(1 << 16);
                case DOUBLE -> r.nextDouble() * 1000;
                case STRING -> "value-" + r.nextInt(64);
                case BOOLEAN -> r.nextBoolean();
              };
            }
            t.write(row);
          }
        }
        files.add(f);
      }
      long bytes = 0;
      for (Path f : files) {
        bytes += Files.size(f);
      }
      System.out.printf(Locale.US, "%d parts x %,d rows, %.1f MB of Parquet%n", parts, rows, bytes / 1e6);
      double theirs = time(files, dir.resolve("theirs.parquet"), LocalInputFile::new);
      double ours = time(files, dir.resolve("ours.parquet"), LocalParquetInput::new);
      boolean same = java.util.Arrays.equals(Files.readAllBytes(dir.resolve("theirs.parquet")),
          Files.readAllBytes(dir.resolve("ours.parquet")));
      System.out.printf(Locale.US, "parquet-mr LocalInputFile  %8.2f s  %8.1f MB/s%n", theirs, bytes / 1e6 / theirs);
      System.out.printf(Locale.US, "replaygate byte ranges     %8.2f s  %8.1f MB/s%n", ours, bytes / 1e6 / ours);
      System.out.printf(Locale.US, "ratio (ours / baseline speed): %.1fx; outputs byte-identical: %s%n",
          theirs / ours, same);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static double time(List<Path> parts, Path out, Function<Path, InputFile> input) throws Exception {
    long t0 = System.nanoTime();
    try (ParquetFileWriter w = new ParquetFileWriter(new LocalParquetFile(out),
        ParquetTable.schema(OutcomeTable.COLUMNS), ParquetFileWriter.Mode.OVERWRITE, 128L << 20, 0)) {
      w.start();
      for (Path p : parts) {
        w.appendFile(input.apply(p));
      }
      w.end(Map.of());
    }
    return (System.nanoTime() - t0) / 1e9;
  }
}
