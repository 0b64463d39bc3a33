package io.replaygate.replay.diagnose;

import io.replaygate.replay.core.LongLongMap;
import java.util.Arrays;

/**
 * One LRU stack of block hashes for Mattson's algorithm: each block's latest access time in a map and one mark
 * per live block at that time in a Fenwick tree, so a block's stack depth (1 = most recently used) is the
 * number of marks at or after its latest access — O(log n) per lookup and per touch.
 *
 * <p>Memory is proportional to the distinct blocks, not the accesses: only each block's latest access
 * matters, so when the clock reaches twice the distinct blocks (plus {@link #COMPACT_SLACK}) the latest
 * accesses are renumbered 0..n−1 in order (depths are unchanged) and the tree rebuilt — O(n log n) once per
 * n accesses.
 */
final class LruStack {
  /** Accesses beyond twice the distinct blocks before the clock is renumbered (small traces never are). */
  static final long COMPACT_SLACK = 1 << 20;
  static final long ABSENT = -1;

  private final LongLongMap lastAccess = new LongLongMap();
  private final Fenwick latest = new Fenwick();
  private long clock;
  private int compactions;

  /** Depth of {@code hash} in the stack (1 = most recently used), or {@link #ABSENT}. */
  long depth(long hash) {
    long last = lastAccess.get(hash, ABSENT);
    // Every live block has exactly one mark (its latest access), so the marks after `last` are all of them (the
    // distinct blocks) less those up to it: one prefix walk instead of two.
    return last == ABSENT ? ABSENT : lastAccess.size() - latest.prefix(last + 1) + 1;
  }

  /** Makes {@code hash} the most recently used block. */
  void touch(long hash) {
    if (clock >= 2L * lastAccess.size() + COMPACT_SLACK) {
      compact();
    }
    long last = lastAccess.put(hash, clock, ABSENT);
    if (last != ABSENT) {
      latest.add(last, -1);
    }
    latest.add(clock, 1);
    clock++;
  }

  /** Distinct blocks held. */
  int size() {
    return lastAccess.size();
  }

  /** Renumbers the latest accesses 0..n−1 in order and rebuilds the tree: same depths, a clock of n. */
  void compact() {
    compactions++;
    lastAccess.rankValues();
    clock = lastAccess.size();
    latest.reset(clock);
  }

  /** How many times the clock was renumbered (tests). */
  int compactions() {
    return compactions;
  }

  /** The blocks from the least to the most recently used (compacts first). */
  long[] keysByRecency() {
    compact();
    long[] keys = new long[lastAccess.size()];
    lastAccess.forEach((k, v) -> keys[(int) v] = k);
    return keys;
  }

  /**
   * A Fenwick (binary indexed) tree over access times that grows as the clock runs. Its sums count live blocks, so
   * they fit an {@code int}: half the memory a lookup walks through.
   */
  static final class Fenwick {
    private int[] tree = new int[1 << 16];
    private int[] raw = new int[1 << 16];

    void add(long index, int delta) {
      while (index >= raw.length) {
        grow();
      }
      raw[(int) index] += delta;
      for (int i = (int) index + 1; i <= tree.length; i += i & -i) {
        tree[i - 1] += delta;
      }
    }

    /** One access at each of the times {@code 0..n-1}, none after. */
    void reset(long n) {
      int size = 1 << 16;
      while (size < n * 2) {
        size <<= 1;
      }
      raw = new int[size];
      tree = new int[size];
      for (int i = 0; i < size; i++) { // every node passes its sum up, not only those holding a mark
        if (i < n) {
          raw[i] = 1;
          tree[i] += 1;
        }
        int parent = i + ((i + 1) & -(i + 1));
        if (parent < size) {
          tree[parent] += tree[i];
        }
      }
    }

    /** Σ over {@code [0, end)}. */
    long prefix(long end) {
      long s = 0;
      for (int i = (int) Math.min(end, tree.length); i > 0; i -= i & -i) {
        s += tree[i - 1];
      }
      return s;
    }

    private void grow() {
      int n = raw.length * 2;
      raw = Arrays.copyOf(raw, n);
      tree = new int[n];
      for (int i = 0; i < n; i++) {
        tree[i] += raw[i];
        int parent = i + ((i + 1) & -(i + 1));
        if (parent < n) {
          tree[parent] += tree[i];
        }
      }
    }
  }
}
