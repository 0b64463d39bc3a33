package io.replaygate.replay.output;

import io.replaygate.trace.format.ParquetRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * A flat Parquet table written row by row (parquet-mr, zstd): a list of typed columns, rows as arrays in
 * column order, {@code null} for an absent optional value. Key/value metadata goes in the footer.
 */
public final class ParquetTable implements AutoCloseable {
  /** Column types. */
  public enum Type { INT64, INT32, DOUBLE, STRING, BOOLEAN }

  /** A column; {@code optional} ones may be {@code null}. */
  public record Column(String name, Type type, boolean optional) {}

  /**
   * Bytes a table buffers before it writes a row group. Every path writes its outcomes while the replay runs, so
   * what the open tables buffer is held at once: at parquet-mr's default (128 MB) six paths of a long trace would
   * keep up to 768 MB of a 2 GiB heap in row groups not yet written — memory that grew with the trace's length.
   * A table smaller than this is one row group, as before.
   */
  static final long ROW_GROUP_BYTES = 16L << 20;

  /**
   * Distinct values a text column keeps encoded ({@link #binary}): a table's text columns mostly repeat a few values
   * (a path's name, a model path, a status) on every row, and encoding each again was, on the 10M week, a twelfth of
   * everything the run allocated.
   */
  static final int MEMO_VALUES = 256;

  private final List<Column> columns;
  private final ParquetWriter<Object[]> writer;
  /** Per column, the text values encoded so far, or null (not text, or written without a dictionary: distinct). */
  private final List<HashMap<String, Binary>> encoded;
  /**
   * Per column, the last text value {@link #binary} answered and its bytes: a row mostly repeats the row before's
   * values as the same objects (a path's name, a status), and the same object needs no lookup.
   */
  private final String[] lastText;
  private final Binary[] lastBinary;

  public ParquetTable(Path file, List<Column> columns, Map<String, String> footer) throws IOException {
    this(file, columns, footer, java.util.Set.of());
  }

  /** A table whose columns named in {@code plain} hold mostly distinct values: written without a dictionary. */
  public ParquetTable(Path file, List<Column> columns, Map<String, String> footer, java.util.Set<String> plain)
      throws IOException {
    this.columns = List.copyOf(columns);
    this.encoded = new ArrayList<>();
    this.lastText = new String[columns.size()];
    this.lastBinary = new Binary[columns.size()];
    for (Column c : columns) {
      encoded.add(c.type() == Type.STRING && !plain.contains(c.name()) ? new HashMap<>() : null);
    }
    MessageType schema = schema(columns);
    this.writer = ParquetRows.open(file, schema, footer, ROW_GROUP_BYTES, plain,
        (out, row) -> writeRow(out, schema, row));
  }

  /** The Parquet schema of {@code columns}. */
  public static MessageType schema(List<Column> columns) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Column c : columns) {
      Repetition rep = c.optional() ? Repetition.OPTIONAL : Repetition.REQUIRED;
      switch (c.type()) {
        case INT64 -> b.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
        case INT32 -> b.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
        case DOUBLE -> b.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
        case BOOLEAN -> b.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
        case STRING -> b.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(c.name());
      }
    }
    return b.named("row");
  }

  public void write(Object... row) throws IOException {
    if (row.length != columns.size()) {
      throw new IllegalArgumentException("row has " + row.length + " values for " + columns.size() + " columns");
    }
    writer.write(row);
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** Writes the row groups of {@code parts} (same schema), in order, into {@code out}, without decoding them. */
  public static void concat(List<Path> parts, Path out, List<Column> columns, Map<String, String> footer)
      throws IOException {
    try (ParquetFileWriter w = new ParquetFileWriter(new io.replaygate.trace.format.LocalParquetFile(out),
        schema(columns), ParquetFileWriter.Mode.OVERWRITE, 128L << 20, 0)) {
      w.start();
      for (Path p : parts) {
        w.appendFile(new io.replaygate.trace.format.LocalParquetInput(p));
      }
      w.end(footer);
    }
  }

  /**
   * {@code s} as column {@code i}'s bytes: the same {@link Binary} for an equal value already seen there (up to
   * {@link #MEMO_VALUES} values a column; a Binary made from a string is never changed, and the writer copies none it
   * keeps), else a new one.
   */
  private Binary binary(int i, String s) {
    HashMap<String, Binary> seen = encoded.get(i);
    if (seen == null) {
      return Binary.fromString(s);
    }
    if (s == lastText[i]) {
      return lastBinary[i];
    }
    Binary b = seen.get(s);
    if (b == null) {
      b = Binary.fromString(s);
      if (seen.size() < MEMO_VALUES) {
        seen.put(s, b);
      }
    }
    lastText[i] = s;
    lastBinary[i] = b;
    return b;
  }

  private void writeRow(RecordConsumer out, MessageType schema, Object[] row) {
    out.startMessage();
    for (int i = 0; i < row.length; i++) {
      Object v = row[i];
      if (v == null) {
        continue;
      }
      String name = schema.getFieldName(i);
      out.startField(name, i);
      switch (v) {
        case Long l -> out.addLong(l);
        case Integer n -> out.addInteger(n);
        case Double d -> out.addDouble(d);
        case Float f -> out.addDouble(f);
        case Boolean b -> out.addBoolean(b);
        case String str -> out.addBinary(binary(i, str));
        default -> throw new IllegalArgumentException("column " + name + ": unsupported value " + v.getClass());
      }
      out.endField(name, i);
    }
    out.endMessage();
  }
}
