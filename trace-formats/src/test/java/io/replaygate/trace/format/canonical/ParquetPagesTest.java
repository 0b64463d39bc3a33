package io.replaygate.trace.format.canonical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.TraceSources;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batch decoding of numeric columns and block-hash lists ({@link ColumnCursor}, {@link HybridLevels}) against
 * another writer's pages: DuckDB writes data pages v1 and v2, dictionary-encoded and plain hashes, small row groups,
 * null and empty lists, and lists longer than a decoding batch; every record reads as DuckDB itself reads it.
 */
class ParquetPagesTest {
  @TempDir
  Path tmp;

  /** 3,000 rows: hashes repeat (dictionary pages), every 7th list holds 5,000 (past a batch), some null or empty. */
  static final String ROWS = """
      SELECT arrival_us, model_path, (coalesce(len(block_hashes), 3) * 64)::INTEGER AS input_tokens, output_tokens,
             block_hashes
      FROM (SELECT i * 1000 AS arrival_us, 'chat/' || (i % 3) AS model_path, (i % 13)::INTEGER AS output_tokens,
                   CASE WHEN i % 11 = 5 THEN NULL WHEN i % 17 = 3 THEN []::BIGINT[]
                        ELSE list_transform(range(CASE WHEN i % 7 = 0 THEN 5000 ELSE i % 50 + 1 END),
                                            j -> ((i * 31 + j) % {M})::BIGINT) END AS block_hashes
            FROM range(3000) t(i))""";

