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
}
