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
import java.util.List;

/**
 * SQL over traces with embedded DuckDB. Traces are registered as views {@code trace}, {@code trace_2},
 * {@code trace_3}, ... in the order given. Canonical Parquet is queried in place; any other format, and a trace
 * only a reader can give (a bundled sample), is first converted (validated, streaming) to a temporary Parquet
 * file, deleted on close. Other Parquet tables (a run directory's outputs) are views under the names given.
 *
 * <p>Read-only: once the views exist, external access is off except for their files ({@code allowed_paths},
 * {@code enable_external_access = false}) and the configuration is locked, so a query reads the given traces and
 * nothing else — no other file, no {@code COPY … TO}, no {@code INSTALL}/{@code LOAD}, no network; and it is one
 * statement (a prepared statement: DuckDB refuses several).
 */
public final class TraceSql implements AutoCloseable {
  private final Connection connection;
  private final Path tempDir;

  /** What a query may read: the closed set of inputs. */
  public sealed interface Input {
    /** A trace file, in any format read (detected unless a format is given). */
    record TraceFile(Path file) implements Input {}

    /** A trace only a reader gives (e.g. a bundled sample): converted to a temporary Parquet file. */
    record TraceReaderInput(java.util.function.Supplier<TraceReader> open) implements Input {}

    /** A Parquet table, queried in place as view {@code view}. */
    record Table(String view, Path parquet) implements Input {}
  }

  public TraceSql(List<Path> traces, TraceFormat format, ReadOptions options) throws SQLException {
    this(format, options, traces.stream().<Input>map(Input.TraceFile::new).toList());
  }

  /** SQL over {@code inputs}: traces (views trace, trace_2, ... in their order) and named tables. */
  public static TraceSql of(List<Input> inputs, TraceFormat format, ReadOptions options) throws SQLException {
    return new TraceSql(format, options, inputs);
  }

  private TraceSql(TraceFormat format, ReadOptions options, List<Input> inputs) throws SQLException {
    try {
      this.tempDir = io.replaygate.trace.InFlight.track(Files.createTempDirectory("replaygate-sql-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    List<String> files = new ArrayList<>();
    try {
      int traces = 0;
      for (Input in : inputs) {
        Path parquet;
        String view;
        switch (in) {
          case Input.Table t -> {
            parquet = t.parquet();
            view = t.view();
          }
          case Input.TraceFile t -> {
            traces++;
            view = traces == 1 ? "trace" : "trace_" + traces;
            TraceFormat f = format != null ? format : FormatDetector.detect(t.file());
            if (f != TraceFormat.PARQUET) {
              parquet = tempDir.resolve(view + ".parquet");
              try (TraceReader r = TraceSources.open(List.of(t.file()), f, options)) {
                TraceConverter.convert(r, parquet, OutputFormat.PARQUET, null);
              }
            } else {
              parquet = t.file();
              // Validate the file is readable as a trace before handing it to DuckDB.
              try (TraceReader r = TraceSources.open(List.of(t.file()), f, options)) {
                r.metadata();
              }
            }
          }
          case Input.TraceReaderInput t -> {
            traces++;
            view = traces == 1 ? "trace" : "trace_" + traces;
            parquet = tempDir.resolve(view + ".parquet");
            try (TraceReader r = t.open().get()) {
              TraceConverter.convert(r, parquet, OutputFormat.PARQUET, null);
            }
          }
        }
        files.add(parquet.toAbsolutePath().toString());
        try (Statement s = c.createStatement()) {
          s.execute("CREATE VIEW \"" + view.replace("\"", "\"\"") + "\" AS SELECT * FROM read_parquet('"
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

  /** Runs one statement, streaming its rows. Lists come as {@code Object[]}, BLOBs as {@code byte[]}. */
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
          } else if (v instanceof java.sql.Blob b) {
            v = b.getBytes(1, Math.toIntExact(b.length()));
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
    try {
      io.replaygate.trace.InFlight.discard(tempDir);
    } catch (IOException ignored) {
      // Temp directory: the OS cleans it up if we cannot.
    }
  }
}
