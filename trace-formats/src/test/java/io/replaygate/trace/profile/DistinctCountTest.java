package io.replaygate.trace.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistinctCountTest {
  @Test
  void belowTheLimit_isExact() {
    DistinctCount d = new DistinctCount(1_000);
    for (int rep = 0; rep < 3; rep++) {
      for (long v = 0; v < 1_000; v++) {
        d.add(v);
      }
    }
    assertTrue(d.exact());
    assertEquals(1_000, d.count());
    assertEquals(0, d.relativeError());
  }

  /**
   * Past the limit: the estimate within 3 standard errors (0.81% each) of the truth, at small-integer block ids
   * (Mooncake's) and random 64-bit hashes, small and large, repeats included.
   */
  @ParameterizedTest
  @ValueSource(ints = {5_000, 40_000, 300_000, 2_000_000})
  void pastTheLimit_estimatesWithinThreeStandardErrors(int distinct) {
    for (boolean sequential : new boolean[] {true, false}) {
      DistinctCount d = new DistinctCount(1_000);
      SplittableRandom r = new SplittableRandom(distinct);
      long[] values = new long[distinct];
      for (int i = 0; i < distinct; i++) {
        values[i] = sequential ? i : r.nextLong();
      }
      for (int rep = 0; rep < 2; rep++) {
        for (long v : values) {
          d.add(v);
        }
      }
      assertFalse(d.exact());
      assertEquals(0.0081, d.relativeError(), 1e-4);
      double off = Math.abs(d.count() - distinct) / (double) distinct;
      assertTrue(off < 3 * d.relativeError(), (sequential ? "sequential " : "random ") + distinct + ": estimated "
          + d.count() + ", off by " + off);
    }
  }
}
