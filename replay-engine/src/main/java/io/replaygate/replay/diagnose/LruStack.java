package io.replaygate.replay.diagnose;

import io.replaygate.replay.core.LongLongMap;
import java.util.Arrays;

/**
 * One LRU stack of block hashes for Mattson's algorithm: each block's latest access time in a map and one mark
 * per live block at that time (a bitmap with a Fenwick tree over its words), so a block's stack depth (1 = most
 * recently used) is the number of marks at or after its latest access — O(log n) per lookup and per touch.
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
  /** The last depth answered and its access time, until the next touch: the start of a run of neighbours. */
  private long memoLast = ABSENT;
  private long memoDepth;

  /**
   * The latest access times of {@code hashes[from..to)} into {@code out} ({@link #ABSENT} for blocks never seen), all
   * looked up before any is used ({@link LongLongMap#getAll}), so a prompt's probes overlap: its depths are then read
   * in order with {@link #depthAt}, as long as nothing is touched in between.
   */
  void lastAccesses(long[] hashes, int from, int to, long[] out) {
    lastAccess.getAll(hashes, from, to, out, ABSENT);
  }

  /** The latest access time of {@code hash}, or {@link #ABSENT}: {@link #lastAccesses} for one block. */
  long lastAccess(long hash) {
    return lastAccess.get(hash, ABSENT);
  }

  /**
   * The depth in the stack (1 = most recently used) of a block whose latest access was at {@code last}
   * ({@link #lastAccesses}, {@link #lastAccess}), or {@link #ABSENT}.
   */
  long depthAt(long last) {
    if (last == ABSENT) {
      return ABSENT;
    }
    long d;
    if (memoLast != ABSENT && last < memoLast && memoLast - last <= MEMO_REACH) {
      // A prompt's blocks were touched together, tail first, so the next block's latest access is just before the
      // last one's: its depth is that depth plus the marks between (its own included) — a popcount, not a walk.
      d = memoDepth + latest.count(last, memoLast);
    } else {
      // Every live block has exactly one mark (its latest access), so the marks after `last` are all of them (the
      // distinct blocks) less those up to it: one prefix walk instead of two.
      d = lastAccess.size() - latest.prefix(last + 1) + 1;
    }
    memoLast = last;
    memoDepth = d;
    return d;
  }

  /** How far back a depth is counted from the last one answered (bits popcounted) rather than walked for. */
  static final long MEMO_REACH = 512;

  /** Makes {@code hash} the most recently used block. */
  void touch(long hash) {
    memoLast = ABSENT;
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

  /**
   * Renumbers the latest accesses 0..n−1 in order and rebuilds the tree: same depths, a clock of n. A latest access's
   * new number is its rank among the latest accesses — the marks before it, which the bits already hold: a count per
   * word (an int per 64 times) and a popcount, one pass over the map and no sort.
   */
  void compact() {
    compactions++;
    int[] before = latest.marksBeforeEachWord();
    long[] bits = latest.bits;
    lastAccess.replaceValues(t -> before[(int) (t >>> 6)] + Long.bitCount(bits[(int) (t >>> 6)] & ((1L << t) - 1)));
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
   * The marks over access times: one bit per time (a time holds at most one mark: its block's latest access), and a
   * Fenwick (binary indexed) tree over the 64-bit words counting each word's marks, so a prefix is a walk over a
   * tree 64 times smaller than the clock plus one popcount. A tree over every time (as this was) spent most of a
   * diagnosis missing the cache: 8 bytes per time walked at random, where this is 1 bit per time and a tree of
   * a sixteenth of a byte per time. The clock grows by doubling.
   */
  static final class Fenwick {
    long[] bits = new long[1 << 10];
    private int[] tree = new int[1 << 10];
    /*
     * Tree updates not yet made, one word each for marks set and cleared: a request sets marks at consecutive times
     * and clears the marks its blocks had, themselves mostly consecutive, so most updates fold into their word's and
     * the tree is walked once per word, not once per mark. The bits are always current; the tree is brought up to
     * date before it is read.
     */
    private int setWord = -1;
    private int setDelta;
    private int clearWord = -1;
    private int clearDelta;

    /** Sets ({@code delta} = 1) or clears ({@code delta} = −1) the mark at {@code index}. */
    void add(long index, int delta) {
      int word = (int) (index >>> 6);
      while (word >= bits.length) {
        grow();
      }
      long bit = 1L << index;
      if (delta == 1 ? (bits[word] & bit) != 0 : delta != -1 || (bits[word] & bit) == 0) {
        throw new IllegalStateException("a time holds one mark: " + delta + " at " + index);
      }
      bits[word] ^= bit;
      if (delta == 1) {
        if (word != setWord) {
          walk(setWord, setDelta);
          setWord = word;
          setDelta = 0;
        }
        setDelta++;
      } else {
        if (word != clearWord) {
          walk(clearWord, clearDelta);
          clearWord = word;
          clearDelta = 0;
        }
        clearDelta--;
      }
    }

    private void walk(int word, int delta) {
      if (word < 0 || delta == 0) {
        return;
      }
      for (int i = word + 1; i <= tree.length; i += i & -i) {
        tree[i - 1] += delta;
      }
    }

    private void flush() {
      walk(setWord, setDelta);
      walk(clearWord, clearDelta);
      setWord = -1;
      clearWord = -1;
      setDelta = 0;
      clearDelta = 0;
    }

    /** The marks in {@code [from, to)}, from the bits alone (for short ranges). */
    long count(long from, long to) {
      long s = 0;
      long i = from;
      while (i < to) {
        int word = (int) (i >>> 6);
        if (word >= bits.length) {
          break;
        }
        long end = Math.min(to, ((long) word + 1) << 6);
        long mask = (end - i == 64 ? -1L : ((1L << (end - i)) - 1)) << i;
        s += Long.bitCount(bits[word] & mask);
        i = end;
      }
      return s;
    }

    /** For each word of the bits, the marks in the words before it. */
    int[] marksBeforeEachWord() {
      int[] before = new int[bits.length];
      int n = 0;
      for (int w = 0; w < bits.length; w++) {
        before[w] = n;
        n += Long.bitCount(bits[w]);
      }
      return before;
    }

    /** One mark at each of the times {@code 0..n-1}, none after. */
    void reset(long n) {
      int words = 1 << 10;
      while ((long) words * 64 < n * 2) {
        words <<= 1;
      }
      bits = new long[words];
      int full = (int) (n >>> 6);
      Arrays.fill(bits, 0, full, -1L);
      if ((n & 63) != 0) {
        bits[full] = (1L << n) - 1;
      }
      rebuild();
    }

    /** Σ over {@code [0, end)}. */
    long prefix(long end) {
      if (setWord >= 0 || clearWord >= 0) {
        flush();
      }
      long e = Math.min(end, (long) bits.length * 64);
      int word = (int) (e >>> 6);
      long s = 0;
      for (int i = word; i > 0; i -= i & -i) {
        s += tree[i - 1];
      }
      if ((e & 63) != 0) {
        s += Long.bitCount(bits[word] & ((1L << e) - 1));
      }
      return s;
    }

    private void grow() {
      bits = Arrays.copyOf(bits, bits.length * 2);
      rebuild();
    }

    /** The word tree from the bits, in one pass (every node passes its sum up); nothing is left pending. */
    private void rebuild() {
      setWord = -1;
      clearWord = -1;
      setDelta = 0;
      clearDelta = 0;
      int n = bits.length;
      tree = new int[n];
      for (int i = 0; i < n; i++) {
        tree[i] += Long.bitCount(bits[i]);
        int parent = i + ((i + 1) & -(i + 1));
        if (parent < n) {
          tree[parent] += tree[i];
        }
      }
    }
  }
}
