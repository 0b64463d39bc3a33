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
  /** The model: an access-ordered map dropping its eldest beyond {@code capacity}. */
  static LinkedHashMap<Long, Boolean> reference(long capacity) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  @Test
  void addAndContains_matchAnAccessOrderedLinkedHashMap_onRandomOperations() {
    for (long capacity : new long[] {1, 7, 100, 5_000}) {
      UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(capacity);
      LongLruSet ours = new LongLruSet(capacity);
      LinkedHashMap<Long, Boolean> reference = reference(capacity);
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
  void prefixAndAddAll_matchAnAccessOrderedLinkedHashMap_onPromptsThatShareChains() {
    for (long capacity : new long[] {1, 7, 100}) {
      UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(capacity + 1);
      LongLruSet ours = new LongLruSet(capacity);
      LinkedHashMap<Long, Boolean> reference = reference(capacity);
      for (int step = 0; step < 50_000; step++) {
        // Prompts along a few chains (the walks the hints follow), leaving them at random points.
        long[] keys = new long[1 + rng.nextInt(10)];
        int chain = rng.nextInt(4);
        int leave = rng.nextInt(keys.length + 1);
        for (int i = 0; i < keys.length; i++) {
          keys[i] = i < leave ? 100L * chain + i : 1_000 + rng.nextInt((int) (3 * capacity + 5));
        }
        if (rng.nextBoolean()) {
          ours.addAll(keys);
          for (long k : keys) {
            reference.put(k, Boolean.TRUE);
          }
        } else {
          int expected = 0;
          while (expected < keys.length && reference.containsKey(keys[expected])) {
            expected++;
          }
          assertEquals(expected, ours.prefix(keys), "capacity " + capacity + ", step " + step);
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
