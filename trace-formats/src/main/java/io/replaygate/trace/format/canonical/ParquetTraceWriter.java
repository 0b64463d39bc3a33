package io.replaygate.trace.format.canonical;

import static io.replaygate.trace.format.canonical.CanonicalSchema.*;

import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.ParquetRows;
import io.replaygate.trace.format.TraceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Canonical Parquet through parquet-mr: zstd, 32 MiB row groups (so a 512 MiB heap suffices), the trace
 * metadata in the footer's key/value metadata under {@code replaygate.*}.
 */
public final class ParquetTraceWriter implements TraceWriter {

  /** The canonical Parquet schema. */
  public static final MessageType SCHEMA = Types.buildMessage()
      .required(PrimitiveTypeName.INT64).named(ARRIVAL_US)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(REQUEST_ID)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(TENANT)
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(MODEL_PATH)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(MODEL)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(PROVIDER)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(SESSION_ID)
      .required(PrimitiveTypeName.INT32).named(INPUT_TOKENS)
      .required(PrimitiveTypeName.INT32).named(OUTPUT_TOKENS)
      .optional(PrimitiveTypeName.INT32).named(CACHED_TOKENS)
      .optional(PrimitiveTypeName.INT32).named(CACHE_WRITE_TOKENS)
      .optionalList().requiredElement(PrimitiveTypeName.INT64).named(BLOCK_HASHES)
      .optional(PrimitiveTypeName.FLOAT).named(TTFT_MS)
      .optional(PrimitiveTypeName.FLOAT).named(E2E_MS)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(STATUS)
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(SLO_CLASS)
      .named("trace");

  static final int ROW_GROUP_BYTES = 32 << 20;

  /**
   * The most records between two looks at the row group's size. A record's size varies a hundredfold (a block hash
   * is 8 bytes, and a long agent context has thousands), and parquet-mr's default (10,000) let the generated 10M
   * week's row groups reach 80 MB against this writer's 32 MB where long contexts followed short ones; a reader
   * holds one row group at a time, so the largest in the file set its memory. At 256 a group overshoots by at most
   * 256 records.
   */
  static final int SIZE_CHECK_RECORDS = 256;

  private final ParquetWriter<TraceRecord> writer;

  public ParquetTraceWriter(Path file, TraceMetadata metadata) throws IOException {
    Map<String, String> footer = new LinkedHashMap<>();
    metadata.toProperties().forEach((k, v) -> footer.put(KEY_PREFIX + k, v));
    this.writer = ParquetRows.open(file, SCHEMA, footer, ROW_GROUP_BYTES, java.util.Set.of(), SIZE_CHECK_RECORDS,
        Rows::write);
  }

  @Override
  public void write(TraceRecord record) {
    try {
      writer.write(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** One record as Parquet events, skipping null optional fields. */
  private static final class Rows {
    private final RecordConsumer out;

    Rows(RecordConsumer out) {
      this.out = out;
    }

    static void write(RecordConsumer out, TraceRecord r) {
      new Rows(out).write(r);
    }

    void write(TraceRecord r) {
      out.startMessage();
      longField(ARRIVAL_US, 0, r.arrivalUs());
      stringField(REQUEST_ID, 1, r.requestId());
      stringField(TENANT, 2, r.tenant());
      stringField(MODEL_PATH, 3, r.modelPath());
      stringField(MODEL, 4, r.model());
      stringField(PROVIDER, 5, r.provider());
      stringField(SESSION_ID, 6, r.sessionId());
      intField(INPUT_TOKENS, 7, r.inputTokens());
      intField(OUTPUT_TOKENS, 8, r.outputTokens());
      if (r.cachedTokens() != null) {
        intField(CACHED_TOKENS, 9, r.cachedTokens());
      }
      if (r.cacheWriteTokens() != null) {
        intField(CACHE_WRITE_TOKENS, 10, r.cacheWriteTokens());
      }
      long[] hashes = r.blockHashes();
      if (hashes != null) {
        out.startField(BLOCK_HASHES, 11);
        out.startGroup();
        if (hashes.length > 0) {
          out.startField("list", 0);
          for (long h : hashes) {
            out.startGroup();
            out.startField("element", 0);
            out.addLong(h);
            out.endField("element", 0);
            out.endGroup();
          }
          out.endField("list", 0);
        }
        out.endGroup();
        out.endField(BLOCK_HASHES, 11);
      }
      floatField(TTFT_MS, 12, r.ttftMs());
      floatField(E2E_MS, 13, r.e2eMs());
      stringField(STATUS, 14, r.status());
      stringField(SLO_CLASS, 15, r.sloClass());
      out.endMessage();
    }

    private void longField(String name, int index, long value) {
      out.startField(name, index);
      out.addLong(value);
      out.endField(name, index);
    }

    private void intField(String name, int index, int value) {
      out.startField(name, index);
      out.addInteger(value);
      out.endField(name, index);
    }

    private void floatField(String name, int index, Float value) {
      if (value != null) {
        out.startField(name, index);
        out.addFloat(value);
        out.endField(name, index);
      }
    }

    private void stringField(String name, int index, String value) {
      if (value != null) {
        out.startField(name, index);
        out.addBinary(Binary.fromString(value));
        out.endField(name, index);
      }
    }
  }

}
