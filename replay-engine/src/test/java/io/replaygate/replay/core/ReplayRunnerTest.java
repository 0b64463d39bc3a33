package io.replaygate.replay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
  /**
   * A path that lags holds the reader back by a few batches of bytes, not of requests: with records of 64Ki block
   * hashes (512 KiB each) a batch closes at two records, so about 10 batches (8 queued, one being replayed, one
   * being filled) are read before the reader waits, where batches of 1,024 records would have read 10,240 (5 GiB).
   */
  @Test
  void aLaggingPath_holdsTheReaderBack_byBytesInFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Recording blocked = new Recording("slow") {
      @Override
      public void arrive(Request r) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.arrive(r);
      }
    };
    long[] hashes = new long[1 << 16]; // shared by every record: the weight is counted, not allocated
    AtomicLong produced = new AtomicLong();
    Iterator<TraceRecord> big = new Iterator<>() {
      long i;

      @Override
      public boolean hasNext() {
        return i < 5_000;
      }

      @Override
      public TraceRecord next() {
        produced.incrementAndGet();
        return TraceRecord.of(i++, "m", 1 << 22, 1).withBlockHashes(hashes);
      }
    };
    AtomicReference<Long> replayed = new AtomicReference<>();
    Thread reader = new Thread(() -> replayed.set(ReplayRunner.run(big, 64, List.of(blocked), 0)));
    reader.start();
    try {
      awaitStopped(reader, produced);
      assertTrue(produced.get() <= (ReplayRunner.QUEUE_DEPTH + 2) * 2L, // two records a batch
          "records read while the only path waits: " + produced.get());
    } finally {
      release.countDown();
    }
    reader.join();
    assertEquals(5_000L, replayed.get());
    assertEquals(5_000, blocked.seen.size());
  }

  /** Waits until {@code reader} waits and has read nothing more for 20 ms (30 s at most). */
  private static void awaitStopped(Thread reader, AtomicLong produced) throws InterruptedException {
    long seen = -1;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (reader.getState() == Thread.State.RUNNABLE || produced.get() != seen) { // the reader waits, for good
      assertTrue(System.nanoTime() < deadline, "the reader never stopped: " + produced.get());
      seen = produced.get();
      Thread.sleep(20);
    }
  }
}
