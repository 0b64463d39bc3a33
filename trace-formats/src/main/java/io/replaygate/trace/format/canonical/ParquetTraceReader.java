package io.replaygate.trace.format.canonical;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractTraceReader;
import io.replaygate.trace.format.ParquetCodecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads canonical Parquet (ours, or any writer's, e.g. DuckDB's {@code COPY ... TO 'x.parquet'}) one row group at a
 * time, without parquet-mr's generic record assembly: numeric columns and the block-hash list are decoded a batch
 * at a time from their pages ({@link ColumnCursor}: parquet-mr's page reader and decoders) and each row takes its
 * values from the batch; text columns go through parquet-mr's column readers, dictionary-aware.
 *
 * <p>Columns are matched by name: unknown columns, missing required columns and wrong physical types are
 * errors naming the column. Without replaygate footer metadata the trace is taken as relative-time with
 * no block size.
 */
public final class ParquetTraceReader extends AbstractTraceReader {
  /**
   * Row groups per reader of the file. The file is read as segments of this many groups, each by a reader that
   * converted only its groups' footer metadata (a few kilobytes a group, kept for as long as the reader is open): one
   * reader over the whole file would keep every group's for the whole read, memory that grows with the file (about
   * 16 MiB at the 1,668 groups of a 10M-request week: 63.8 against 47.9 MiB held by the open reader).
   */
  static final int GROUPS_PER_SEGMENT = 64;

  private final Path file;
  private final int groupsPerSegment;
  /** The reader of the whole footer: open while the constructor checks it, and for good when there are few groups. */
  private ParquetFileReader reader;
  private final ParquetReadOptions readOptions;
  private MessageType requested;
  /** Every row group's starting position and rows, in file order (from the footer). */
  private final long[] groupStarts;
  private final long[] groupRows;
  /** Groups handed out so far, and the reader of the segment being read (or null). */
  private int groupsRead;
  private ParquetFileReader segment;
  private int segmentsOpened;
  private final MessageType schema;
  private final String createdBy;
  private final TraceMetadata metadata;
  private final List<Column> columns = new ArrayList<>();
  private final RecordBuilder builder = new RecordBuilder();
  private GroupConverter converters;
  private long rowsLeftInGroup;
  /** The row group being read (closed, its buffers handed back, once its rows are read), or null. */
  private PageReadStore group;
  private long row;

  public ParquetTraceReader(Path file, ReadOptions options) {
    this(file, options, GROUPS_PER_SEGMENT);
  }

  /** @param groupsPerSegment row groups per segment ({@link #GROUPS_PER_SEGMENT}; tests use fewer) */
  ParquetTraceReader(Path file, ReadOptions options, int groupsPerSegment) {
    super(options);
    this.file = file;
    this.groupsPerSegment = groupsPerSegment;
    TraceInputException.Where whole = TraceInputException.Where.file(file);
    if (!Files.exists(file)) {
      throw whole.error(null, "no such file");
    }
    this.readOptions = ParquetCodecs.readOptions(new PlainParquetConfiguration());
    try {
      this.reader = open(readOptions);
    } catch (NoSuchFileException e) {
      throw whole.error(null, "no such file", e);
    } catch (IOException | RuntimeException e) {
      // parquet-mr's own words name its classes and objects: say what is wrong in ours.
      throw whole.error(null, "not a Parquet file, or truncated (its footer is missing or cannot be decoded)", e);
    }
    try {
      var fileMeta = reader.getFooter().getFileMetaData();
      this.schema = fileMeta.getSchema();
      this.createdBy = fileMeta.getCreatedBy();
      bind(whole);
      checkCodecs(whole);
      this.metadata = CanonicalSchema.fromFileKeys(fileMeta.getKeyValueMetaData(), whole, "parquet");
      List<BlockMetaData> blocks = reader.getFooter().getBlocks();
      this.groupStarts = blocks.stream().mapToLong(BlockMetaData::getStartingPos).toArray();
      this.groupRows = blocks.stream().mapToLong(BlockMetaData::getRowCount).toArray();
      if (groupStarts.length > groupsPerSegment) { // segments from here: the whole footer's metadata goes
        reader.close();
        reader = null;
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly();
      throw e instanceof RuntimeException re ? re : whole.error(null, "cannot close it: " + e.getMessage(), e);
    }
  }

  /**
   * The next row group, or null after the last: from the whole-file reader while it is open, else from the segment
   * that holds it (opened when reached, closed once read).
   */
  private PageReadStore nextRowGroup() throws IOException {
    while (true) {
      if (reader != null) {
        return reader.readNextRowGroup();
      }
      if (segment == null) {
        if (groupsRead == groupStarts.length) {
          return null;
        }
        segment = openSegment(groupsRead, Math.min(groupStarts.length, groupsRead + groupsPerSegment));
      }
      PageReadStore g = segment.readNextRowGroup();
      if (g != null) {
        groupsRead++;
        return g;
      }
      segment.close();
      segment = null;
    }
  }

  /**
   * A reader of groups {@code [from, to)}: parquet-mr keeps a group whose first column chunk starts at one of the
   * given offsets — the offsets the footer gives those groups, so exactly those; checked, since a group read twice or
   * not at all would change the trace without a word.
   */
  private ParquetFileReader openSegment(int from, int to) throws IOException {
    ParquetFileReader r = open(ParquetReadOptions.builder(new PlainParquetConfiguration()).copy(readOptions)
        .withOffsets(Arrays.copyOfRange(groupStarts, from, to)).build());
    List<BlockMetaData> blocks = r.getRowGroups();
    boolean exact = blocks.size() == to - from;
    for (int i = 0; exact && i < blocks.size(); i++) {
      BlockMetaData b = blocks.get(i);
      exact = b.getStartingPos() == groupStarts[from + i] && b.getRowCount() == groupRows[from + i];
    }
    if (!exact) { // read as corrupt data (readNext), naming the row
      r.close();
      throw new IOException("row groups " + from + "-" + (to - 1) + " read by their offsets are not the footer's");
    }
    segmentsOpened++;
    return r;
  }

  /** Segments opened so far (0 while one reader reads the whole file). */
  int segmentsOpened() {
    return segmentsOpened;
  }

  /** Opens the file with {@code options}, reading only the requested columns once they are known. */
  private ParquetFileReader open(ParquetReadOptions options) throws IOException {
    ParquetFileReader r = ParquetFileReader.open(io.replaygate.trace.format.LocalParquetInput.ofTrace(file), options);
    if (requested != null) {
      r.setRequestedSchema(requested);
    }
    return r;
  }



  /** The compression codecs replaygate ships a decompressor for (parquet-mr's LZ4, Brotli and LZO need more). */
  static final java.util.Set<CompressionCodecName> CODECS = java.util.EnumSet.of(CompressionCodecName.UNCOMPRESSED,
      CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.ZSTD, CompressionCodecName.LZ4_RAW);

  /** The most bytes a column chunk may hold once decompressed: beyond any real trace's, short of the heap. */
  static final long MAX_CHUNK_BYTES = 1L << 30;

  /**
   * Every column chunk lies inside the file, decompresses to at most {@link #MAX_CHUNK_BYTES}, and uses a codec
   * {@link #CODECS} holds: parquet-mr allocates what the footer claims before it reads a row group, so a damaged
   * footer would otherwise cost gigabytes (or the heap) for a file of a kilobyte. Errors name the column.
   */
  private void checkCodecs(TraceInputException.Where whole) {
    long fileBytes;
    try {
      fileBytes = Files.size(file);
    } catch (IOException e) {
      throw whole.error(null, "cannot read its size: " + e.getMessage(), e);
    }
    for (var block : reader.getFooter().getBlocks()) {
      for (var chunk : block.getColumns()) {
        long start = chunk.getStartingPos();
        long size = chunk.getTotalSize();
        if (start < 0 || size < 0 || start > fileBytes || size > fileBytes - start) {
          throw whole.error(chunk.getPath().toDotString(), "corrupt footer: a column chunk of " + size
              + " bytes at " + start + " does not lie inside the file of " + fileBytes + " bytes");
        }
        if (chunk.getTotalUncompressedSize() < 0 || chunk.getTotalUncompressedSize() > MAX_CHUNK_BYTES) {
          throw whole.error(chunk.getPath().toDotString(), "corrupt footer or an oversized column chunk: "
              + chunk.getTotalUncompressedSize() + " bytes once decompressed (at most " + MAX_CHUNK_BYTES + ")");
        }
        if (!CODECS.contains(chunk.getCodec())) {
          throw whole.error(chunk.getPath().toDotString(), "compression " + chunk.getCodec() + " is not supported "
              + "(supported: uncompressed, snappy, gzip, zstd, lz4_raw): rewrite the file with one of those");
        }
      }
    }
  }

  /** Maps the file's columns to canonical ones, checking names and physical types. */
  private void bind(TraceInputException.Where whole) {
    Map<String, ColumnDescriptor> leaves = new HashMap<>();
    for (ColumnDescriptor d : schema.getColumns()) {
      leaves.put(d.getPath()[0], d);
    }
    boolean[] present = new boolean[CanonicalSchema.COLUMNS.size()];
    for (Type field : schema.getFields()) {
      String name = field.getName();
      int column = CanonicalSchema.COLUMNS.indexOf(name);
      if (column < 0) {
        throw whole.error(name, "unknown column (canonical columns: " + String.join(", ", CanonicalSchema.COLUMNS) + ")");
      }
      present[column] = true;
      RecordBuilder.Kind kind = RecordBuilder.kindOf(column);
      ColumnDescriptor leaf = leaves.get(name);
      if (leaf == null) { // a group without any value column under it (found by fuzzing)
        throw whole.error(name, "wrong type " + field.toString().replace('\n', ' ') + " (expected " + kind
            + "; it holds no values)");
      }
      PrimitiveTypeName type = leaf.getPrimitiveType().getPrimitiveTypeName();
      boolean ok = switch (kind) {
        case INT64 -> field.isPrimitive() && type == PrimitiveTypeName.INT64;
        case INT32 -> field.isPrimitive() && (type == PrimitiveTypeName.INT32 || type == PrimitiveTypeName.INT64);
        case FLOAT32 -> field.isPrimitive() && (type == PrimitiveTypeName.FLOAT || type == PrimitiveTypeName.DOUBLE);
        case STRING -> field.isPrimitive() && type == PrimitiveTypeName.BINARY;
        case INT64_LIST -> !field.isPrimitive() && leaf.getMaxRepetitionLevel() == 1 && type == PrimitiveTypeName.INT64
            && schema.getColumns().stream().filter(d -> d.getPath()[0].equals(name)).count() == 1;
      };
      if (!ok || (field.isPrimitive() && field.isRepetition(Type.Repetition.REPEATED))) {
        throw whole.error(name, "wrong type " + field.toString().replace('\n', ' ') + " (expected " + kind + ")");
      }
      if (kind == RecordBuilder.Kind.INT64_LIST && !options.blockHashes()) {
        continue; // checked, left unread: its chunks are not even fetched (the requested schema below)
      }
      columns.add(new Column(column, kind, leaf, type, field.isRepetition(Type.Repetition.OPTIONAL) ? 1 : 0,
          builder));
    }
    if (!options.blockHashes()) {
      requested = new MessageType(schema.getName(), schema.getFields().stream()
          .filter(f -> !f.getName().equals(CanonicalSchema.BLOCK_HASHES)).toList());
      reader.setRequestedSchema(requested);
    }
    Map<String, PrimitiveConverter> byName = new HashMap<>();
    for (Column c : columns) {
      byName.put(c.name, c.converter);
    }
    this.converters = converterTree(schema, byName, null);
    for (String required : CanonicalSchema.REQUIRED) {
      if (!present[CanonicalSchema.COLUMNS.indexOf(required)]) {
        throw whole.error(required, "missing required column");
      }
    }
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected TraceRecord readNext() {
    row++; // the row being read (1-based), also while its row group is read
    try {
      while (rowsLeftInGroup == 0) {
        closeGroup(); // every row read: its buffers go back to the allocator for the next group
        group = nextRowGroup();
        if (group == null) {
          row--;
          return null;
        }
        rowsLeftInGroup = group.getRowCount();
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(group, converters, schema, createdBy);
        for (Column c : columns) {
          if (c.cursor != null) {
            c.cursor.start(group.getPageReader(c.descriptor));
          } else {
            c.start(store.getColumnReader(c.descriptor));
          }
        }
      }
      rowsLeftInGroup--;
      RecordBuilder b = builder;
      b.reset();
      for (Column c : columns) {
        c.readInto(b);
      }
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
    } catch (OutOfMemoryError e) {
      // parquet-mr allocates a page as its header claims, read (for files that say an old parquet-mr wrote them, past
      // the chunk's end) or decompressed: a damaged header fails that one allocation, which leaves the heap as it was
      // (found by fuzzing, twice).
      throw error(null, "a page claims more memory than the heap has: corrupt page sizes, or a row group too large "
          + "for this heap (give more: JAVA_OPTS=-Xmx8g)");
    } catch (IOException | RuntimeException | LinkageError e) {
      // LinkageError: a decoder a damaged page names that is not shipped (a codec class missing)
      throw error(null, "corrupt or truncated Parquet data (a page or column chunk cannot be decoded)");
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

  /** Closes the row group being read, if any: parquet-mr releases its buffers to the reader's allocator. */
  private void closeGroup() {
    if (group != null) {
      group.close();
      group = null;
    }
  }

  private void closeQuietly() {
    try {
      closeGroup();
      if (segment != null) {
        segment.close();
        segment = null;
      }
      if (reader != null) {
        reader.close();
        reader = null;
      }
    } catch (IOException ignored) {
      // Read-only file: nothing to lose.
    }
  }

  /** One file column feeding one canonical column. */
  private static final class Column {
    final int canonical;
    final RecordBuilder.Kind kind;
    final ColumnDescriptor descriptor;
    final PrimitiveTypeName type;
    final int maxDefinition;
    /** Definition level from which a list is present (0 for a required list, 1 for an optional one). */
    final int listPresentLevel;
    final String name;
    final PrimitiveConverter converter;
    /** The batch decoder of a numeric or list column; text columns read through {@link #in}. */
    final ColumnCursor cursor;
    private ColumnReader in;
    private long remaining;

    Column(int canonical, RecordBuilder.Kind kind, ColumnDescriptor descriptor, PrimitiveTypeName type,
        int listPresentLevel, RecordBuilder builder) {
      this.canonical = canonical;
      this.kind = kind;
      this.descriptor = descriptor;
      this.type = type;
      this.maxDefinition = descriptor.getMaxDefinitionLevel();
      this.listPresentLevel = listPresentLevel;
      this.name = CanonicalSchema.COLUMNS.get(canonical);
      this.converter = kind == RecordBuilder.Kind.STRING ? new StringConverter(builder, canonical)
          : new PrimitiveConverter() {};
      this.cursor = kind == RecordBuilder.Kind.STRING ? null : new ColumnCursor(descriptor);
    }

    void start(ColumnReader reader) {
      this.in = reader;
      this.remaining = reader.getTotalValueCount();
    }

    void readInto(RecordBuilder b) throws IOException {
      if (cursor != null) {
        readBatched(b);
        return;
      }
      if (remaining <= 0) {
        throw new IllegalStateException("column " + name + " has fewer values than the row group has rows");
      }
      if (in.getCurrentDefinitionLevel() == maxDefinition) {
        in.writeCurrentValueToConverter(); // text, dictionary-aware: see StringConverter
      }
      in.consume();
      remaining--;
    }

    /** The row's block-hash list from the batch, and from the next ones when it goes on past this one. */
    private void readList(RecordBuilder b, ColumnCursor k, int p, int def) throws IOException {
      if (def == maxDefinition) { // the common case: a list of values that ends in this batch, taken in one copy
        int end = p + 1;
        while (end < k.size && k.rep[end] != 0 && k.def[end] == maxDefinition) {
          end++;
        }
        if (end < k.size && k.rep[end] == 0) {
          b.setHashes(Arrays.copyOfRange(k.longs, p, end));
          k.pos = end;
          return;
        }
      }
      if (def >= listPresentLevel) {
        b.startHashes();
      }
      while (true) {
        // The values of the list in this batch: up to the next row's start (repetition level 0).
        int end = p + 1;
        while (end < k.size && k.rep[end] != 0) {
          end++;
        }
        for (int i = p; i < end; i++) {
          int d = k.def[i];
          if (d == maxDefinition) {
            b.addHash(k.longs[i]);
          } else if (d > listPresentLevel) {
            b.fail(name, "null element in the list");
          }
        }
        k.pos = end;
        if (end < k.size || !k.ready() || k.rep[k.pos] == 0) {
          return;
        }
        p = k.pos; // the list goes on in the next batch
      }
    }

    /** The row's value (or list) from the column's decoded batch. */
    private void readBatched(RecordBuilder b) throws IOException {
      ColumnCursor k = cursor;
      if (!k.ready()) {
        throw new IllegalStateException("column " + name + " has fewer values than the row group has rows");
      }
      int p = k.pos;
      int def = k.def[p];
      if (kind == RecordBuilder.Kind.INT64_LIST) {
        readList(b, k, p, def);
        return;
      }
      if (def == maxDefinition) {
        switch (kind) {
          case INT64 -> {
            b.arrival = k.longs[p];
            b.hasArrival = true;
          }
          case INT32 -> {
            long v = k.longs[p];
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
              b.fail(name, "integer out of range: " + v);
            } else {
              b.setInt(canonical, (int) v);
            }
          }
          case FLOAT32 -> b.setFloat(canonical, (float) k.doubles[p]);
          default -> throw new AssertionError(kind);
        }
      }
      k.pos = p + 1;
    }
  }

  /**
   * The converter tree parquet-mr's column store asks for: string columns get their
   * {@link StringConverter} (values are pushed to it); other leaves read their values directly.
   */
  private static GroupConverter converterTree(org.apache.parquet.schema.GroupType group,
      Map<String, PrimitiveConverter> topLevel, PrimitiveConverter inherited) {
    Converter[] children = new Converter[group.getFieldCount()];
    for (int i = 0; i < children.length; i++) {
      Type t = group.getType(i);
      PrimitiveConverter leaf = inherited != null ? inherited : topLevel.get(t.getName());
      children[i] = t.isPrimitive() ? leaf : converterTree(t.asGroupType(), topLevel, leaf);
    }
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return children[fieldIndex];
      }

      @Override
      public void start() {}

      @Override
      public void end() {}
    };
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
    public void setDictionary(org.apache.parquet.column.Dictionary dictionary) {
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
