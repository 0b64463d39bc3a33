package io.replaygate.replay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SloTest {
  @Test
  void ttftTarget_dependsOnPromptLength_throughTheBuckets() {
    Slo slo = new Slo(10_000, 100, List.of(new Slo.TtftBucket(8_000, 2_000), new Slo.TtftBucket(32_000, 5_000)));
    assertEquals(2_000, slo.ttftTargetMs(1));
    assertEquals(2_000, slo.ttftTargetMs(8_000));
    assertEquals(5_000, slo.ttftTargetMs(8_001));
    assertEquals(10_000, slo.ttftTargetMs(100_000));
    assertEquals(2_000, Slo.DEFAULT.ttftTargetMs(100_000), "one target for every prompt by default");
  }

  @Test
  void bucketsMustAscend() {
    assertThrows(IllegalArgumentException.class,
        () -> new Slo(2_000, 100, List.of(new Slo.TtftBucket(8_000, 2_000), new Slo.TtftBucket(8_000, 3_000))));
  }
}
