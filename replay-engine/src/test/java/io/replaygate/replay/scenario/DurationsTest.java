package io.replaygate.replay.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Durations as people write them, and a hostile one that used to cost the parser quadratic time. */
class DurationsTest {
  @Test
  void parse_compoundDurations() {
    assertEquals(9_000_000_000L, Durations.parseUs("2h30m", IllegalArgumentException::new));
    assertEquals(250_000L, Durations.parseUs("250ms", IllegalArgumentException::new));
    assertThrows(IllegalArgumentException.class, () -> Durations.parseUs("5 parsecs", IllegalArgumentException::new));
  }

  @Test
  void hugeValue_isRefusedAtOnce_withoutEchoingIt() {
    // Two million digits and no unit: a find() from every position made this O(n^2), minutes of CPU.
    String huge = "9".repeat(2_000_000) + "x";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Durations.parseUs(huge, IllegalArgumentException::new));
    assertTrue(e.getMessage().contains("2000001 characters"), e.getMessage());
    assertFalse(e.getMessage().contains("99999"), "the value is not echoed");
  }

  @Test
  void scenarioFile_tooLargeToBeOne_isRefusedBeforeParsing() throws Exception {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("scenario", ".yaml");
    java.nio.file.Files.writeString(f, "seed: " + "1".repeat(5 << 20) + "\n");
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f));
    assertTrue(e.getMessage().contains("larger than 4 MiB"), e.getMessage());
    java.nio.file.Files.delete(f);
  }
}
