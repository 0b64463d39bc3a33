package io.replaygate.trace.format.canonical;

import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.TraceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;

/**
 * Canonical Arrow IPC, as a file ({@code .arrow}, random access) or a stream ({@code .arrows}), in record
 * batches of {@value #BATCH_ROWS} rows, so memory stays bounded whatever the trace length.
 */
public final class ArrowTraceWriter implements TraceWriter {
  static final int BATCH_ROWS = 16_384;

  private final BufferAllocator allocator = new RootAllocator();
  private final FileChannel channel;
  private final VectorSchemaRoot root;
  private final ArrowWriter writer;
  private final BigIntVector arrival;
  private final VarCharVector[] strings = new VarCharVector[CanonicalSchema.COLUMNS.size()];
  private final IntVector[] ints = new IntVector[CanonicalSchema.COLUMNS.size()];
  private final Float4Vector[] floats = new Float4Vector[CanonicalSchema.COLUMNS.size()];
  private final ListVector hashes;
  private final BigIntVector hashValues;
  private int rows;
  private int hashOffset;

  public ArrowTraceWriter(Path file, TraceMetadata metadata, boolean stream) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    this.root = VectorSchemaRoot.create(ArrowSchemas.schema(metadata), allocator);
    this.writer = stream ? new ArrowStreamWriter(root, null, channel) : new ArrowFileWriter(root, null, channel);
    this.arrival = (BigIntVector) root.getVector(CanonicalSchema.ARRIVAL_US);
    for (int c = 0; c < CanonicalSchema.COLUMNS.size(); c++) {
      var vector = root.getVector(c);
      switch (RecordBuilder.kindOf(c)) {
        case STRING -> strings[c] = (VarCharVector) vector;
        case INT32 -> ints[c] = (IntVector) vector;
        case FLOAT32 -> floats[c] = (Float4Vector) vector;
        default -> { }
      }
    }
    this.hashes = (ListVector) root.getVector(CanonicalSchema.BLOCK_HASHES);
    this.hashValues = (BigIntVector) hashes.getDataVector();
    writer.start();
    root.allocateNew();
  }

  @Override
  public void write(TraceRecord r) {
    int i = rows;
    arrival.setSafe(i, r.arrivalUs());
    string(RecordBuilder.REQUEST_ID, i, r.requestId());
    string(RecordBuilder.TENANT, i, r.tenant());
    string(RecordBuilder.MODEL_PATH, i, r.modelPath());
    string(RecordBuilder.MODEL, i, r.model());
    string(RecordBuilder.PROVIDER, i, r.provider());
    string(RecordBuilder.SESSION_ID, i, r.sessionId());
    ints[RecordBuilder.INPUT].setSafe(i, r.inputTokens());
    ints[RecordBuilder.OUTPUT].setSafe(i, r.outputTokens());
    integer(RecordBuilder.CACHED, i, r.cachedTokens());
    integer(RecordBuilder.CACHE_WRITE, i, r.cacheWriteTokens());
    long[] h = r.blockHashes();
    if (h == null) {
      hashes.setNull(i);
    } else {
      hashes.startNewValue(i);
      for (long v : h) {
        hashValues.setSafe(hashOffset++, v);
      }
      hashes.endValue(i, h.length);
    }
    decimal(RecordBuilder.TTFT, i, r.ttftMs());
    decimal(RecordBuilder.E2E, i, r.e2eMs());
    string(RecordBuilder.STATUS, i, r.status());
    string(RecordBuilder.SLO_CLASS, i, r.sloClass());
    rows++;
    if (rows == BATCH_ROWS) {
      flush();
    }
  }

  private void string(int column, int i, String value) {
    if (value == null) {
      strings[column].setNull(i);
    } else {
      strings[column].setSafe(i, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void integer(int column, int i, Integer value) {
    if (value == null) {
      ints[column].setNull(i);
    } else {
      ints[column].setSafe(i, value);
    }
  }

  private void decimal(int column, int i, Float value) {
    if (value == null) {
      floats[column].setNull(i);
    } else {
      floats[column].setSafe(i, value);
    }
  }

  private void flush() {
    if (rows == 0) {
      return;
    }
    try {
      hashValues.setValueCount(hashOffset);
      root.setRowCount(rows);
      writer.writeBatch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows = 0;
    hashOffset = 0;
    root.allocateNew();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
      writer.end();
    } finally {
      // Each closed whatever the one before threw (a full disk fails the writer's close): the file's descriptor
      // is given back, not held until the JVM exits.
      try (channel; allocator; root) {
        writer.close();
      }
    }
  }
}
