package io.replaygate.replay.core;

import io.replaygate.trace.BatchBudget;
import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Feeds every path from one pass over the trace. The calling thread reads records into batches; each path
 * runs on its own worker thread and takes the batches from a bounded queue, so the paths replay in
 * parallel while the requests in flight stay bounded by about {@code (queueDepth + 2)} batches — each at most
 * {@link BatchBudget#MAX_RECORDS} requests or {@link BatchBudget#MAX_BYTES} of them — whatever the
 * trace's length. A path never sees another path's state, so the result does not depend on scheduling.
 */
public final class ReplayRunner {
  /** Batches a path may lag behind the reader. */
  public static final int QUEUE_DEPTH = 8;

  private static final List<Request> END = List.of();

  private ReplayRunner() {}

  /**
   * Replays {@code trace} through {@code paths}.
   *
   * @param firstIndex index of the first record (when the caller has already taken some records out)
   * @return requests replayed
   */
  public static long run(Iterator<TraceRecord> trace, int blockTokens, List<? extends PathSimulator> paths,
      long firstIndex) {
    List<BlockingQueue<List<Request>>> queues = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (PathSimulator path : paths) {
      BlockingQueue<List<Request>> q = new ArrayBlockingQueue<>(QUEUE_DEPTH);
      queues.add(q);
      Thread t = new Thread(() -> work(path, q, failure), "replay-" + path.name());
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    long index = firstIndex;
    try {
      List<Request> batch = new ArrayList<>();
      BatchBudget budget = new BatchBudget();
      while (trace.hasNext()) {
        TraceRecord record = trace.next();
        batch.add(new Request(index++, record, blockTokens));
        if (budget.add(record)) {
          handOff(batch, queues, failure);
          batch = new ArrayList<>();
          budget.reset();
        }
      }
      if (!batch.isEmpty()) {
        handOff(batch, queues, failure);
      }
      handOff(END, queues, failure);
    } catch (RuntimeException | Error e) {
      failure.compareAndSet(null, e);
      for (BlockingQueue<List<Request>> q : queues) {
        q.clear();
        q.offer(END);
      }
    }
    for (Thread t : workers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while replaying", e);
      }
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    return index - firstIndex;
  }

  private static void handOff(List<Request> batch, List<BlockingQueue<List<Request>>> queues,
      AtomicReference<Throwable> failure) {
    for (BlockingQueue<List<Request>> q : queues) {
      try {
        while (!q.offer(batch, 100, TimeUnit.MILLISECONDS)) {
          if (failure.get() != null) {
            throw new IllegalStateException("a path failed", failure.get());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while replaying", e);
      }
    }
  }

  private static void work(PathSimulator path, BlockingQueue<List<Request>> q, AtomicReference<Throwable> failure) {
    try {
      while (true) {
        List<Request> batch = q.take();
        if (batch == END) {
          break;
        }
        for (Request r : batch) {
          path.arrive(r);
        }
      }
      if (failure.get() == null) {
        path.finish();
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
      q.clear();
    }
  }
}
