package io.replaygate.trace.format.source;

import io.replaygate.trace.format.AbstractTraceReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Small helpers the source-format readers share. */
final class SourceNames {
  /** Field names of the {@code timestamp / input_length / output_length / hash_ids} family (Mooncake, Bailian). */
  static final Map<String, String> LENGTH_STYLE_FIELDS = Map.of("arrival_us", "timestamp",
      "input_tokens", "input_length", "output_tokens", "output_length", "block_hashes", "hash_ids");

  private SourceNames() {}

  /** {@code base} plus one more canonical → source name. */
  static Map<String, String> with(Map<String, String> base, String canonical, String source) {
    Map<String, String> out = new HashMap<>(base);
    out.put(canonical, source);
    return Map.copyOf(out);
  }

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
