package io.replaygate.costmodel.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A figure per ledger window over a period of {@link #windows()} windows, kept as runs: each run is a stretch of
 * consecutive windows with the same value per window; windows outside every run are zero. Memory grows with the
 * windows that hold traffic and the places where a spread amount starts or stops (a replica's start and end), not
 * with the span: a fixed fleet over a quiet year is one run, however many windows the year has.
 *
 * <p>Immutable; made by a {@link Builder}. Sums over a range of windows ({@link #sum}) take a binary search, so the
 * savings bootstrap resamples blocks of windows without laying the series out window by window.
 */
public final class WindowValues {
  private static final WindowValues NONE = new WindowValues(0, new long[0], new long[0], new double[0]);

  private final long windows;
  private final long[] from;
  private final long[] to;
  private final double[] value;
  /** {@code prefix[i]}: the sum of runs 0..i-1 (length runs + 1). */
  private final double[] prefix;

  private WindowValues(long windows, long[] from, long[] to, double[] value) {
    this.windows = windows;
    this.from = from;
    this.to = to;
    this.value = value;
    this.prefix = new double[from.length + 1];
    for (int i = 0; i < from.length; i++) {
      prefix[i + 1] = prefix[i] + value[i] * (to[i] - from[i]);
    }
  }

  /** Nothing in any of {@code windows} windows. */
  public static WindowValues zero(long windows) {
    return windows == 0 ? NONE : new WindowValues(windows, new long[0], new long[0], new double[0]);
  }

  /** The same {@code perWindow} in every one of {@code windows} windows. */
  public static WindowValues uniform(long windows, double perWindow) {
    return perWindow == 0 || windows == 0 ? zero(windows)
        : new WindowValues(windows, new long[] {0}, new long[] {windows}, new double[] {perWindow});
  }

  /** A series laid out window by window. */
  public static WindowValues of(double... perWindow) {
    Builder b = new Builder();
    for (int w = 0; w < perWindow.length; w++) {
      b.add(w, perWindow[w]);
    }
    return b.build(perWindow.length);
  }

  /** Windows in the period. */
  public long windows() {
    return windows;
  }

  /** Runs held: what the series costs in memory (three words each). */
  public int runs() {
    return from.length;
  }

  /** The value in window {@code w} (zero outside the runs and past the period). */
  public double get(long w) {
    int i = Arrays.binarySearch(to, w + 1);
    i = i >= 0 ? i : -i - 1; // the first run ending after w
    return i < from.length && from[i] <= w ? value[i] : 0;
  }

  /** The sum over windows {@code [a, b)}. */
  public double sum(long a, long b) {
    return b <= a ? 0 : prefix(b) - prefix(a);
  }

  /** The sum over every window. */
  public double total() {
    return prefix[from.length];
  }

  /** The sum of windows before {@code x}. */
  private double prefix(long x) {
    int i = Arrays.binarySearch(to, x);
    int k = i >= 0 ? i + 1 : -i - 1; // runs wholly before x
    double s = prefix[k];
    if (k < from.length && from[k] < x) {
      s += value[k] * (x - from[k]);
    }
    return s;
  }

  /** Every value × {@code k}. */
  public WindowValues scaled(double k) {
    double[] v = value.clone();
    for (int i = 0; i < v.length; i++) {
      v[i] *= k;
    }
    return new WindowValues(windows, from, to, v);
  }

  /**
   * Shares that add up to 1: each window's value ÷ the total; evenly over the period when the total is zero (a
   * line with nothing to follow is spread like a fixed amount).
   */
  public WindowValues shares() {
    double total = total();
    return total > 0 ? scaled(1 / total) : uniform(windows, windows == 0 ? 0 : 1.0 / windows);
  }

  /** The same runs over a period of at least {@code windows} windows (the later ones zero). */
  public WindowValues extendedTo(long windows) {
    return windows <= this.windows ? this : new WindowValues(windows, from, to, value);
  }

  /** Receives one run: windows {@code [from, to)}, each with {@code perWindow}. */
  @FunctionalInterface
  public interface RunConsumer {
    void accept(long from, long to, double perWindow);
  }

  /** Every run in window order (zero windows are not runs). */
  public void forEachRun(RunConsumer c) {
    for (int i = 0; i < from.length; i++) {
      c.accept(from[i], to[i], value[i]);
    }
  }

  /** Window by window (for small series and tests). */
  public double[] toArray() {
    double[] out = new double[Math.toIntExact(windows)];
    forEachRun((a, b, v) -> Arrays.fill(out, (int) a, (int) b, v));
    return out;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("WindowValues[" + windows + " windows:");
    forEachRun((a, b, v) -> s.append(' ').append(a).append(b - a > 1 ? ".." + (b - 1) : "").append('=').append(v));
    return s.append(']').toString();
  }

  /**
   * Collects amounts per window in any order: a window's own amounts ({@link #add}) and amounts spread evenly over
   * a stretch of windows ({@link #addRun}, kept as a start and an end, not per window). Memory is a page of 1,024
   * windows wherever something was added or a stretch starts or ends.
   */
  public static final class Builder {
    private static final int PAGE_BITS = 10;
    private static final int PAGE = 1 << PAGE_BITS;
    /** Page → {own amount, change of the running per-window amount} per window, interleaved. */
    private final Map<Long, double[]> pages = new TreeMap<>();
    private long lastPage = -1;
    private double[] last;
    private long extent;
    private double largestChange;

    private double[] page(long window) {
      long p = window >>> PAGE_BITS;
      if (p != lastPage) {
        last = pages.computeIfAbsent(p, k -> new double[2 * PAGE]);
        lastPage = p;
      }
      return last;
    }

    /** Adds {@code amount} to window {@code w} (w ≥ 0). */
    public void add(long w, double amount) {
      if (w < 0) {
        throw new IllegalArgumentException("window " + w + " is before the period");
      }
      page(w)[2 * (int) (w & (PAGE - 1))] += amount;
      extent = Math.max(extent, w + 1);
    }

    /** Adds {@code perWindow} to every window of {@code [a, b)}. */
    public void addRun(long a, long b, double perWindow) {
      if (b - a <= 2) {
        for (long w = a; w < b; w++) {
          add(w, perWindow);
        }
        return;
      }
      if (a < 0) {
        throw new IllegalArgumentException("window " + a + " is before the period");
      }
      page(a)[2 * (int) (a & (PAGE - 1)) + 1] += perWindow;
      page(b)[2 * (int) (b & (PAGE - 1)) + 1] -= perWindow;
      largestChange = Math.max(largestChange, Math.abs(perWindow));
      extent = Math.max(extent, b);
    }

    /**
     * Adds {@code perSecond} × the seconds of {@code [fromUs, toUs)} to the windows of {@code windowUs} from
     * {@code originUs} they fall in (a time before the origin counts in window 0): the first and last window in part,
     * the whole windows between as one stretch — a replica up for a quiet month is two points and a stretch.
     */
    public void spread(long originUs, long windowUs, long fromUs, long toUs, double perSecond) {
      if (toUs <= fromUs) {
        return;
      }
      long w0 = Math.max(0, Math.floorDiv(fromUs - originUs, windowUs));
      long w1 = Math.max(0, Math.floorDiv(toUs - 1 - originUs, windowUs));
      if (w0 == w1) {
        add(w0, perSecond * (toUs - fromUs) / 1e6);
        return;
      }
      add(w0, perSecond * (originUs + (w0 + 1) * windowUs - fromUs) / 1e6);
      if (w1 > w0 + 1) {
        addRun(w0 + 1, w1, perSecond * windowUs / 1e6);
      }
      add(w1, perSecond * (toUs - (originUs + w1 * windowUs)) / 1e6);
    }

    /** Adds every run of {@code v}, times {@code k}. */
    public void addAll(WindowValues v, double k) {
      v.forEachRun((a, b, x) -> addRun(a, b, x * k));
    }

    /** One past the last window anything was added to. */
    public long extent() {
      return extent;
    }

    /**
     * The series over {@code max(windows, extent())} windows. A running amount that returns to within 10⁻¹² of the
     * largest stretch's amount after its stretches end is zero (what adding and removing the same amount leaves in
     * floating point).
     */
    public WindowValues build(long windows) {
      long n = Math.max(windows, extent);
      Runs out = new Runs();
      double rate = 0;
      long pos = 0;
      double snap = 1e-12 * largestChange;
      for (Map.Entry<Long, double[]> e : pages.entrySet()) {
        long base = e.getKey() << PAGE_BITS;
        if (base >= n) {
          break;
        }
        out.add(pos, base, rate);
        double[] p = e.getValue();
        int end = (int) Math.min(PAGE, n - base);
        for (int i = 0; i < end; i++) {
          rate += p[2 * i + 1];
          if (Math.abs(rate) <= snap) {
            rate = 0;
          }
          out.add(base + i, base + i + 1, rate + p[2 * i]);
        }
        pos = base + end;
      }
      out.add(pos, n, rate);
      return out.build(n);
    }
  }

  /**
   * Collects integer amounts per window exactly — 128 bits per window, so no sum of products of a count and a
   * duration overflows — and reads each window's total as one correctly rounded double after scaling by a power of
   * ten (amounts in block·µs read as block·seconds with {@code decimalExponent} −6). Because integer addition is
   * exact, the series does not depend on the order amounts arrive in or on how a stretch of time is cut into
   * pieces: a replica that reports its occupancy once for an hour and one that reports it at every arrival give
   * the same bits. Memory as {@link Builder}: a page of 1,024 windows wherever something was added or a stretch
   * starts or ends.
   */
  public static final class ExactBuilder {
    private static final int PAGE_BITS = 10;
    private static final int PAGE = 1 << PAGE_BITS;
    /** Page → {own high, own low, change high, change low} per window, interleaved (two's-complement 128 bits). */
    private final Map<Long, long[]> pages = new TreeMap<>();
    private final int decimalExponent;
    private long lastPage = -1;
    private long[] last;
    private long extent;

    /** Amounts read as amount × 10^{@code decimalExponent}. */
    public ExactBuilder(int decimalExponent) {
      this.decimalExponent = decimalExponent;
    }

    private long[] page(long window) {
      if (window < 0) {
        throw new IllegalArgumentException("window " + window + " is before the period");
      }
      long p = window >>> PAGE_BITS;
      if (p != lastPage) {
        last = pages.computeIfAbsent(p, k -> new long[4 * PAGE]);
        lastPage = p;
      }
      return last;
    }

    /** Adds the 128-bit {@code hi:lo} to the slot at {@code i} (high word) and {@code i + 1} (low word). */
    private static void add128(long[] a, int i, long hi, long lo) {
      long sum = a[i + 1] + lo;
      a[i] += hi + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
      a[i + 1] = sum;
    }

    /** Adds {@code amount} to window {@code w} (w ≥ 0). */
    public void add(long w, long amount) {
      add(w, amount >> 63, amount);
    }

    private void add(long w, long hi, long lo) {
      add128(page(w), 4 * (int) (w & (PAGE - 1)), hi, lo);
      extent = Math.max(extent, w + 1);
    }

    /** Adds {@code perUs} × the µs of {@code [fromUs, toUs)} that fall in each window (see {@link Builder#spread}). */
    public void spread(long originUs, long windowUs, long fromUs, long toUs, long perUs) {
      if (toUs <= fromUs || perUs == 0) {
        return;
      }
      long w0 = Math.max(0, Math.floorDiv(fromUs - originUs, windowUs));
      long w1 = Math.max(0, Math.floorDiv(toUs - 1 - originUs, windowUs));
      if (w0 == w1) {
        addProduct(w0, perUs, toUs - fromUs);
        return;
      }
      addProduct(w0, perUs, originUs + (w0 + 1) * windowUs - fromUs);
      if (w1 > w0 + 1) {
        long hi = Math.multiplyHigh(perUs, windowUs);
        long lo = perUs * windowUs;
        add128(page(w0 + 1), 4 * (int) ((w0 + 1) & (PAGE - 1)) + 2, hi, lo);
        add128(page(w1), 4 * (int) (w1 & (PAGE - 1)) + 2, ~hi + (lo == 0 ? 1 : 0), -lo); // − (hi:lo)
      }
      addProduct(w1, perUs, toUs - (originUs + w1 * windowUs));
    }

    private void addProduct(long w, long a, long b) {
      add(w, Math.multiplyHigh(a, b), a * b);
    }

    /** One past the last window anything was added to. */
    public long extent() {
      return extent;
    }

    /** The series over {@code max(windows, extent())} windows, each window's exact total scaled and rounded once. */
    public WindowValues build(long windows) {
      long n = Math.max(windows, extent);
      Runs out = new Runs();
      long rateHi = 0;
      long rateLo = 0;
      double rate = 0;
      long pos = 0;
      long[] sum = new long[2];
      for (Map.Entry<Long, long[]> e : pages.entrySet()) {
        long base = e.getKey() << PAGE_BITS;
        if (base >= n) {
          break;
        }
        out.add(pos, base, rate);
        long[] p = e.getValue();
        int end = (int) Math.min(PAGE, n - base);
        for (int i = 0; i < end; i++) {
          sum[0] = rateHi;
          sum[1] = rateLo;
          add128(sum, 0, p[4 * i + 2], p[4 * i + 3]);
          rateHi = sum[0];
          rateLo = sum[1];
          rate = scaled(rateHi, rateLo);
          add128(sum, 0, p[4 * i], p[4 * i + 1]);
          out.add(base + i, base + i + 1, scaled(sum[0], sum[1]));
        }
        pos = base + end;
      }
      out.add(pos, n, rate);
      return out.build(n);
    }

    /** {@code hi:lo} × 10^exponent, rounded once to the nearest double. */
    private double scaled(long hi, long lo) {
      if (hi == lo >> 63) { // fits in a long
        if (lo == 0) {
          return 0;
        }
        return new BigDecimal(BigInteger.valueOf(lo), -decimalExponent).doubleValue();
      }
      BigInteger v = BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
      return new BigDecimal(v, -decimalExponent).doubleValue();
    }
  }

  /** Runs in window order, neighbours with the same value merged. */
  private static final class Runs {
    private long[] from = new long[16];
    private long[] to = new long[16];
    private double[] value = new double[16];
    private int n;

    void add(long a, long b, double v) {
      if (b <= a || v == 0) {
        return;
      }
      if (n > 0 && to[n - 1] == a && value[n - 1] == v) {
        to[n - 1] = b;
        return;
      }
      if (n == from.length) {
        from = Arrays.copyOf(from, 2 * n);
        to = Arrays.copyOf(to, 2 * n);
        value = Arrays.copyOf(value, 2 * n);
      }
      from[n] = a;
      to[n] = b;
      value[n++] = v;
    }

    WindowValues build(long windows) {
      return new WindowValues(windows, Arrays.copyOf(from, n), Arrays.copyOf(to, n), Arrays.copyOf(value, n));
    }
  }
}
