package io.replaygate.trace.format.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  @ParameterizedTest
  @CsvSource({
      // Azure 2023: no zone (UTC), 7 fractional digits truncated to µs
      "2023-11-16 18:17:03.9799600, 2023-11-16T18:17:03.979960Z",
      "2023-11-16 18:17:03.9799609, 2023-11-16T18:17:03.979960Z",
      // Azure 2024: offset, 6 digits, or none at all
      "2024-05-10 00:00:00.009930+00:00, 2024-05-10T00:00:00.009930Z",
      "2024-05-10 00:00:00+00:00, 2024-05-10T00:00:00Z",
      "2024-05-10 02:00:00.5-02:00, 2024-05-10T04:00:00.500Z",
      "2026-03-02T10:15:00.123Z, 2026-03-02T10:15:00.123Z",
      "2024-02-29 23:59:59.1+0130, 2024-02-29T22:29:59.100Z"})
  void parse_knownForms_givesEpochMicros(String text, String iso) {
    Instant expected = Instant.parse(iso);
    assertEquals(expected.getEpochSecond() * 1_000_000L + expected.getNano() / 1000, Timestamps.parseMicros(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2023-11-16", "2023-02-30 00:00:00", "2023-11-16 25:00:00", "2023-11-16 18:17:03.",
      "2023-11-16 18:17:03 UTC", "2023/11/16 18:17:03", "2023-11-16 18:17:0x"})
  void parse_badForms_throwWithTheText(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timestamps.parseMicros(text));
    assertEquals(true, e.getMessage().contains("'"), e.getMessage());
  }
}
