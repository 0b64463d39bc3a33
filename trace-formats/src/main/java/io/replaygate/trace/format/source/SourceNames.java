package io.replaygate.trace.format.source;

import io.replaygate.trace.format.AbstractTraceReader;
import java.nio.file.Path;

/** Small helpers the source-format readers share. */
final class SourceNames {
  private SourceNames() {}

  /** The file name without directories and without its extensions ({@code a/b.jsonl.gz} → {@code b}). */
  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    return dot <= 0 ? name : name.substring(0, dot);
  }

  /** Fails with "missing required field" when {@code value} is null. */
  static void require(AbstractTraceReader at, Object value, String field) {
    if (value == null) {
      throw at.where().error(field, "missing required field");
    }
  }

  /** ms (possibly fractional) to whole µs, rounding to the nearest µs. */
  static long millisToMicros(double ms) {
    return Math.round(ms * 1_000.0);
  }

  /** s (possibly fractional) to whole µs, rounding to the nearest µs. */
  static long secondsToMicros(double s) {
    return Math.round(s * 1_000_000.0);
  }
}
