package io.replaygate.replay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LongObjectMapTest {
  /**
   * A million random puts, gets and removes over a small key range (long probe runs, many shifts) agree with HashMap,
   * from the default table and from a branch point's (4 slots, grown from there).
   */
  @ParameterizedTest(name = "expecting {0}")
  @ValueSource(ints = {0, 1, 2, 3, 8})
  void randomOperations_agreeWithHashMap(int expected) {
    SplittableRandom r = new SplittableRandom(3);
    LongObjectMap<Long> ours = expected == 8 ? new LongObjectMap<>() : new LongObjectMap<>(expected);
    Map<Long, Long> theirs = new HashMap<>();
    for (int op = 0; op < 1_000_000; op++) {
      long key = r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(5_000) - 2_500; // 0 and negatives included
      switch (r.nextInt(3)) {
        case 0 -> {
          ours.put(key, (long) op);
          theirs.put(key, (long) op);
        }
        case 1 -> {
          ours.remove(key);
          theirs.remove(key);
        }
        default -> assertEquals(theirs.get(key), ours.get(key), "key " + key + " at op " + op);
      }
      if (op % 100_000 == 0) {
        assertEquals(theirs.size(), ours.size());
        for (Map.Entry<Long, Long> e : theirs.entrySet()) {
          assertEquals(e.getValue(), ours.get(e.getKey()));
        }
      }
    }
    assertEquals(theirs.size(), ours.size());
  }

  @Test
  void branchPoint_twoChildren_fitWithoutGrowing_aThirdGrows() {
    LongObjectMap<String> m = new LongObjectMap<>(2);
    m.put(7, "a");
    m.put(-7, "b");
    assertEquals(4, m.slots());
    m.put(11, "c");
    assertEquals(8, m.slots());
    assertEquals("a", m.get(7));
    assertEquals("b", m.get(-7));
    assertEquals("c", m.get(11));
    assertEquals(16, new LongObjectMap<>().slots());
  }
}
