package io.replaygate.trace.sql;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.FormatDetector;
import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.format.TraceFormat;
import io.replaygate.trace.format.TraceSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * SQL over traces with embedded DuckDB. Traces are registered as views {@code trace}, {@code trace_2},
 * {@code trace_3}, ... in the order given. Canonical Parquet is queried in place; any other format is first
 * converted (validated, streaming) to a temporary Parquet file, deleted on close.
 */
public final class TraceSql implements AutoCloseable {
  private final Connection connection;
  private final Path tempDir;

  public TraceSql(List<Path> traces, TraceFormat format, ReadOptions options) throws SQLException {
    try {
      this.tempDir = io.replaygate.trace.InFlight.track(Files.createTempDirectory("replaygate-sql-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try {
      for (int i = 0; i < traces.size(); i++) {
        Path trace = traces.get(i);
        TraceFormat f = format != null ? format : FormatDetector.detect(trace);
        Path parquet = trace;
        if (f != TraceFormat.PARQUET) {
          parquet = tempDir.resolve("trace_" + (i + 1) + ".parquet");
          try (TraceReader r = TraceSources.open(List.of(trace), f, options)) {
            TraceConverter.convert(r, parquet, OutputFormat.PARQUET, null);
          }
        } else {
          // Validate the file is readable as a trace before handing it to DuckDB.
          try (TraceReader r = TraceSources.open(List.of(trace), f, options)) {
            r.metadata();
          }
        }
        String view = i == 0 ? "trace" : "trace_" + (i + 1);
        try (Statement s = c.createStatement()) {
          s.execute("CREATE VIEW " + view + " AS SELECT * FROM read_parquet('"
              + parquet.toAbsolutePath().toString().replace("'", "''") + "')");
        }
      }
    } catch (SQLException | RuntimeException e) {
      c.close();
      deleteTemp();
      throw e;
    }
    this.connection = c;
  }

  /** Receives a query's result: the column names, then each row. */
  public interface RowSink {
    void columns(List<String> names) throws IOException;

    void row(Object[] values) throws IOException;
  }

  /** Runs one statement, streaming its rows. Lists come as {@code Object[]}. */
  public void query(String sql, RowSink sink) throws SQLException, IOException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      List<String> names = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        names.add(md.getColumnLabel(i));
      }
      sink.columns(names);
      while (rs.next()) {
        Object[] row = new Object[n];
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          if (v instanceof Array a) {
            Object inner = a.getArray();
            v = inner instanceof Object[] arr ? Arrays.copyOf(arr, arr.length) : inner;
          }
          row[i - 1] = v;
        }
        sink.row(row);
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      connection.close();
    } finally {
      deleteTemp();
    }
  }

  private void deleteTemp() {
    try (Stream<Path> files = Files.walk(tempDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // Temp directory: the OS cleans it up if we cannot.
    }
  }
}
