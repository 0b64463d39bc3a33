package io.replaygate.replay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class LongLruSetTest {

  @Test
  void addAndContains_matchAnAccessOrderedLinkedHashMap_onRandomOperations() {
    for (long capacity : new long[] {1, 7, 100, 5_000}) {
      UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(capacity);
      LongLruSet ours = new LongLruSet(capacity);
      LinkedHashMap<Long, Boolean> reference = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
          return size() > capacity;
        }
      };
      for (int i = 0; i < 100_000; i++) {
        long key = rng.nextInt((int) Math.min(4 * capacity + 3, 20_000));
        if (rng.nextInt(3) == 0) {
          ours.add(key);
          reference.put(key, Boolean.TRUE);
        } else {
          assertEquals(reference.containsKey(key), ours.contains(key), "capacity " + capacity + ", step " + i);
        }
        assertEquals(reference.size(), ours.size());
      }
    }
  }

  @Test
  void contains_isNotAUse_add_is() {
    LongLruSet s = new LongLruSet(2);
    s.add(1);
    s.add(2);
    assertTrue(s.contains(1)); // not a use: 1 stays the eldest
    s.add(3);
    assertFalse(s.contains(1));
    s.add(2); // a use: 3 is now the eldest
    s.add(4);
    assertFalse(s.contains(3));
    assertTrue(s.contains(2) && s.contains(4));
  }
}
