package io.replaygate.replay.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.trace.TraceRecord;
import org.junit.jupiter.api.Test;

class ConcentrationTest {
  @Test
  void sharesTopKAndHhi_byHand() {
    Concentration c = new Concentration();
    // Tokens: a 600 (2 requests), b 300, c 100 → shares 0.6, 0.3, 0.1; HHI 0.36 + 0.09 + 0.01 = 0.46.
    c.add(TraceRecord.of(0, "a", 250, 50));
    c.add(TraceRecord.of(1, "a", 250, 50));
    c.add(TraceRecord.of(2, "b", 200, 100));
    c.add(TraceRecord.of(3, "c", 90, 10));
    assertEquals("a", c.modelPaths().get(0).key());
    assertEquals(0.5, c.modelPaths().get(0).requestShare(), 1e-12);
    assertEquals(0.6, c.modelPaths().get(0).tokenShare(), 1e-12);
    assertEquals(0.9, c.topShare(2), 1e-12);
    assertEquals(0.46, c.hhi(), 1e-12);
    assertEquals(1.0, c.tenants().get(0).tokenShare(), 1e-12); // no tenants recorded: one "(none)"
  }
}
