package io.replaygate.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.format.TraceSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every writer against its reader: what is written is what is read, metadata included. */
class RoundTripTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void writeThenRead_everyFormat_preservesRecordsAndMetadata(OutputFormat format) {
    for (Fixture fixture : Fixture.values()) {
      TraceMetadata meta;
      List<TraceRecord> records;
      try (TraceReader r = fixture.open()) {
        meta = r.metadata();
        records = Traces.readAll(r);
      }
      Path file = tmp.resolve(fixture.name() + format.extension());
      Traces.write(file, format, meta, records);
      try (TraceReader back = TraceSources.open(file, ReadOptions.DEFAULTS)) {
        assertEquals(meta, back.metadata(), fixture + " metadata via " + format);
        assertEquals(records, Traces.readAll(back), fixture + " records via " + format);
      }
    }
  }

  @Test
  void chain_jsonlToParquetToArrowToStreamToJsonl_isByteIdentical() throws IOException {
    Path start = Fixture.GOLDEN.resolve("weka.jsonl");
    Path parquet = tmp.resolve("a.parquet");
    Path arrow = tmp.resolve("b.arrow");
    Path stream = tmp.resolve("c.arrows");
    Path end = tmp.resolve("d.jsonl");
    convert(start, parquet, OutputFormat.PARQUET);
    convert(parquet, arrow, OutputFormat.ARROW);
    convert(arrow, stream, OutputFormat.ARROW_STREAM);
    convert(stream, end, OutputFormat.JSONL);
    assertArrayEquals(Files.readAllBytes(start), Files.readAllBytes(end));
  }

  @Test
  void write_sameRecordsTwice_isByteIdentical() throws IOException {
    // Same inputs ⇒ same bytes, for every output format (no timestamps or random ids in files).
    for (OutputFormat format : OutputFormat.values()) {
      Path a = tmp.resolve("x1" + format.extension());
      Path b = tmp.resolve("x2" + format.extension());
      convert(Fixture.GOLDEN.resolve("gateway.jsonl"), a, format);
      convert(Fixture.GOLDEN.resolve("gateway.jsonl"), b, format);
      assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), format.name());
    }
  }

  @Test
  void parquetWrittenByDuckDb_readsAsTheSameRecords() throws Exception {
    // Another writer's Parquet (DuckDB: optional list elements, its own encodings) must read as the same
    // records; the trace metadata travels as footer key/values, which DuckDB writes with KV_METADATA.
    Path ours = tmp.resolve("ours.parquet");
    Path theirs = tmp.resolve("theirs.parquet");
    convert(Fixture.GOLDEN.resolve("canonical_jsonl.jsonl"), ours, OutputFormat.PARQUET);
    TraceMetadata meta;
    List<TraceRecord> expected;
    try (TraceReader r = TraceSources.open(ours, ReadOptions.DEFAULTS)) {
      meta = r.metadata();
      expected = Traces.readAll(r);
    }
    StringBuilder kv = new StringBuilder();
    meta.toProperties().forEach((k, v) -> kv.append(kv.isEmpty() ? "" : ", ").append("'replaygate.").append(k)
        .append("': '").append(v).append('\''));
    try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement()) {
      s.execute("COPY (SELECT * FROM read_parquet('" + ours + "')) TO '" + theirs
          + "' (FORMAT parquet, KV_METADATA {" + kv + "})");
    }
    try (TraceReader r = TraceSources.open(theirs, ReadOptions.DEFAULTS)) {
      assertEquals(meta, r.metadata());
      assertEquals(expected, Traces.readAll(r));
    }
  }

  private static void convert(Path in, Path out, OutputFormat format) {
    try (TraceReader r = TraceSources.open(in, ReadOptions.DEFAULTS)) {
      TraceConverter.convert(r, out, format, null);
    }
  }
}
