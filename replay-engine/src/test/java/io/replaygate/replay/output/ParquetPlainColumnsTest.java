package io.replaygate.replay.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.format.LocalParquetInput;
import java.nio.file.Path;
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
}
