package io.replaygate.trace.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.format.TraceFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The binary readers under Jazzer: any bytes read as canonical Parquet or an Arrow IPC file or stream either read or
 * end in a {@link TraceInputException} — never another exception, never a hang. Without {@code JAZZER_FUZZ} this
 * replays the committed seeds under {@code src/test/resources/io/replaygate/trace/fuzz/BinaryReadersFuzzTestInputs/}.
 */
class BinaryReadersFuzzTest {
  private static void readAll(TraceFormat format, String name, byte[] data) {
    try {
      Path dir = Files.createTempDirectory("fuzz");
      Path file = dir.resolve(name);
      try {
        Files.write(file, data);
        try (TraceReader r = format.open(List.of(file), ReadOptions.DEFAULTS)) {
          r.drain();
        } catch (TraceInputException expected) {
          // A typed error is a correct answer to bad input.
        }
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void parquet(byte[] data) {
    readAll(TraceFormat.PARQUET, "t.parquet", data);
  }

  @FuzzTest(maxDuration = "30s")
  void arrow(byte[] data) {
    readAll(TraceFormat.ARROW, "t.arrow", data);
  }

  @FuzzTest(maxDuration = "30s")
  void arrowStream(byte[] data) {
    readAll(TraceFormat.ARROW_STREAM, "t.arrows", data);
  }
}
