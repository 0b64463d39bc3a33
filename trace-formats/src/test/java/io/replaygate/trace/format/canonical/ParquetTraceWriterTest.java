package io.replaygate.trace.format.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.LocalParquetInput;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTraceWriterTest {
  @TempDir
  Path tmp;

  /**
   * Short prompts, then long contexts (a hundred times the bytes a record): the writer's look at the row group's
   * size comes within {@link ParquetTraceWriter#SIZE_CHECK_RECORDS} records, so no group grows far past its size.
   * With parquet-mr's default (10,000 records between looks) the long records after 20,000 short ones made one group
   * of twice the size.
   */
  @Test
  void rowGroups_recordsGrowingAHundredfold_stayNearTheirSize() throws Exception {
    Path file = tmp.resolve("t.parquet");
    SplittableRandom rng = new SplittableRandom(5);
    int records = 0;
    try (ParquetTraceWriter w = new ParquetTraceWriter(file, TraceMetadata.unlabelled("test"))) {
      for (int i = 0; i < 22_000; i++) {
        int blocks = i < 20_000 ? 4 : 4_000;
        long[] hashes = new long[blocks];
        for (int b = 0; b < blocks; b++) {
          hashes[b] = rng.nextLong(); // incompressible: the bytes written are the bytes buffered
        }
        w.write(TraceRecord.of(i * 1_000L, "chat", blocks * 64, 10).withBlockHashes(hashes));
        records++;
      }
    }
    long most = 0;
    long rows = 0;
    try (ParquetFileReader r = ParquetFileReader.open(new LocalParquetInput(file))) {
      for (BlockMetaData group : r.getFooter().getBlocks()) {
        most = Math.max(most, group.getTotalByteSize());
        rows += group.getRowCount();
      }
    }
    assertEquals(records, rows);
    assertTrue(most <= ParquetTraceWriter.ROW_GROUP_BYTES * 5L / 4,
        "largest row group " + most + " bytes against " + ParquetTraceWriter.ROW_GROUP_BYTES);
  }
}
