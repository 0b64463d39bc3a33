package io.replaygate.replay.core;

import java.util.PriorityQueue;

/**
 * A simulated clock in µs and the events scheduled on it. Events at the same time run in the order they
 * were scheduled (a sequence number breaks ties), so a replay never depends on heap order.
 */
public final class EventQueue {
  private record Scheduled(long timeUs, long seq, Runnable action) {}

  private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> a.timeUs != b.timeUs
      ? Long.compare(a.timeUs, b.timeUs) : Long.compare(a.seq, b.seq));
  private long seq;
  private long nowUs = Long.MIN_VALUE;

  /** The time of the event running now (or of the last one run). */
  public long nowUs() {
    return nowUs;
  }

  /** Schedules {@code action} at {@code timeUs}; scheduling in the past is a bug. */
  public void at(long timeUs, Runnable action) {
    if (timeUs < nowUs) {
      throw new IllegalStateException("event at " + timeUs + " scheduled in the past (now " + nowUs + ")");
    }
    queue.add(new Scheduled(timeUs, seq++, action));
  }

  /** Runs every event due at or before {@code timeUs}, in time then scheduling order. */
  public void runUntil(long timeUs) {
    while (!queue.isEmpty() && queue.peek().timeUs <= timeUs) {
      Scheduled s = queue.poll();
      nowUs = s.timeUs;
      s.action.run();
    }
  }

  /** Runs every remaining event. */
  public void runAll() {
    runUntil(Long.MAX_VALUE);
  }

  /** The time of the next scheduled event, or {@link Long#MAX_VALUE} when none is. */
  public long nextTimeUs() {
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().timeUs;
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }
}
