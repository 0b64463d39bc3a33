package io.replaygate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each format's fixture, read and written as canonical JSONL, must equal its golden file byte for byte:
 * any change in how a format maps to the canonical record shows up here as a diff to review. Run with
 * {@code -Dgolden.update=true} to rewrite the golden files after an intended change.
 */
class GoldenFixturesTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(Fixture.class)
  void read_fixture_matchesGoldenCanonicalJsonl(Fixture fixture) throws IOException {
    Path out = tmp.resolve("out.jsonl");
    try (TraceReader r = fixture.open()) {
      TraceConverter.convert(r, out, OutputFormat.JSONL, null);
    }
    String actual = Files.readString(out);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(fixture.golden().getParent());
      Files.writeString(fixture.golden(), actual);
    }
    assertEquals(Files.readString(fixture.golden()), actual, "golden " + fixture.golden());
  }
}
