package io.replaygate.trace.format;

import io.replaygate.trace.TraceRecord;
import java.io.IOException;

/**
 * Writes canonical records to one file. Writers write where they are told; callers that must not leave
 * partial files behind write to a temporary path and rename it (see
 * {@link io.replaygate.trace.convert.TraceConverter}).
 */
public interface TraceWriter extends AutoCloseable {

  /** Appends one record. I/O failures surface as {@link java.io.UncheckedIOException}. */
  void write(TraceRecord record);

  /** Finishes the file (footers, buffers). */
  @Override
  void close() throws IOException;
}
