package io.replaygate.replay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplayRunnerTest {
  /** Records one path's view: every request in order, then finish. */
  static class Recording implements PathSimulator {
    final String name;
    final List<Long> seen = new ArrayList<>();
    boolean finished;

    Recording(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void arrive(Request r) {
      if (!seen.isEmpty() && r.index() != seen.get(seen.size() - 1) + 1) {
        throw new AssertionError("out of order");
      }
      seen.add(r.index());
    }

    @Override
    public void finish() {
      finished = true;
    }
  }

  static Iterator<TraceRecord> records(long n, AtomicLong produced) {
    return new Iterator<>() {
      long i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public TraceRecord next() {
        produced.incrementAndGet();
        return TraceRecord.of(i++, "m", 10, 1);
      }
    };
  }

  @Test
  void everyPath_seesEveryRequestInOrder_once_andFinishes() {
    List<Recording> paths = List.of(new Recording("a"), new Recording("b"), new Recording("c"));
    long n = ReplayRunner.run(records(10_000, new AtomicLong()), 16, paths, 0);
    assertEquals(10_000, n);
    for (Recording p : paths) {
      assertEquals(10_000, p.seen.size());
      assertTrue(p.finished);
    }
  }

  @Test
  void aFailingPath_stopsTheRun_andItsErrorComesBack() {
    IllegalStateException boom = new IllegalStateException("boom");
    PathSimulator failing = new Recording("bad") {
      @Override
      public void arrive(Request r) {
        if (r.index() == 5_000) {
          throw boom;
        }
      }
    };
    AtomicLong produced = new AtomicLong();
    Recording good = new Recording("good");
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> ReplayRunner.run(records(10_000_000, produced), 16, List.of(good, failing), 0));
    assertSame(boom, e);
    assertTrue(produced.get() < 1_000_000, "the reader stopped early: " + produced.get());
    assertTrue(!good.finished, "no path finishes a failed run");
  }
}
