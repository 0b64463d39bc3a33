package io.replaygate.trace;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The privacy rule, tested one way for every reader that sees prompts: no prompt text in any output. */
public final class Privacy {
  private Privacy() {}

  /** Converts {@code fixture} to every output format and fails if any file contains one of {@code secrets}. */
  public static void assertNoOutputContains(Fixture fixture, Path tmp, List<String> secrets) throws IOException {
    for (OutputFormat f : OutputFormat.values()) {
      Path out = tmp.resolve(fixture.name().toLowerCase(java.util.Locale.ROOT) + f.extension());
      try (TraceReader r = fixture.open()) {
        TraceConverter.convert(r, out, f, null);
      }
      String bytes = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        assertFalse(bytes.contains(secret), f + " output of " + fixture + " leaks '" + secret + "'");
      }
    }
  }
}
