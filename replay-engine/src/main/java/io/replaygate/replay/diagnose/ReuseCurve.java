package io.replaygate.replay.diagnose;

import io.replaygate.trace.TraceRecord;
import java.util.Arrays;

/**
 * The hit-ratio-vs-capacity curve of one LRU prefix pool, for every capacity at once, in one pass
 * (Mattson's stack algorithm with a Fenwick tree over access times: O(log n) per block).
 *
 * <p>The pool holds trace blocks; each request finds the leading blocks of its prompt that are in the pool,
 * then touches all its blocks, tail first, so its prefix is the most recently used (the order an engine
 * frees them in, and the order {@code KvCacheLruValidationTest}'s brute force uses). A block is in a pool of
 * capacity {@code C} when the request starts iff its LRU stack depth then is at most {@code C}, so block
 * {@code k} of a prompt is a (leading) hit iff the largest depth among blocks {@code 1..k} is at most
 * {@code C}: the curve is the distribution of those prefix maxima. Token-weighted: each block counts its
 * tokens (the last, partial block only its own). The unbounded capacity gives the reuse ceiling. Exact —
 * no sampling — with memory proportional to the distinct blocks, not the accesses: only each block's latest
 * access matters, so when the clock reaches twice the distinct blocks the latest accesses are renumbered
 * 0..n−1 in order (depths are unchanged) and the Fenwick tree rebuilt — O(n log n) once per n accesses.
 */
public final class ReuseCurve {
  private final int blockTokens;
  private static final long NEVER = -1;
  private final LongLongMap lastAccess = new LongLongMap();
  private final Fenwick latest = new Fenwick();
  private long clock;
  private long[] tokensAtDepth = new long[1024];
  private long[] blocksAtDepth = new long[1024];
  private long coldTokens;
  private long coldBlocks;
  private long inputTokens;
  private long blocks;
  private long requests;

  public ReuseCurve(int blockTokens) {
    if (blockTokens <= 0) {
      throw new IllegalArgumentException("block size must be positive");
    }
    this.blockTokens = blockTokens;
  }

  /** Adds one request (in arrival order); a request without block hashes counts its tokens as misses. */
  public void add(TraceRecord r) {
    if (clock >= 2L * lastAccess.size() + COMPACT_SLACK) {
      compact();
    }
    requests++;
    inputTokens += r.inputTokens();
    long[] h = r.blockHashes();
    if (h == null || h.length == 0) {
      coldTokens += r.inputTokens();
      return;
    }
    long prefixMax = 0; // 0 = all leading blocks so far were in the pool at any capacity ≥ their depth
    boolean cold = false;
    for (int k = 0; k < h.length; k++) {
      long tokens = Math.max(0, Math.min(blockTokens, r.inputTokens() - (long) k * blockTokens));
      blocks++;
      long last = cold ? NEVER : lastAccess.get(h[k], NEVER);
      if (last == NEVER) {
        cold = true;
        coldTokens += tokens;
        coldBlocks++;
        continue;
      }
      // Every live block has exactly one mark (its latest access), so the marks after `last` are all of them
      // (the distinct blocks) less those up to it: one prefix walk instead of two.
      long depth = lastAccess.size() - latest.prefix(last + 1) + 1;
      prefixMax = Math.max(prefixMax, depth);
      record(prefixMax, tokens);
    }
    // Tokens beyond the hashed blocks (a FLOOR-rule trace's tail) are never cached.
    coldTokens += Math.max(0, r.inputTokens() - (long) h.length * blockTokens);
    for (int k = h.length - 1; k >= 0; k--) {
      long last = lastAccess.put(h[k], clock, NEVER);
      if (last != NEVER) {
        latest.add(last, -1);
      }
      latest.add(clock, 1);
      clock++;
    }
  }

  /** Accesses beyond twice the distinct blocks before the clock is renumbered (small traces never are). */
  static final long COMPACT_SLACK = 1 << 20;

  private int compactions;

  /** How many times the clock was renumbered (tests). */
  int compactions() {
    return compactions;
  }

  /** Renumbers the latest accesses 0..n−1 in order and rebuilds the tree: same depths, a clock of n. */
  void compact() {
    compactions++;
    lastAccess.rankValues();
    clock = lastAccess.size();
    latest.reset(clock);
  }

  private void record(long depth, long tokens) {
    if (depth >= tokensAtDepth.length) {
      int n = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(depth + 1, tokensAtDepth.length * 2L));
      tokensAtDepth = Arrays.copyOf(tokensAtDepth, n);
      blocksAtDepth = Arrays.copyOf(blocksAtDepth, n);
    }
    tokensAtDepth[(int) depth] += tokens;
    blocksAtDepth[(int) depth]++;
  }

  /**
   * @param capacityBlocks pool size in trace blocks ({@code Long.MAX_VALUE}: unbounded)
   * @param blockHitRatio  leading blocks found ÷ all blocks
   * @param tokenHitRatio  tokens of leading blocks found ÷ all prompt tokens
   */
  public record Point(long capacityBlocks, double blockHitRatio, double tokenHitRatio) {
  }

  /** The curve at one capacity. */
  public Point at(long capacityBlocks) {
    long hitTokens = 0;
    long hitBlocks = 0;
    long top = Math.min(capacityBlocks, tokensAtDepth.length - 1L);
    for (int d = 1; d <= top; d++) {
      hitTokens += tokensAtDepth[d];
      hitBlocks += blocksAtDepth[d];
    }
    return new Point(capacityBlocks, blocks == 0 ? 0 : (double) hitBlocks / blocks,
        inputTokens == 0 ? 0 : (double) hitTokens / inputTokens);
  }

  /** The unbounded pool: the reuse ceiling (DESIGN §1a), token- and block-weighted. */
  public Point ceiling() {
    return at(Long.MAX_VALUE);
  }

  public long requests() {
    return requests;
  }

  public long distinctBlocks() {
    return lastAccess.size();
  }

  public int blockTokens() {
    return blockTokens;
  }

  /** A Fenwick (binary indexed) tree over access times that grows as the clock runs. */
  static final class Fenwick {
    private long[] tree = new long[1 << 16];
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
      tree = new long[size];
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
      tree = new long[n];
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
