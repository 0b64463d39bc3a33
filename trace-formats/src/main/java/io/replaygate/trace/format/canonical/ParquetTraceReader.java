package io.replaygate.trace.format.canonical;

import io.replaygate.trace.BlockCountRule;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.HashScope;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractTraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads canonical Parquet (ours, or any writer's, e.g. DuckDB's {@code COPY ... TO 'x.parquet'}) through
 * parquet-mr, one row group at a time. Columns are matched by name: unknown columns, missing required
 * columns and wrong physical types are errors naming the column. Without replaygate footer metadata the
 * trace is taken as relative-time with no block size.
 */
public final class ParquetTraceReader extends AbstractTraceReader {
  private final Path file;
  private final ParquetFileReader reader;
  private final MessageColumnIO columnIO;
  private final Materializer materializer;
  private final TraceMetadata metadata;
  private RecordReader<RecordBuilder> rows;
  private long rowsLeftInGroup;
  private long row;

  public ParquetTraceReader(Path file, ReadOptions options) {
    super(options);
    this.file = file;
    TraceInputException.Where whole = TraceInputException.Where.file(file);
    if (!Files.exists(file)) {
      throw whole.error(null, "no such file");
    }
    try {
      this.reader = ParquetFileReader.open(new LocalInputFile(file),
          ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
    } catch (NoSuchFileException e) {
      throw whole.error(null, "no such file", e);
    } catch (IOException | RuntimeException e) {
      throw whole.error(null, "not a Parquet file, or truncated (" + firstLine(e) + ")", e);
    }
    try {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      this.materializer = new Materializer(schema, whole);
      this.columnIO = new ColumnIOFactory().getColumnIO(schema, schema);
      this.metadata = readMetadata(reader.getFooter().getFileMetaData().getKeyValueMetaData(), whole);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  private static TraceMetadata readMetadata(Map<String, String> kv, TraceInputException.Where whole) {
    Map<String, String> ours = new HashMap<>();
    kv.forEach((k, v) -> {
      if (k.startsWith(CanonicalSchema.KEY_PREFIX)) {
        ours.put(k.substring(CanonicalSchema.KEY_PREFIX.length()), v);
      }
    });
    if (ours.isEmpty()) {
      return new TraceMetadata(TraceMetadata.SCHEMA_VERSION, null, HashScope.GLOBAL, TimeOrigin.RELATIVE,
          "parquet", null, BlockCountRule.APPROXIMATE, Capabilities.NONE);
    }
    return TraceMetadata.fromProperties(ours, whole);
  }

  static String firstLine(Throwable e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = msg.indexOf('\n');
    return cut < 0 ? msg : msg.substring(0, cut);
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected TraceRecord readNext() {
    try {
      while (rowsLeftInGroup == 0) {
        PageReadStore group = reader.readNextRowGroup();
        if (group == null) {
          return null;
        }
        rowsLeftInGroup = group.getRowCount();
        rows = columnIO.getRecordReader(group, materializer);
      }
      row++;
      rowsLeftInGroup--;
      RecordBuilder b = rows.read();
      if (b.problem != null) {
        throw error(b.problemField, b.problem);
      }
      String missing = b.missingRequired();
      if (missing != null) {
        throw error(missing, "missing required value (null)");
      }
      return b.build();
    } catch (TraceInputException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw error(null, "corrupt or truncated Parquet data (" + firstLine(e) + ")");
    }
  }

  @Override
  protected Path currentFile() {
    return file;
  }

  @Override
  protected String currentPosition() {
    return "row " + row;
  }

  @Override
  protected void release() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      reader.close();
    } catch (IOException ignored) {
      // Read-only file: nothing to lose.
    }
  }

  /** Builds converters for the file's columns, checked by name and type against the canonical schema. */
  private static final class Materializer extends RecordMaterializer<RecordBuilder> {
    private final RecordBuilder builder = new RecordBuilder();
    private final Group root;

    Materializer(MessageType schema, TraceInputException.Where whole) {
      List<Type> fields = schema.getFields();
      Converter[] converters = new Converter[fields.size()];
      boolean[] present = new boolean[CanonicalSchema.COLUMNS.size()];
      for (int i = 0; i < fields.size(); i++) {
        Type field = fields.get(i);
        int column = CanonicalSchema.COLUMNS.indexOf(field.getName());
        if (column < 0) {
          throw whole.error(field.getName(), "unknown column (canonical columns: "
              + String.join(", ", CanonicalSchema.COLUMNS) + ")");
        }
        present[column] = true;
        converters[i] = converterFor(field, column, whole);
      }
      for (String required : CanonicalSchema.REQUIRED) {
        if (!present[CanonicalSchema.COLUMNS.indexOf(required)]) {
          throw whole.error(required, "missing required column");
        }
      }
      this.root = new Group(converters, builder::reset);
    }

    private Converter converterFor(Type field, int column, TraceInputException.Where whole) {
      RecordBuilder.Kind kind = RecordBuilder.kindOf(column);
      String name = field.getName();
      if (kind == RecordBuilder.Kind.INT64_LIST) {
        return listConverter(field, whole);
      }
      if (!field.isPrimitive()) {
        throw whole.error(name, "expected a " + kind + " column, found a group");
      }
      PrimitiveTypeName type = field.asPrimitiveType().getPrimitiveTypeName();
      boolean ok = switch (kind) {
        case INT64 -> type == PrimitiveTypeName.INT64;
        case INT32 -> type == PrimitiveTypeName.INT32 || type == PrimitiveTypeName.INT64;
        case FLOAT32 -> type == PrimitiveTypeName.FLOAT || type == PrimitiveTypeName.DOUBLE;
        case STRING -> type == PrimitiveTypeName.BINARY;
        case INT64_LIST -> false;
      };
      if (!ok || field.isRepetition(Type.Repetition.REPEATED)) {
        throw whole.error(name, "wrong type " + field + " (expected " + kind + ")");
      }
      return switch (kind) {
        case INT64 -> new PrimitiveConverter() {
          @Override
          public void addLong(long value) {
            builder.arrival = value;
            builder.hasArrival = true;
          }
        };
        case INT32 -> new PrimitiveConverter() {
          @Override
          public void addInt(int value) {
            builder.setInt(column, value);
          }

          @Override
          public void addLong(long value) {
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
              builder.fail(name, "integer out of range: " + value);
            } else {
              builder.setInt(column, (int) value);
            }
          }
        };
        case FLOAT32 -> new PrimitiveConverter() {
          @Override
          public void addFloat(float value) {
            builder.setFloat(column, value);
          }

          @Override
          public void addDouble(double value) {
            builder.setFloat(column, (float) value);
          }
        };
        default -> new StringConverter(builder, column);
      };
    }

    private Converter listConverter(Type field, TraceInputException.Where whole) {
      String name = field.getName();
      if (field.isPrimitive() || field.asGroupType().getFieldCount() != 1) {
        throw whole.error(name, "expected a list of int64, found " + field);
      }
      Type repeated = field.asGroupType().getType(0);
      PrimitiveConverter element = new PrimitiveConverter() {
        @Override
        public void addLong(long value) {
          builder.addHash(value);
        }
      };
      Converter inner;
      if (repeated.isPrimitive()) { // legacy two-level list
        requireInt64(repeated, name, whole);
        inner = element;
      } else {
        GroupType g = repeated.asGroupType();
        if (g.getFieldCount() != 1 || !g.getType(0).isPrimitive()) {
          throw whole.error(name, "expected a list of int64, found " + field);
        }
        requireInt64(g.getType(0), name, whole);
        inner = new Group(new Converter[] {element}, null);
      }
      return new Group(new Converter[] {inner}, builder::startHashes);
    }

    private static void requireInt64(Type t, String name, TraceInputException.Where whole) {
      if (t.asPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.INT64) {
        throw whole.error(name, "list elements must be int64, found " + t);
      }
    }

    @Override
    public RecordBuilder getCurrentRecord() {
      return builder;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }
  }

  /** A group's converters; {@code onStart} runs as each group value begins (a row, a list). */
  private static final class Group extends GroupConverter {
    private final Converter[] converters;
    private final Runnable onStart;

    Group(Converter[] converters, Runnable onStart) {
      this.converters = converters;
      this.onStart = onStart;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      if (onStart != null) {
        onStart.run();
      }
    }

    @Override
    public void end() {}
  }

  /** UTF-8 strings; dictionary pages are decoded once per dictionary, not once per row. */
  private static final class StringConverter extends PrimitiveConverter {
    private final RecordBuilder builder;
    private final int column;
    private String[] decoded;

    StringConverter(RecordBuilder builder, int column) {
      this.builder = builder;
      this.column = column;
    }

    @Override
    public void addBinary(Binary value) {
      builder.strings[column] = value.toStringUsingUTF8();
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary dictionary) {
      decoded = new String[dictionary.getMaxId() + 1];
      for (int i = 0; i <= dictionary.getMaxId(); i++) {
        decoded[i] = dictionary.decodeToBinary(i).toStringUsingUTF8();
      }
    }

    @Override
    public void addValueFromDictionary(int dictionaryId) {
      builder.strings[column] = decoded[dictionaryId];
    }
  }
}
