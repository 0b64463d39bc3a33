package io.replaygate.replay.core;

import java.util.Arrays;

/**
 * One request's block ranges as the caches keep them: each range of its blocks is copied once, and that copy goes to
 * every cache that stores the same range. Every path of a replay sees the same requests, and caches that see the same
 * traffic under the same rules store the same ranges of it: {@code managed:observed}'s and {@code byok:observed}'s
 * DeepSeek caches, a hybrid's fallback for the models it does not lane. Each kept a copy of the same keys, so the
 * 24-hour caches' keys (8 bytes a block) were held once per path. Sharing changes no answer: a kept array is never
 * written ({@link KeyCopies}).
 *
 * <p>Safe across the paths' threads. It remembers at most {@link #MOST} ranges (a request is usually stored as one or
 * two: the path to it and its new blocks), and only while the request is referenced: once every path has served it,
 * the ranges live on only in the caches that keep them.
 */
public final class SharedKeyCopies implements KeyCopies {
  /** Ranges remembered per request; past that a range is copied for its caller alone. */
  static final int MOST = 8;
  private final long[] source;
  /** The remembered ranges ({@code from << 32 | to}) and their copies; null until the first. */
  private long[] ranges;
  private long[][] copies;
  private int count;

  /** Shares the ranges of {@code source} (a request's block hashes; null for none). */
  public SharedKeyCopies(long[] source) {
    this.source = source;
  }

  @Override
  public synchronized long[] copy(long[] keys, int from, int to) {
    if (keys != source || from >= to) {
      return Arrays.copyOfRange(keys, from, to); // another array, or nothing to share
    }
    long range = (long) from << 32 | to;
    for (int i = 0; i < count; i++) {
      if (ranges[i] == range) {
        return copies[i];
      }
    }
    long[] copy = Arrays.copyOfRange(keys, from, to);
    if (count < MOST) {
      if (ranges == null) {
        ranges = new long[MOST];
        copies = new long[MOST][];
      }
      ranges[count] = range;
      copies[count++] = copy;
    }
    return copy;
  }
}