  /** The footer keys that say the hashes are of 64-token blocks. */
  static final String META = "KV_METADATA {'replaygate.schema_version': '1', 'replaygate.block_tokens': '64', "
      + "'replaygate.hash_scope': 'global', 'replaygate.time_origin': 'relative'}";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"V1, dictionary", "V2, dictionary", "V1, distinct", "V2, distinct",
      "V1, dictionary, uncompressed", "V2, distinct, uncompressed", "V1, distinct, zstd"})
  void duckDbPages_readAsDuckDbReadsThem(String variant) throws Exception {
    boolean v2 = variant.startsWith("V2");
    boolean plain = variant.contains("distinct"); // no dictionary: PLAIN (v1) or DELTA_BINARY_PACKED (v2)
    // Uncompressed pages are read in place from the column chunk's buffers, which the reader's allocator reuses for
    // the next row group once one is read (two groups or more here; DuckDB writes a sorted result as one, so the rows
    // come in range order, unsorted): a page read from a reused buffer reads as DuckDB's.
    String codec = variant.endsWith("uncompressed") ? ", COMPRESSION 'uncompressed'"
        : variant.endsWith("zstd") ? ", COMPRESSION 'zstd'" : "";
    // Few distinct hashes make DuckDB write dictionary pages; a huge modulus makes them all distinct (plain).
    String rows = ROWS.replace("{M}", plain ? Long.toString(Long.MAX_VALUE) : "97");
    Path file = tmp.resolve("t.parquet");
    List<Object[]> expected = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (" + rows + ") TO '" + file + "' (FORMAT parquet, ROW_GROUP_SIZE 1024, " + META
          + (v2 ? ", PARQUET_VERSION V2" : "") + codec + ")");
      try (ResultSet r = s.executeQuery("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + file + "')")) {
        r.next();
        assertTrue(r.getLong(1) >= 2, "row groups: " + r.getLong(1));
      }
      try (ResultSet r = s.executeQuery("SELECT string_agg(DISTINCT encodings, ' ') FROM parquet_metadata('" + file
          + "') WHERE path_in_schema LIKE 'block_hashes%'")) {
        r.next();
        String encodings = r.getString(1);
        System.out.println(variant + ": block_hashes pages " + encodings);
        assertEquals(!plain, encodings.contains("DICTIONARY"), encodings);
      }
      try (ResultSet r = s.executeQuery("SELECT arrival_us, input_tokens, output_tokens, block_hashes FROM "
          + "read_parquet('" + file + "')")) {
        while (r.next()) {
          Array a = r.getArray(4);
          long[] hashes = null;
          if (a != null) {
            Object[] xs = (Object[]) a.getArray();
            hashes = new long[xs.length];
            for (int k = 0; k < xs.length; k++) {
              hashes[k] = ((Number) xs[k]).longValue();
            }
          }
          expected.add(new Object[] {r.getLong(1), r.getInt(2), r.getInt(3), hashes});
        }
      }
    }
    List<TraceRecord> got = new ArrayList<>();
    try (TraceReader r = TraceSources.open(file, ReadOptions.DEFAULTS)) {
      r.forEachRemaining(got::add);
    }
    assertEquals(3000, got.size());
    for (int i = 0; i < got.size(); i++) {
      Object[] e = expected.get(i);
      TraceRecord t = got.get(i);
      assertEquals(e[0], t.arrivalUs(), "row " + i);
      assertEquals(e[1], t.inputTokens(), "row " + i);
      assertEquals(e[2], t.outputTokens(), "row " + i);
      if (e[3] == null) {
        assertNull(t.blockHashes(), "row " + i);
      } else {
        assertArrayEquals((long[]) e[3], t.blockHashes(), "row " + i);
      }
    }
    assertEquals(5000, got.get(0).blockHashes().length, "a list longer than a decoding batch");
  }

  /**
   * A file of more row groups than a segment is read in segments, each by a reader that converted only its groups'
   * footer metadata (selected by DuckDB's offsets): the same records as one reader of the whole file, with the block
   * hashes and without them (the segments read the requested columns only).
   */
  @Test
  void manyRowGroups_readInSegments_asOneReaderReadsThem() throws Exception {
    Path file = tmp.resolve("g.parquet");
    long groups;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT i * 1000 AS arrival_us, 'chat/' || (i % 3) AS model_path, 128 AS input_tokens, "
          + "(i % 13)::INTEGER AS output_tokens, [i, i + 1]::BIGINT[] AS block_hashes FROM range(10000) t(i)) TO '"
          + file + "' (FORMAT parquet, ROW_GROUP_SIZE 2048, " + META + ")");
      try (ResultSet r = s.executeQuery("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + file + "')")) {
        r.next();
        groups = r.getLong(1);
      }
    }
    assertTrue(groups >= 4, "row groups: " + groups);
    for (ReadOptions o : List.of(ReadOptions.DEFAULTS, ReadOptions.DEFAULTS.withBlockHashes(false))) {
      List<TraceRecord> whole = new ArrayList<>();
      try (ParquetTraceReader r = new ParquetTraceReader(file, o, Integer.MAX_VALUE)) {
        r.forEachRemaining(whole::add);
        assertEquals(0, r.segmentsOpened());
      }
      List<TraceRecord> segmented = new ArrayList<>();
      try (ParquetTraceReader r = new ParquetTraceReader(file, o, 2)) {
        r.forEachRemaining(segmented::add);
        assertEquals((groups + 1) / 2, r.segmentsOpened(), "segments of two groups");
      }
      assertEquals(10_000, whole.size());
      assertEquals(whole, segmented);
    }
  }

  @Test
  void nullInsideAList_isAnErrorNamingTheColumnAndRow() throws Exception {
    Path file = tmp.resolve("n.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT i AS arrival_us, 'm' AS model_path, 192 AS input_tokens, 1 AS output_tokens, "
          + "CASE WHEN i = 2 THEN [1, NULL, 3] ELSE [1, 2] END::BIGINT[] AS block_hashes FROM range(4) t(i)) TO '"
          + file + "' (FORMAT parquet, " + META + ")");
    }
    TraceInputException e = org.junit.jupiter.api.Assertions.assertThrows(TraceInputException.class, () -> {
      try (TraceReader r = TraceSources.open(file, ReadOptions.DEFAULTS)) {
        r.forEachRemaining(x -> { });
      }
    });
    assertTrue(e.getMessage().contains("row 3") && e.getMessage().contains("block_hashes")
        && e.getMessage().contains("null element"), e.getMessage());
  }

  @Test
  void withoutBlockHashes_readsEveryOtherField_andNeverTheHashColumn() throws Exception {
    Path file = tmp.resolve("t.parquet");
    Path bad = tmp.resolve("n.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (" + ROWS.replace("{M}", "97") + ") TO '" + file + "' (FORMAT parquet, ROW_GROUP_SIZE 1000, "
          + META + ")");
      s.execute("COPY (SELECT i AS arrival_us, 'm' AS model_path, 192 AS input_tokens, 1 AS output_tokens, "
          + "CASE WHEN i = 2 THEN [1, NULL, 3] ELSE [1, 2] END::BIGINT[] AS block_hashes FROM range(4) t(i)) TO '"
          + bad + "' (FORMAT parquet, " + META + ")");
    }
    ReadOptions without = ReadOptions.DEFAULTS.withBlockHashes(false);
    List<TraceRecord> whole = new ArrayList<>();
    List<TraceRecord> light = new ArrayList<>();
    try (TraceReader r = TraceSources.open(file, ReadOptions.DEFAULTS)) {
      r.forEachRemaining(whole::add);
    }
    try (TraceReader r = TraceSources.open(file, without)) {
      assertEquals(64, r.metadata().blockTokens());
      r.forEachRemaining(light::add);
    }
    assertEquals(3000, light.size());
    for (int i = 0; i < whole.size(); i++) {
      assertEquals(whole.get(i).withBlockHashes(null), light.get(i), "row " + i);
    }
    // A hash list the full read refuses (a null element) is never decoded without the hashes: the column is not read.
    List<TraceRecord> fromBad = new ArrayList<>();
    try (TraceReader r = TraceSources.open(bad, without)) {
      r.forEachRemaining(fromBad::add);
    }
    assertEquals(4, fromBad.size());
    assertNull(fromBad.get(2).blockHashes());
    assertEquals(192, fromBad.get(2).inputTokens());
  }
}
