package io.replaygate.replay.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SharedKeyCopiesTest {
  private static final long[] KEYS = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20};

  @Test
  void copy_sameRange_isOneArray() {
    SharedKeyCopies copies = new SharedKeyCopies(KEYS);
    long[] a = copies.copy(KEYS, 2, 7);
    assertArrayEquals(new long[] {13, 14, 15, 16, 17}, a);
    assertNotSame(KEYS, a, "a copy, never the request's own array");
    assertSame(a, copies.copy(KEYS, 2, 7));
    long[] b = copies.copy(KEYS, 2, 8);
    assertNotSame(a, b, "another range, another array");
    assertArrayEquals(new long[] {13, 14, 15, 16, 17, 18}, b);
  }

  @Test
  void copy_ofAnotherArray_isItsCallersAlone() {
    SharedKeyCopies copies = new SharedKeyCopies(KEYS);
    long[] other = KEYS.clone();
    long[] a = copies.copy(other, 0, 3);
    assertArrayEquals(new long[] {11, 12, 13}, a);
    assertNotSame(a, copies.copy(other, 0, 3));
    assertNotSame(a, copies.copy(KEYS, 0, 3), "the request's array is not the other one");
  }

  @Test
  void copy_pastTheRangesItRemembers_copiesForItsCallerAlone() {
    SharedKeyCopies copies = new SharedKeyCopies(KEYS);
    for (int i = 0; i < SharedKeyCopies.MOST; i++) {
      copies.copy(KEYS, i, i + 1);
    }
    long[] late = copies.copy(KEYS, 0, 10);
    assertArrayEquals(KEYS, late);
    assertNotSame(late, copies.copy(KEYS, 0, 10));
    assertSame(copies.copy(KEYS, 3, 4), copies.copy(KEYS, 3, 4), "the first ranges are still shared");
  }

  /** The paths' threads ask at once: still one array per range. */
  @Test
  void copy_fromManyThreads_oneArrayPerRange() throws Exception {
    for (int round = 0; round < 200; round++) {
      SharedKeyCopies copies = new SharedKeyCopies(KEYS);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<long[]>> got = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int from = t % 2;
          got.add(pool.submit(() -> copies.copy(KEYS, from, 9)));
        }
        Set<long[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Future<long[]> f : got) {
          arrays.add(f.get());
        }
        assertEquals(2, arrays.size(), "round " + round);
      } finally {
        pool.shutdown();
      }
    }
  }
}
