package io.replaygate.trace.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.trace.Fixture;
import io.replaygate.trace.ReadOptions;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceSqlTest {
  private static List<Object[]> query(String sql, List<java.nio.file.Path> traces) throws SQLException, IOException {
    List<Object[]> rows = new ArrayList<>();
    try (TraceSql db = new TraceSql(traces, null, ReadOptions.DEFAULTS)) {
      db.query(sql, new TraceSql.RowSink() {
        @Override
        public void columns(List<String> names) {}

        @Override
        public void row(Object[] values) {
          rows.add(values);
        }
      });
    }
    return rows;
  }

  @Test
  void views_traceAndTrace2_answerAggregates() throws Exception {
    List<Object[]> rows = query("SELECT (SELECT count(*) FROM trace), (SELECT sum(input_tokens) FROM trace), "
        + "(SELECT sum(len(block_hashes)) FROM trace), (SELECT count(*) FROM trace_2)",
        List.of(Fixture.MOONCAKE.paths().get(0), Fixture.BAILIAN.paths().get(0)));
    assertEquals(1, rows.size());
    // Mooncake fixture: 4 requests, 1024+1100+513+100 input tokens, 2+3+2+1 blocks; Bailian fixture: 4.
    assertEquals(4L, ((Number) rows.get(0)[0]).longValue());
    assertEquals(2737L, ((Number) rows.get(0)[1]).longValue());
    assertEquals(8L, ((Number) rows.get(0)[2]).longValue());
    assertEquals(4L, ((Number) rows.get(0)[3]).longValue());
  }

  /** Read-only: the traces and nothing else; one statement; no writing, no extensions, no way to turn it back. */
  @Test
  void sql_isReadOnly_andReachesOnlyTheGivenTraces() throws Exception {
    java.nio.file.Path secret = java.nio.file.Files.createTempFile("not-a-trace", ".csv");
    java.nio.file.Files.writeString(secret, "a,b\n1,2\n");
    java.nio.file.Path out = secret.resolveSibling("written-" + System.nanoTime() + ".csv");
    try (TraceSql sql = new TraceSql(java.util.List.of(io.replaygate.trace.Fixture.CANONICAL_JSONL.paths().get(0)),
        null, io.replaygate.trace.ReadOptions.DEFAULTS)) {
      Sink rows = new Sink();
      sql.query("SELECT count(*) FROM trace", rows);
      for (String bad : java.util.List.of("SELECT * FROM read_csv('" + secret + "')",
          "COPY (SELECT 1) TO '" + out + "'", "INSTALL httpfs", "SET enable_external_access = true",
          "SELECT 1; SELECT 2")) {
        org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, () -> sql.query(bad, new Sink()),
            bad);
      }
      org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(out), "nothing written");
      sql.query("SELECT ';' AS semi, 'a;b' FROM trace -- a comment; not a statement\n;", new Sink());
      org.junit.jupiter.api.Assertions.assertEquals(1, TraceSql.statements("SELECT 'x;y' /* ; */;  "));
    } finally {
      java.nio.file.Files.deleteIfExists(secret);
    }
  }

  private static final class Sink implements TraceSql.RowSink {
    @Override
    public void columns(List<String> names) {}

    @Override
    public void row(Object[] values) {}
  }
}
