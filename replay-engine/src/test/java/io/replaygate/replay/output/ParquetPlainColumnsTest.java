package io.replaygate.replay.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.format.LocalParquetInput;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Columns named plain are written without a dictionary; the rest keep theirs. */
class ParquetPlainColumnsTest {
  @TempDir
  Path dir;

  @Test
  void plainColumn_hasNoDictionaryPage_othersKeepTheirs() throws Exception {
    Path f = dir.resolve("t.parquet");
    // Three paths and ten latencies repeat: parquet-mr would keep a dictionary for both; "path" is named plain.
    try (ParquetTable t = new ParquetTable(f, ParquetConcatTest.COLUMNS, Map.of(), Set.of("path"))) {
      for (int i = 0; i < 10_000; i++) {
        t.write((long) i * 7919, "path-" + (i % 3), (i % 10) * 0.5);
      }
    }
    try (ParquetFileReader r = ParquetFileReader.open(new LocalParquetInput(f))) {
      assertEquals(10_000, r.getRecordCount());
      for (ColumnChunkMetaData c : r.getFooter().getBlocks().get(0).getColumns()) {
        switch (c.getPath().toDotString()) {
          case "path" -> assertFalse(c.hasDictionaryPage(), "a column named plain is written without a dictionary");
          case "ms" -> assertTrue(c.hasDictionaryPage(), "a repeating column keeps its dictionary");
          default -> { } // distinct ids: parquet-mr falls back on its own once the first page shows no gain
        }
      }
    }
    // Every table of the run names its distinct-valued columns among its own.
    assertTrue(OutcomeTable.COLUMNS.stream().map(ParquetTable.Column::name).toList().containsAll(OutcomeTable.DISTINCT));
  }

  /**
   * Text values are encoded once per distinct value (up to {@link ParquetTable#MEMO_VALUES} a column) and the rest as
   * they come: past the memo's limit, repeated and new values, in a dictionary column and a plain one, every row
   * reads back as written (DuckDB reading).
   */
  @Test
  void textValues_pastTheMemosLimit_readBackAsWritten() throws Exception {
    Path f = dir.resolve("t.parquet");
    List<ParquetTable.Column> cols = List.of(new ParquetTable.Column("id", ParquetTable.Type.INT64, false),
        new ParquetTable.Column("tenant", ParquetTable.Type.STRING, true),
        new ParquetTable.Column("request_id", ParquetTable.Type.STRING, false));
    int n = 20_000;
    try (ParquetTable t = new ParquetTable(f, cols, Map.of(), Set.of("request_id"))) {
      for (int i = 0; i < n; i++) {
        // Tenants: the first 600 rows are all distinct (past the memo), then 7 repeat, with fresh strings each row.
        String tenant = i % 13 == 0 ? null : i < 600 ? "t-" + i : new String("tenant-" + (i % 7));
        t.write((long) i, tenant, "req-" + i);
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id, tenant, request_id FROM read_parquet('" + f + "') ORDER BY id")) {
      int i = 0;
      while (r.next()) {
        assertEquals(i, r.getLong(1));
        String tenant = i % 13 == 0 ? null : i < 600 ? "t-" + i : "tenant-" + (i % 7);
        assertEquals(tenant, r.getString(2), "row " + i);
        assertEquals("req-" + i, r.getString(3), "row " + i);
        i++;
      }
      assertEquals(n, i);
    }
  }
}
