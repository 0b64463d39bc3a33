package io.replaygate.replay.diagnose;

import io.replaygate.trace.TraceRecord;
import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The hit-ratio-vs-capacity curve of one LRU prefix pool, for every capacity at once, in one pass
 * (Mattson's stack algorithm over an {@link LruStack}: O(log n) per block).
 *
 * <p>The pool holds trace blocks; each request finds the leading blocks of its prompt that are in the pool,
 * then touches all its blocks, tail first, so its prefix is the most recently used (the order an engine
 * frees them in, and the order {@code KvCacheLruValidationTest}'s brute force uses). A block is in a pool of
 * capacity {@code C} when the request starts iff its LRU stack depth then is at most {@code C}, so block
 * {@code k} of a prompt is a (leading) hit iff the largest depth among blocks {@code 1..k} is at most
 * {@code C}: the curve is the distribution of those prefix maxima. Token-weighted: each block counts its
 * tokens (the last, partial block only its own). The unbounded capacity gives the reuse ceiling.
 *
 * <p><b>Exact, then sampled.</b> The curve is exact while the stack holds at most
 * {@link Sampling#maxExactBlocks} distinct blocks (memory ∝ distinct blocks). Beyond that it samples
 * spatially, as SHARDS does (Waldspurger et al., FAST '15): a block is kept iff a salted 64-bit mix of its
 * hash falls below a threshold (rate 2<sup>−s</sup>, starting at the highest rate that keeps at most
 * {@link Sampling#maxSampledBlocks} of the exact stack's blocks and halved whenever the kept blocks pass that
 * limit again, so memory stays bounded), and the kept blocks are split by other bits of the same mix into
 * {@link Sampling#partitions} independent stacks, each a SHARDS sample at rate 2<sup>−s</sup>/K. In a
 * partition a depth {@code d} stands for {@code d·K·2^s} blocks and each reference for {@code K·2^s}
 * references (integers, so the weighted histograms are exact HdrHistograms at three significant digits: a
 * capacity is resolved to 0.1%). Each partition is corrected as SHARDS<sub>adj</sub> does: the difference
 * between the references the trace really had in the sampled phase and the partition's weighted count is
 * added at depth 1 — what a sample misses or over-counts is overwhelmingly one hot block (a shared system
 * prompt), and a hot block is a hit at any capacity. The estimate is the mean of the K partitions, its
 * error the 95% Student-t half-width of that mean (K−1 degrees of freedom); the requests before sampling
 * began are counted exactly in every partition, so they add no error. Prefix maxima are taken over the
 * sampled blocks: for chained hashes (every format's, DESIGN §5) a block's depth already bounds its prefix's,
 * so nothing is lost.
 */
public final class ReuseCurve {
  /**
   * When and how the curve samples.
   *
   * @param maxExactBlocks   distinct blocks the exact stack may hold: the prompt that would take it past starts
   *                         sampling [4,194,304: about 250 MB of map and tree;
   *                         the bundled week and the public traces stay exact]
   * @param maxSampledBlocks the most kept blocks held once sampling, in all partitions together (the smaller of this
   *                         and {@code maxExactBlocks} applies) [1,048,576: 131,072 a partition, about 60 MB. Every
   *                         kept block probes the stacks, and at the exact limit those probes, missing to memory,
   *                         were a quarter of a 10-million-request week's run; at a quarter of it {@code diagnose}
   *                         of that week's busiest hours takes 0.57× the time, and states errors 1.8–2.8× as wide
   *                         (the ceiling ±0.0002, 10,000 blocks ±0.007; README)]
   * @param partitions       independent samples the error is estimated from, a power of two in 2..64 [8: seven
   *                         degrees of freedom, a t factor of 2.36 rather than 3.18 with four]
   * @param salt             mixed into every hash before sampling [fixed, so the same trace samples the same way]
   */
  public record Sampling(long maxExactBlocks, long maxSampledBlocks, int partitions, long salt) {
    public static final Sampling DEFAULTS = new Sampling(1L << 22, 1L << 20, 8, 0x2545F4914F6CDD1DL);

    public Sampling {
      if (maxExactBlocks < 1) {
        throw new IllegalArgumentException("the exact block limit must be positive, got " + maxExactBlocks);
      }
      if (maxSampledBlocks < 1) {
        throw new IllegalArgumentException("the sampled block limit must be positive, got " + maxSampledBlocks);
      }
      if (partitions < 2 || partitions > 64 || Integer.bitCount(partitions) != 1) {
        throw new IllegalArgumentException("partitions must be a power of two in 2..64, got " + partitions);
      }
    }

    public Sampling withMaxExactBlocks(long n) {
      return new Sampling(n, maxSampledBlocks, partitions, salt);
    }

    public Sampling withMaxSampledBlocks(long n) {
      return new Sampling(maxExactBlocks, n, partitions, salt);
    }

    /** Kept blocks held at most while sampling: the smaller limit. */
    public long sampledLimit() {
      return Math.min(maxExactBlocks, maxSampledBlocks);
    }
  }

  private final int blockTokens;
  private final Sampling sampling;
  private long inputTokens;
  private long blocks;
  private long requests;
  /** Tokens never cached: requests without hashes, tails beyond the hashed blocks, exact-phase cold blocks. */
  private long coldTokens;

  // The exact phase.
  private LruStack exact = new LruStack();
  private long[] tokensAtDepth = new long[1024];
  private long[] blocksAtDepth = new long[1024];

  // The sampled phase (parts != null).
  private LruStack[] parts;
  private int shift;
  private Histogram[] hitTokens;
  private Histogram[] hitBlocks;
  /** The largest estimated depth each partition recorded (its histograms' own maximum is pinned: sampledHistogram). */
  private long[] hitMax;
  private long[] sampledColdTokens;
  private long[] sampledColdBlocks;
  private long sampledPhaseTokens;
  private long sampledPhaseBlocks;
  private long exactPhaseBlocks;
  private long[] prefixMax;
  private long[] lastAccessScratch = new long[256];
  private int[] keptBlockScratch = new int[256];
  private int[] keptPartScratch = new int[256];
  private boolean[] cold;

  public ReuseCurve(int blockTokens) {
    this(blockTokens, Sampling.DEFAULTS);
  }

  public ReuseCurve(int blockTokens, Sampling sampling) {
    if (blockTokens <= 0) {
      throw new IllegalArgumentException("block size must be positive");
    }
    this.blockTokens = blockTokens;
    this.sampling = sampling;
  }

  /** Adds one request (in arrival order); a request without block hashes counts its tokens as misses. */
  public void add(TraceRecord r) {
    requests++;
    inputTokens += r.inputTokens();
    long[] h = r.blockHashes();
    if (h == null || h.length == 0) {
      coldTokens += r.inputTokens();
      return;
    }
    if (parts == null) {
      // Exact while the stack holds at most the limit: a prompt that would take it past starts sampling, before its
      // blocks are touched (the stack's map, sized for the limit, is never doubled only to be dropped).
      long[] last = lastScratch(h.length);
      exact.lastAccesses(h, 0, h.length, last);
      if (exact.size() + absent(last, h.length) <= sampling.maxExactBlocks()) {
        addExact(r, h, last);
      } else {
        startSampling();
        addSampled(r, h);
      }
    } else {
      if (sampledSize() > sampling.sampledLimit()) {
        halveRate();
      }
      addSampled(r, h);
    }
    // Tokens beyond the hashed blocks (a FLOOR-rule trace's tail) are never cached.
    coldTokens += Math.max(0, r.inputTokens() - (long) h.length * blockTokens);
  }

  /** A buffer for a prompt's latest access times ({@link LruStack#lastAccesses}), grown to the longest prompt. */
  private long[] lastScratch(int n) {
    if (lastAccessScratch.length < n) {
      lastAccessScratch = new long[Math.max(n, 2 * lastAccessScratch.length)];
    }
    return lastAccessScratch;
  }

  /**
   * Grows the sampled phase's buffers, the positions of a prompt's kept blocks and their partitions, to a prompt of
   * {@code n} blocks (the longest so far).
   */
  private void keptScratch(int n) {
    if (keptBlockScratch.length < n) {
      int m = Math.max(n, 2 * keptBlockScratch.length);
      keptBlockScratch = new int[m];
      keptPartScratch = new int[m];
    }
  }

  private long tokensOf(TraceRecord r, int k) {
    return Math.max(0, Math.min(blockTokens, r.inputTokens() - (long) k * blockTokens));
  }

  /** How many of a prompt's latest accesses are {@link LruStack#ABSENT}: at least its blocks new to the stack. */
  private static int absent(long[] last, int n) {
    int a = 0;
    for (int k = 0; k < n; k++) {
      if (last[k] == LruStack.ABSENT) {
        a++;
      }
    }
    return a;
  }

  /** A prompt in the exact phase, its blocks' latest accesses already looked up ({@link LruStack#lastAccesses}). */
  private void addExact(TraceRecord r, long[] h, long[] last) {
    long max = 0; // 0 = all leading blocks so far were in the pool at any capacity ≥ their depth
    boolean isCold = false;
    for (int k = 0; k < h.length; k++) {
      long tokens = tokensOf(r, k);
      blocks++;
      long depth = isCold ? LruStack.ABSENT : exact.depthAt(last[k]);
      if (depth == LruStack.ABSENT) {
        isCold = true;
        coldTokens += tokens;
        continue;
      }
      max = Math.max(max, depth);
      record(max, tokens);
    }
    for (int k = h.length - 1; k >= 0; k--) {
      exact.touch(h[k]);
    }
  }

  private void addSampled(TraceRecord r, long[] h) {
    int n = parts.length;
    long weight = (long) n << shift;
    Arrays.fill(prefixMax, 0);
    Arrays.fill(cold, false);
    long[] last = lastScratch(h.length);
    keptScratch(h.length);
    int[] at = keptBlockScratch;
    int[] part = keptPartScratch;
    int kept = 0;
    for (int k = 0; k < h.length; k++) { // the kept blocks and their partitions
      long u = mix(h[k]);
      if (kept(u)) {
        at[kept] = k;
        part[kept] = (int) (u & (n - 1));
        kept++;
      }
    }
    for (int j = 0; j < kept; j++) { // then their latest accesses, as addExact does: probes that overlap, not wait
      last[j] = parts[part[j]].lastAccess(h[at[j]]);
    }
    // Every block counts toward the sampled phase, kept or not: Σ tokensOf(r, k) over the blocks is the prompt's
    // tokens up to what its blocks cover.
    blocks += h.length;
    sampledPhaseBlocks += h.length;
    sampledPhaseTokens += Math.max(0, Math.min(r.inputTokens(), (long) h.length * blockTokens));
    for (int j = 0; j < kept; j++) {
      int k = at[j];
      long tokens = tokensOf(r, k);
      int p = part[j];
      long depth = cold[p] ? LruStack.ABSENT : parts[p].depthAt(last[j]);
      if (depth == LruStack.ABSENT) {
        cold[p] = true;
        sampledColdTokens[p] += tokens * weight;
        sampledColdBlocks[p] += weight;
        continue;
      }
      prefixMax[p] = Math.max(prefixMax[p], depth);
      long estimatedDepth = prefixMax[p] * weight;
      if (tokens > 0) {
        hitTokens[p].recordValueWithCount(estimatedDepth, tokens * weight);
      }
      hitBlocks[p].recordValueWithCount(estimatedDepth, weight);
      hitMax[p] = Math.max(hitMax[p], estimatedDepth);
    }
    for (int j = kept - 1; j >= 0; j--) {
      parts[part[j]].touch(h[at[j]]);
    }
  }

  /**
   * A histogram of weighted depths, sized from the start for depths up to 2<sup>40</sup> blocks (and resizing beyond):
   * sampled depths grow with the stack, a block at a time, and an auto-resizing histogram sized to its first value
   * grew its counts array to each new largest value as it came — a copy of the array per new maximum, half of a
   * sampled diagnosis's time on a large trace. Buckets, counts and every answer are the same at any size.
   */
  private static Histogram sampledHistogram() {
    Histogram h = new Histogram(1, 1L << 40, 3);
    h.setAutoResize(true);
    // Its maximum and minimum pinned by a value recorded no times: the histogram keeps them with a compare-and-set
    // per new extreme, and sampled depths reach a new maximum at almost every record. The curve reads the
    // maximum from hitMax instead.
    h.recordValueWithCount(1L << 40, 0);
    return h;
  }

  /** A salted 64-bit finaliser (Stafford's mix 13): its top bits decide sampling, its low bits the partition. */
  private long mix(long hash) {
    return mix(hash, sampling.salt());
  }

  static long mix(long hash, long salt) {
    return io.replaygate.replay.core.Mix.mix(hash ^ salt);
  }

  private boolean kept(long u) {
    return (u >>> (64 - shift)) == 0;
  }

  private int sampledSize() {
    int s = 0;
    for (LruStack p : parts) {
      s += p.size();
    }
    return s;
  }

  /**
   * Switches to sampling at rate 2<sup>−s</sup>, the highest at which the exact limit's blocks would be at most the
   * sampled limit (½ when the two limits are equal): the kept blocks move to their partitions in recency order, and
   * the rate halves again while they are still over the limit.
   */
  private void startSampling() {
    int n = sampling.partitions();
    exactPhaseBlocks = blocks;
    shift = 1;
    while (shift < 62 && (sampling.maxExactBlocks() >>> shift) > sampling.sampledLimit()) {
      shift++;
    }
    parts = new LruStack[n];
    hitTokens = new Histogram[n];
    hitBlocks = new Histogram[n];
    hitMax = new long[n];
    for (int p = 0; p < n; p++) {
      parts[p] = new LruStack();
      hitTokens[p] = sampledHistogram();
      hitBlocks[p] = sampledHistogram();
    }
    sampledColdTokens = new long[n];
    sampledColdBlocks = new long[n];
    prefixMax = new long[n];
    cold = new boolean[n];
    for (long key : exact.keysByRecency()) {
      long u = mix(key);
      if (kept(u)) {
        parts[(int) (u & (n - 1))].touch(key);
      }
    }
    exact = null;
    while (sampledSize() > sampling.sampledLimit()) {
      halveRate();
    }
  }

  /** Halves the sampling rate: each partition keeps, in recency order, the blocks still below the threshold. */
  private void halveRate() {
    shift++;
    for (int p = 0; p < parts.length; p++) {
      LruStack kept = new LruStack();
      for (long key : parts[p].keysByRecency()) {
        if (kept(mix(key))) {
          kept.touch(key);
        }
      }
      parts[p] = kept;
    }
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
   * @param capacityBlocks      pool size in trace blocks ({@code Long.MAX_VALUE}: unbounded)
   * @param blockHitRatio       leading blocks found ÷ all blocks
   * @param tokenHitRatio       tokens of leading blocks found ÷ all prompt tokens
   * @param blockHitRatioError  95% half-width of the block hit ratio from sampling (0: exact)
   * @param tokenHitRatioError  95% half-width of the token hit ratio from sampling (0: exact)
   */
  public record Point(long capacityBlocks, double blockHitRatio, double tokenHitRatio, double blockHitRatioError,
      double tokenHitRatioError) {
  }

  /** The curve at one capacity. */
  public Point at(long capacityBlocks) {
    long exactTokens = 0;
    long exactBlocks = 0;
    long top = Math.min(capacityBlocks, tokensAtDepth.length - 1L);
    for (int d = 1; d <= top; d++) {
      exactTokens += tokensAtDepth[d];
      exactBlocks += blocksAtDepth[d];
    }
    if (parts == null) {
      return new Point(capacityBlocks, ratio(exactBlocks, blocks), ratio(exactTokens, inputTokens), 0, 0);
    }
    int n = parts.length;
    double[] tokenRatios = new double[n];
    double[] blockRatios = new double[n];
    for (int p = 0; p < n; p++) {
      long adjTokens = sampledPhaseTokens - hitTokens[p].getTotalCount() - sampledColdTokens[p];
      long adjBlocks = sampledPhaseBlocks - hitBlocks[p].getTotalCount() - sampledColdBlocks[p];
      tokenRatios[p] = ratio(exactTokens + upTo(hitTokens[p], hitMax[p], capacityBlocks) + adjTokens, inputTokens);
      blockRatios[p] = ratio(exactBlocks + upTo(hitBlocks[p], hitMax[p], capacityBlocks) + adjBlocks, blocks);
    }
    // Each partition's estimate is unbiased but may leave [0, 1]; only the mean is clamped, so clamping biases
    // neither the estimate nor its error.
    return new Point(capacityBlocks, clamp(mean(blockRatios)), clamp(mean(tokenRatios)), halfWidth(blockRatios),
        halfWidth(tokenRatios));
  }

  /**
   * Weighted count at estimated depths 1..capacity (HdrHistogram: to 0.1% of the capacity); {@code max}: the largest
   * depth the partition recorded, at least the histogram's own largest (a shortcut only: counting up to the capacity
   * gives the same answer).
   */
  private static long upTo(Histogram h, long max, long capacity) {
    return h.getTotalCount() == 0 || capacity >= h.highestEquivalentValue(max) ? h.getTotalCount()
        : h.getCountBetweenValues(1, capacity);
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static double mean(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.length;
  }

  /** The 95% Student-t half-width of the mean of {@code xs}. */
  private static double halfWidth(double[] xs) {
    double m = mean(xs);
    double ss = 0;
    for (double x : xs) {
      ss += (x - m) * (x - m);
    }
    double se = Math.sqrt(ss / (xs.length - 1) / xs.length);
    return new TDistribution((RandomGenerator) null, xs.length - 1).inverseCumulativeProbability(0.975) * se;
  }

  /** The unbounded pool: the reuse ceiling (DESIGN §1a), token- and block-weighted. */
  public Point ceiling() {
    return at(Long.MAX_VALUE);
  }

  public long requests() {
    return requests;
  }

  /** Distinct blocks seen: exact, or once sampling the kept blocks scaled by the rate (an estimate). */
  public long distinctBlocks() {
    return parts == null ? exact.size() : (long) sampledSize() << shift;
  }

  /** Whether the curve is sampled (the exact limit was passed). */
  public boolean sampled() {
    return parts != null;
  }

  /** The share of blocks sampled (1 while exact). */
  public double samplingRate() {
    return parts == null ? 1 : Math.scalb(1.0, -shift);
  }

  /** Block references counted exactly, before sampling began (all of them while exact). */
  public long exactBlockReferences() {
    return parts == null ? blocks : exactPhaseBlocks;
  }

  /** All block references added. */
  public long blockReferences() {
    return blocks;
  }

  public Sampling sampling() {
    return sampling;
  }

  public int blockTokens() {
    return blockTokens;
  }

  /** Distinct blocks the stacks hold now (tests: bounded by the exact limit, then by the sampled one). */
  long heldBlocks() {
    return parts == null ? exact.size() : sampledSize();
  }

  /** How many times the exact stack's clock was renumbered (tests). */
  int compactions() {
    return exact == null ? 0 : exact.compactions();
  }

  /** Renumbers the exact stack's clock (tests: depths must not change). */
  void compact() {
    exact.compact();
  }
}
