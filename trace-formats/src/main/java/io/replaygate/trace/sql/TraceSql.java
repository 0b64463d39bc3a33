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
import java.sql.PreparedStatement;
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
 *
 * <p>Read-only: once the views exist, external access is off except for their files ({@code allowed_paths},
 * {@code enable_external_access = false}) and the configuration is locked, so a query reads the given traces and
 * nothing else — no other file, no {@code COPY … TO}, no {@code INSTALL}/{@code LOAD}, no network; and it is one
 * statement (a prepared statement: DuckDB refuses several).
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
    List<String> files = new ArrayList<>();
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
        files.add(parquet.toAbsolutePath().toString());
        String view = i == 0 ? "trace" : "trace_" + (i + 1);
        try (Statement s = c.createStatement()) {
          s.execute("CREATE VIEW " + view + " AS SELECT * FROM read_parquet('"
              + parquet.toAbsolutePath().toString().replace("'", "''") + "')");
        }
      }
      lockDown(c, files);
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

  /** Statements in {@code sql}: its non-empty parts between semicolons outside quotes and comments. */
  static int statements(String sql) {
    int count = 0;
    boolean content = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = sql.indexOf(c, i + 1);
        while (end > 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) { // a doubled quote is one character
          end = sql.indexOf(c, end + 2);
        }
        i = end < 0 ? sql.length() : end;
        content = true;
      } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
      } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 1;
      } else if (c == ';') {
        count += content ? 1 : 0;
        content = false;
      } else if (!Character.isWhitespace(c)) {
        content = true;
      }
    }
    return count + (content ? 1 : 0);
  }

  /** Only the given files readable, nothing else reachable, and no way back. */
  private static void lockDown(Connection c, List<String> files) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      s.execute("SET allowed_paths = [" + String.join(", ", files.stream().map(f -> "'" + f.replace("'", "''") + "'")
          .toList()) + "]");
      s.execute("SET enable_external_access = false");
      s.execute("SET lock_configuration = true");
    }
  }

  /** Runs one statement, streaming its rows. Lists come as {@code Object[]}. */
  public void query(String sql, RowSink sink) throws SQLException, IOException {
    if (statements(sql) > 1) {
      throw new SQLException("one statement at a time");
    }
    try (PreparedStatement s = connection.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
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
