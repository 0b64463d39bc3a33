package io.replaygate.trace.format.canonical;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractTraceReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads canonical Arrow IPC, file or stream form, one record batch at a time. Columns are matched by name
 * with the exact canonical types; unknown or missing required columns are errors naming the column.
 */
public final class ArrowTraceReader extends AbstractTraceReader {
  private final Path file;
  /** Most memory one reader's batches may take, whatever the file's size. */
  static final long ALLOCATION_LIMIT = 2L << 30;
  private final BufferAllocator allocator;
  private int batch;
  private final FileChannel channel;
  private final ArrowReader reader;
  private final TraceMetadata metadata;
  private final FieldVector[] vectors = new FieldVector[CanonicalSchema.COLUMNS.size()];
  private final RecordBuilder builder = new RecordBuilder();
  private int batchRows;
  private int index;
  private long row;

  public ArrowTraceReader(Path file, ReadOptions options, boolean stream) {
    super(options);
    this.file = file;
    TraceInputException.Where whole = TraceInputException.Where.file(file);
    if (!Files.exists(file)) {
      throw whole.error(null, "no such file");
    }
    this.allocator = new RootAllocator(allocationLimit(file.toFile().length()));
    FileChannel ch = null;
    ArrowReader r = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      if (stream) {
        ArrowFraming.checkStream(ch, whole);
      }
      r = stream ? new ArrowStreamReader(ch, allocator) : new ArrowFileReader(ch, allocator);
      VectorSchemaRoot root = r.getVectorSchemaRoot();
      if (r instanceof ArrowFileReader f) {
        ArrowFraming.checkFileBlocks(ch, f.getDictionaryBlocks(), "dictionary", ch.size(), whole);
        ArrowFraming.checkFileBlocks(ch, f.getRecordBlocks(), "record", ch.size(), whole);
      }
      this.metadata = CanonicalSchema.fromFileKeys(root.getSchema().getCustomMetadata(), whole, "arrow");
      bind(root, whole);
    } catch (TraceInputException e) {
      closeAll(r, ch);
      throw e;
    } catch (IOException | RuntimeException e) {
      closeAll(r, ch);
      throw whole.error(null, "not an Arrow IPC " + (stream ? "stream" : "file") + ", or corrupt or truncated", e);
    } catch (StackOverflowError e) {
      // Arrow reads a schema's fields recursively, and a damaged flatbuffer can point a field's children back at
      // itself (found by fuzzing): no trace's schema nests, so the file is corrupt.
      closeAll(r, ch);
      throw whole.error(null, "not an Arrow IPC " + (stream ? "stream" : "file") + ", or corrupt: its schema nests "
          + "without end");
    }
    this.channel = ch;
    this.reader = r;
  }

  /**
   * Most memory a reader of a {@code fileSize}-byte file may allocate: 8 MiB plus 8 times the file, at most
   * {@link #ALLOCATION_LIMIT}. A valid batch needs its body (at most the file) and, for each column Arrow
   * reallocates to the batch's row count, at most twice that column's share again; a corrupt count inside the data
   * (a list's last offset: found by fuzzing, where a 3 KB file made every read allocate and zero gigabytes) asks for
   * more, and Arrow's refusal is the reader's typed error.
   */
  static long allocationLimit(long fileSize) {
    return Math.min(ALLOCATION_LIMIT, (8L << 20) + 8 * Math.max(0, fileSize));
  }

  private void closeAll(ArrowReader r, FileChannel ch) {
    try {
      if (r != null) {
        r.close();
      }
    } catch (IOException | RuntimeException ignored) {
      // Already failing; the original error is the one to report.
    }
    try {
      if (ch != null) {
        ch.close();
      }
    } catch (IOException ignored) {
      // Read-only: nothing to lose.
    }
    try {
      allocator.close();
    } catch (IllegalStateException leaked) {
      // Arrow keeps a buffer it allocated before a damaged footer made it throw (found by fuzzing: 2 KB in
      // ArrowFileReader's initialisation), and the allocator then refuses to close. The file is corrupt and already
      // reported; the buffer is bounded by this reader's allocation limit.
    }
  }


  private void bind(VectorSchemaRoot root, TraceInputException.Where whole) {
    for (FieldVector v : root.getFieldVectors()) {
      Field f = v.getField();
      int column = CanonicalSchema.COLUMNS.indexOf(f.getName());
      if (column < 0) {
        throw whole.error(f.getName(), "unknown column (canonical columns: "
            + String.join(", ", CanonicalSchema.COLUMNS) + ")");
      }
      boolean ok = switch (RecordBuilder.kindOf(column)) {
        case INT64 -> v instanceof BigIntVector;
        case INT32 -> v instanceof IntVector;
        case FLOAT32 -> v instanceof Float4Vector;
        case STRING -> v instanceof VarCharVector;
        case INT64_LIST -> v instanceof ListVector l && l.getDataVector() instanceof BigIntVector;
      };
      if (!ok) {
        ArrowType type = f.getType();
        throw whole.error(f.getName(), "wrong type " + type + " (expected " + RecordBuilder.kindOf(column) + ")");
      }
      vectors[column] = v;
    }
    for (String required : CanonicalSchema.REQUIRED) {
      if (vectors[CanonicalSchema.COLUMNS.indexOf(required)] == null) {
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
    try {
      while (index == batchRows) {
        if (!reader.loadNextBatch()) {
          return null;
        }
        batchRows = reader.getVectorSchemaRoot().getRowCount();
        index = 0;
        batch++;
      }
    } catch (IOException | RuntimeException | StackOverflowError | AssertionError e) {
      // A damaged message may recurse as a schema can, or trip Arrow's own assertions where they are enabled
      // (found by fuzzing: a variable-width vector's count beyond its offsets). Named by batch: no row of it was read.
      throw TraceInputException.Where.file(file).error(null, "corrupt or truncated Arrow data at batch " + (batch + 1)
          + (row > 0 ? " (after row " + row + ")" : ""));
    }
    try {
      return decode();
    } catch (TraceInputException e) {
      throw e;
    } catch (RuntimeException e) {
      // Offsets or lengths that point outside their buffers: the file is damaged, not the code.
      throw error(null, "corrupt or truncated Arrow data at batch " + batch);
    }
  }

  private TraceRecord decode() {
    int i = index++;
    row++;
    RecordBuilder b = builder;
    b.reset();
    for (int c = 0; c < vectors.length; c++) {
      FieldVector v = vectors[c];
      if (v == null || v.isNull(i)) {
        continue;
      }
      switch (RecordBuilder.kindOf(c)) {
        case INT64 -> {
          b.arrival = ((BigIntVector) v).get(i);
          b.hasArrival = true;
        }
        case INT32 -> b.setInt(c, ((IntVector) v).get(i));
        case FLOAT32 -> b.setFloat(c, ((Float4Vector) v).get(i));
        case STRING -> {
          VarCharVector s = (VarCharVector) v;
          // Offsets are data: a damaged one made get() allocate a 2 GB array before reading (found by fuzzing).
          within(c, s.getStartOffset(i), s.getStartOffset(i + 1), s.getDataBuffer().capacity());
          b.strings[c] = new String(s.get(i), StandardCharsets.UTF_8);
        }
        case INT64_LIST -> {
          ListVector list = (ListVector) v;
          BigIntVector data = (BigIntVector) list.getDataVector();
          int start = list.getElementStartIndex(i);
          int end = list.getElementEndIndex(i);
          within(c, start, end, data.getValueCount());
          b.startHashes();
          for (int k = start; k < end; k++) {
            b.addHash(data.get(k));
          }
        }
      }
    }
    String missing = b.missingRequired();
    if (missing != null) {
      throw error(missing, "missing required value (null)");
    }
    return b.build();
  }

  /** A value's offsets must run forwards inside its column's data: {@code 0 <= start <= end <= size}. */
  private void within(int column, long start, long end, long size) {
    if (start < 0 || end < start || end > size) {
      throw error(CanonicalSchema.COLUMNS.get(column), "corrupt or truncated Arrow data at batch " + batch
          + ": the value's offsets (" + start + ".." + end + ") lie outside its column's " + size);
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
    closeAll(reader, channel);
  }
}
