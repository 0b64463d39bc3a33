package io.replaygate.replay.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.replaygate.replay.output.ParquetTable.Column;
import io.replaygate.replay.output.ParquetTable.Type;
import io.replaygate.trace.format.LocalParquetInput;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row groups copied by byte ranges: the same bytes as parquet-mr's own one-byte-at-a-time input gives. */
class ParquetConcatTest {
  static final List<Column> COLUMNS = List.of(new Column("id", Type.INT64, false),
      new Column("path", Type.STRING, false), new Column("ms", Type.DOUBLE, true));

  @TempDir
  Path dir;

  static List<Path> parts(Path dir, int parts, int rows) throws Exception {
    List<Path> files = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(7);
    for (int p = 0; p < parts; p++) {
      Path f = dir.resolve("part-" + p + ".parquet");
      try (ParquetTable t = new ParquetTable(f, COLUMNS, Map.of())) {
        for (int i = 0; i < rows; i++) {
          t.write((long) i, "path-" + p, i % 7 == 0 ? null : r.nextDouble() * 1000);
        }
      }
      files.add(f);
    }
    return files;
  }

  @Test
  void concat_isByteIdentical_toParquetMrsOwnInput() throws Exception {
    List<Path> parts = parts(dir, 4, 20_000);
    Path ours = dir.resolve("ours.parquet");
    ParquetTable.concat(parts, ours, COLUMNS, Map.of("k", "v"));
    Path theirs = dir.resolve("theirs.parquet");
    try (ParquetFileWriter w = new ParquetFileWriter(new io.replaygate.trace.format.LocalParquetFile(theirs),
        ParquetTable.schema(COLUMNS), ParquetFileWriter.Mode.OVERWRITE, 128L << 20, 0)) {
      w.start();
      for (Path p : parts) {
        w.appendFile(new LocalInputFile(p));
      }
      w.end(Map.of("k", "v"));
    }
    assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
  }

  @Test
  void stream_readsEveryRangeAsTheFileHoldsIt_andSaysWhereItEnds() throws Exception {
    Path f = parts(dir, 1, 5_000).get(0);
    byte[] all = Files.readAllBytes(f);
    SplittableRandom r = new SplittableRandom(11);
    try (SeekableInputStream in = new LocalParquetInput(f).newStream()) {
      for (int k = 0; k < 500; k++) {
        int at = r.nextInt(all.length);
        int len = r.nextInt(Math.min(20_000, all.length - at) + 1);
        in.seek(at);
        switch (k % 4) {
          case 0 -> {
            assertEquals(all[at] & 0xff, in.read());
            assertEquals(at + 1, in.getPos());
          }
          case 1 -> {
            byte[] b = new byte[len];
            in.readFully(b);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, at, at + len), b);
          }
          case 2 -> {
            ByteBuffer b = ByteBuffer.allocateDirect(len);
            in.readFully(b);
            b.flip();
            byte[] got = new byte[len];
            b.get(got);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, at, at + len), got);
          }
          default -> {
            byte[] b = new byte[len + 10];
            int n = in.read(b, 10, len);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, at, at + Math.max(n, 0)),
                java.util.Arrays.copyOfRange(b, 10, 10 + Math.max(n, 0)));
            assertEquals(at + Math.max(n, 0), in.getPos());
          }
        }
      }
      in.seek(all.length - 3);
      assertThrows(EOFException.class, () -> in.readFully(new byte[4]));
      in.seek(all.length);
      assertEquals(-1, in.read());
    }
    assertEquals(all.length, new LocalParquetInput(f).getLength());
  }
}
