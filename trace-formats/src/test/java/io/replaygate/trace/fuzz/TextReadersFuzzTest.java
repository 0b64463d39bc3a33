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
 * Jazzer fuzz tests for every text reader: whatever the bytes, reading yields records or a
 * {@link TraceInputException}, never another exception. In a plain test run (regression mode) each method
 * replays its committed seeds under {@code src/test/resources/io/replaygate/trace/fuzz/TextReadersFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class TextReadersFuzzTest {

  private static void readAll(TraceFormat format, String fileName, byte[] data) {
    Path dir;
    try {
      dir = Files.createTempDirectory("fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file = dir.resolve(fileName);
    try {
      Files.write(file, data);
      try (TraceReader r = format.open(List.of(file), ReadOptions.DEFAULTS.withHashSalt(1L))) {
        r.drain();
      } catch (TraceInputException expected) {
        // A typed error is a correct answer to bad input.
      }
      // Validate mode must not throw either: every problem goes to the sink.
      try (TraceReader r = format.open(List.of(file), ReadOptions.DEFAULTS.withHashSalt(1L).withProblems(p -> { }))) {
        r.drain();
      } catch (TraceInputException expected) {
        // File-level problems (empty file, bad header) still end the read.
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // temp
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void canonicalJsonl(byte[] data) {
    readAll(TraceFormat.JSONL, "t.jsonl", data);
  }

  @FuzzTest(maxDuration = "30s")
  void mooncake(byte[] data) {
    readAll(TraceFormat.MOONCAKE, "t.jsonl", data);
  }

  @FuzzTest(maxDuration = "30s")
  void bailian(byte[] data) {
    readAll(TraceFormat.BAILIAN, "t.jsonl", data);
  }

  @FuzzTest(maxDuration = "30s")
  void weka(byte[] data) {
    readAll(TraceFormat.WEKA, "t.json", data);
  }

  @FuzzTest(maxDuration = "30s")
  void azure(byte[] data) {
    readAll(TraceFormat.AZURE, "t.csv", data);
  }

  @FuzzTest(maxDuration = "30s")
  void burstgpt(byte[] data) {
    readAll(TraceFormat.BURSTGPT, "t.csv", data);
  }

  @FuzzTest(maxDuration = "30s")
  void gateway(byte[] data) {
    readAll(TraceFormat.GATEWAY, "t.jsonl", data);
  }

  @FuzzTest(maxDuration = "30s")
  void litellm(byte[] data) {
    readAll(TraceFormat.LITELLM, "t.jsonl", data);
  }

  @FuzzTest(maxDuration = "30s")
  void otel(byte[] data) {
    readAll(TraceFormat.OTEL, "t.jsonl", data);
  }

  @FuzzTest(maxDuration = "30s")
  void langfuse(byte[] data) {
    readAll(TraceFormat.LANGFUSE, "t.jsonl", data);
  }

  @FuzzTest(maxDuration = "30s")
  void helicone(byte[] data) {
    readAll(TraceFormat.HELICONE, "t.jsonl", data);
  }

  @FuzzTest(maxDuration = "30s")
  void litellmSpend(byte[] data) {
    readAll(TraceFormat.LITELLM_SPEND, "t.jsonl", data);
  }

  @FuzzTest(maxDuration = "30s")
  void litellmSpendCsv(byte[] data) {
    readAll(TraceFormat.LITELLM_SPEND_CSV, "t.csv", data);
  }

  /** The mapped reader under the documented example mapping ({@code replaygate formats}). */
  @FuzzTest(maxDuration = "30s")
  void mapped(byte[] data) throws IOException {
    Path dir = Files.createTempDirectory("fuzz");
    Path map = dir.resolve("map.yaml");
    Path file = dir.resolve("t.jsonl");
    try {
      Files.writeString(map, io.replaygate.trace.format.mapped.LogMapping.EXAMPLE);
      Files.write(file, data);
      var mapping = io.replaygate.trace.format.mapped.LogMapping.load(map);
      try (TraceReader r = new io.replaygate.trace.format.mapped.MappedJsonReader(file,
          ReadOptions.DEFAULTS.withHashSalt(1L), mapping)) {
        r.drain();
      } catch (TraceInputException expected) {
        // A typed error is a correct answer to bad input.
      }
    } finally {
      Files.deleteIfExists(map);
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }
}
