package io.replaygate.replay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongObjectMapTest {
  /** A million random puts, gets and removes over a small key range (long probe runs, many shifts) agree with HashMap. */
  @Test
  void randomOperations_agreeWithHashMap() {
    SplittableRandom r = new SplittableRandom(3);
    LongObjectMap<Long> ours = new LongObjectMap<>();
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
}
