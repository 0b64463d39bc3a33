package io.replaygate.replay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventQueueTest {
  @Test
  void sameTimeEvents_runInSchedulingOrder_andTimeOnlyMovesForward() {
    EventQueue q = new EventQueue();
    List<String> ran = new ArrayList<>();
    // Scheduled out of time order, with ties at 10: ties must run in the order they were scheduled, which a
    // heap alone does not guarantee.
    for (int i = 0; i < 50; i++) {
      int n = i;
      q.at(i % 2 == 0 ? 10 : 5, () -> ran.add((n % 2 == 0 ? "10:" : "5:") + n));
    }
    q.at(7, () -> q.at(10, () -> ran.add("10:late")));
    q.runUntil(9);
    assertEquals(25, ran.size()); // the 25 events at 5; the one at 7 ran and only scheduled another at 10
    q.runAll();
    List<String> tens = ran.subList(25, ran.size());
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i += 2) {
      expected.add("10:" + i);
    }
    expected.add("10:late");
    assertEquals(expected, tens);
    assertEquals(10, q.nowUs());
    assertThrows(IllegalStateException.class, () -> q.at(3, () -> { }));
  }
}
