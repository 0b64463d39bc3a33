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
}
