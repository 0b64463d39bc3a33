package io.replaygate.trace.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * The one place a parquet-mr writer is set up (local file, no Hadoop file system, zstd, dictionary
 * encoding, key/value metadata in the footer); callers say only how one row becomes Parquet events.
 */
public final class ParquetRows {
  /** Writes one row as Parquet events (between {@code startMessage} and {@code endMessage}). */
  @FunctionalInterface
  public interface RowWriter<T> {
    void write(RecordConsumer out, T row);
  }

  private ParquetRows() {}

  /** A writer of {@code schema} rows to {@code file} (replaced if present). */
  public static <T> ParquetWriter<T> open(Path file, MessageType schema, Map<String, String> footer,
      long rowGroupBytes, RowWriter<T> rows) throws IOException {
    return open(file, schema, footer, rowGroupBytes, java.util.Set.of(), rows);
  }

  /**
   * As {@link #open(Path, MessageType, Map, long, RowWriter)}, the columns named in {@code plain} written without
   * a dictionary. For a column of distinct values (an index, a time, a latency) parquet-mr hashes each value into a
   * dictionary until a page shows it gains nothing, then re-encodes that page plain; a small row group's column
   * chunk is about one page, so every value was hashed and encoded twice for nothing.
   */
  public static <T> ParquetWriter<T> open(Path file, MessageType schema, Map<String, String> footer,
      long rowGroupBytes, java.util.Set<String> plain, RowWriter<T> rows) throws IOException {
    return open(file, schema, footer, rowGroupBytes, plain, ParquetProperties.DEFAULT_MAXIMUM_RECORD_COUNT_FOR_CHECK,
        rows);
  }

  /**
   * As {@link #open(Path, MessageType, Map, long, java.util.Set, RowWriter)}, looking at what the row group holds
   * at least every {@code sizeCheckRows} rows. parquet-mr looks again halfway to where the rows so far say the group
   * will be full, so rows that grow past the ones before overshoot the group by up to that many rows; a reader holds
   * a whole row group. At least {@link ParquetProperties#DEFAULT_MINIMUM_RECORD_COUNT_FOR_CHECK} (100).
   */
  public static <T> ParquetWriter<T> open(Path file, MessageType schema, Map<String, String> footer,
      long rowGroupBytes, java.util.Set<String> plain, int sizeCheckRows, RowWriter<T> rows) throws IOException {
    Builder<T> b = new Builder<>(new LocalParquetFile(file), schema, footer, rows)
        .withMaxRowCountForPageSizeCheck(sizeCheckRows)
        .withConf(new PlainParquetConfiguration())
        .withCompressionCodec(CompressionCodecName.ZSTD)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withRowGroupSize(rowGroupBytes)
        .withDictionaryEncoding(true);
    for (String column : new java.util.TreeSet<>(plain)) {
      b = b.withDictionaryEncoding(column, false);
    }
    return b.build();
  }

  private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
    private final MessageType schema;
    private final Map<String, String> footer;
    private final RowWriter<T> rows;

    Builder(OutputFile file, MessageType schema, Map<String, String> footer, RowWriter<T> rows) {
      super(file);
      this.schema = schema;
      this.footer = footer;
      this.rows = rows;
    }

    @Override
    protected Builder<T> self() {
      return this;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(Configuration conf) {
      return new Support<>(schema, footer, rows);
    }

    @Override
    protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
      return new Support<>(schema, footer, rows);
    }
  }

  private static final class Support<T> extends WriteSupport<T> {
    private final MessageType schema;
    private final Map<String, String> footer;
    private final RowWriter<T> rows;
    private RecordConsumer out;

    Support(MessageType schema, Map<String, String> footer, RowWriter<T> rows) {
      this.schema = schema;
      this.footer = footer;
      this.rows = rows;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, footer);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(T row) {
      rows.write(out, row);
    }
  }
}
