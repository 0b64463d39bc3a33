package io.replaygate.trace;

import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.format.TraceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: read a whole trace, write records to a file. */
public final class Traces {
  private Traces() {}

  public static List<TraceRecord> readAll(TraceReader reader) {
    try (reader) {
      List<TraceRecord> out = new ArrayList<>();
      reader.forEachRemaining(out::add);
      return out;
    }
  }

  public static void write(Path file, OutputFormat format, TraceMetadata meta, List<TraceRecord> records) {
    try (TraceWriter w = format.create(file, meta)) {
      records.forEach(w::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
