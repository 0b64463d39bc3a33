package io.replaygate.replay.byoc;

import io.replaygate.costmodel.ledger.WindowValues;

/**
 * One deployment's figures per ledger window (the rows of {@code cluster.parquet}), accumulated as the
 * simulation runs. Occupancies are integrals (blocks × seconds), divided by capacity × seconds when read. Each field
 * is kept as runs ({@link WindowValues}): memory grows with the windows that hold traffic and where replicas start
 * and stop, not with the span.
 *
 * <p>The time integrals ({@link #REPLICA_SECONDS} through {@link #POOL_CAPACITY_BLOCK_SECONDS}: a whole count
 * — replicas, GPUs, blocks — times µs) are kept exactly as integers ({@link WindowValues.ExactBuilder}) and read in
 * seconds, so a figure does not depend on how the simulation cut time into pieces: a replica left idle for an hour
 * and reported once adds the same bits as one reported at every arrival. The rest (counts, and work seconds from the
 * step-time model) are doubles.
 */
public final class WindowSeries {
  public static final int REPLICA_SECONDS = 0;
  public static final int PROVISIONED_GPU_SECONDS = 1;
  public static final int BUSY_GPU_SECONDS = 2;
  public static final int GPU_BLOCK_SECONDS = 3;
  public static final int GPU_CAPACITY_BLOCK_SECONDS = 4;
  public static final int HOST_BLOCK_SECONDS = 5;
  public static final int HOST_CAPACITY_BLOCK_SECONDS = 6;
  public static final int POOL_BLOCK_SECONDS = 7;
  public static final int POOL_CAPACITY_BLOCK_SECONDS = 8;
  public static final int REQUESTS = 9;
  public static final int PROMPT_TOKENS = 10;
  public static final int GPU_HIT_TOKENS = 11;
  public static final int HOST_HIT_TOKENS = 12;
  public static final int POOL_HIT_TOKENS = 13;
  public static final int TURNED_AWAY = 14;
  /** Work served, replica-seconds at saturation ({@link ClusterDefaults#workSeconds}), by arrival. */
  public static final int WORK_SECONDS = 15;
  public static final int FIELDS = 16;
  /** Fields below this one are integrals kept exactly, in whole units × µs. */
  private static final int EXACT_FIELDS = 9;

  private final long originUs;
  private final long windowUs;
  private final WindowValues.ExactBuilder[] exact = new WindowValues.ExactBuilder[EXACT_FIELDS];
  private final WindowValues.Builder[] fields = new WindowValues.Builder[FIELDS];
  private final WindowValues[] built = new WindowValues[FIELDS];
  private int windows;
  /*
   * Each integral field's amounts inside one window — the open one, [openFromUs, openToUs) — gathered before they
   * reach its builder: a run's reports mostly fall in the window the last one did (every replica reports up to the
   * same arrivals), and the sums are exact, so gathering gives the same bits as adding each report at once.
   */
  private final int[] openWindow = new int[EXACT_FIELDS];
  private final long[] openFromUs = new long[EXACT_FIELDS];
  private final long[] openToUs = new long[EXACT_FIELDS];
  private final long[] gathered = new long[EXACT_FIELDS];

  WindowSeries(long originUs, long windowUs) {
    this.originUs = originUs;
    this.windowUs = windowUs;
    for (int f = 0; f < EXACT_FIELDS; f++) {
      exact[f] = new WindowValues.ExactBuilder(-6);
      openFromUs[f] = 1; // none open
    }
    for (int f = EXACT_FIELDS; f < FIELDS; f++) {
      fields[f] = new WindowValues.Builder();
    }
  }

  int windowOf(long us) {
    return (int) Math.max(0, Math.floorDiv(us - originUs, windowUs));
  }

  /** The end of the window holding {@code us} (a time before the origin is in window 0). */
  long windowEndUs(long us) {
    return originUs + (windowOf(us) + 1L) * windowUs;
  }

  void add(int field, long us, double amount) {
    add(field, windowOf(us), amount);
  }

  void add(int field, int window, double amount) {
    fields[field].add(window, amount);
    built[field] = null;
    windows = Math.max(windows, window + 1);
  }

  /** Adds {@code unitMicros} (whole units × µs, at least 0) to an integral field's window holding {@code atUs}. */
  void addExact(int field, long atUs, long unitMicros) {
    if (atUs < openFromUs[field] || atUs >= openToUs[field]) {
      open(field, windowOf(atUs));
    }
    if (!gather(field, unitMicros)) {
      flush(field);
      gathered[field] = unitMicros;
    }
  }

  /**
   * Adds {@code units} (at least 0) × the µs of {@code [fromUs, toUs)} to an integral field, split over the windows
   * the stretch covers ({@link WindowValues.ExactBuilder#spread}).
   */
  void spread(int field, long fromUs, long toUs, long units) {
    if (toUs <= fromUs) {
      return;
    }
    long us = toUs - fromUs;
    boolean inOpen = fromUs >= openFromUs[field] && toUs <= openToUs[field];
    if (!inOpen && windowOf(fromUs) == windowOf(toUs - 1)) {
      open(field, windowOf(fromUs));
      inOpen = true;
    }
    if (inOpen && Math.multiplyHigh(units, us) == 0 && units * us >= 0 && gather(field, units * us)) {
      return;
    }
    exact[field].spread(originUs, windowUs, fromUs, toUs, units);
    built[field] = null;
    windows = Math.max(windows, Math.toIntExact(exact[field].extent()));
  }

  /** Adds {@code amount} (at least 0) to what the open window gathered, unless the sum would overflow. */
  private boolean gather(int field, long amount) {
    long sum = gathered[field] + amount;
    if (sum < 0) {
      return false;
    }
    gathered[field] = sum;
    return true;
  }

  /** Makes window {@code w} the field's open one (what the last one gathered goes to its builder). */
  private void open(int field, int w) {
    flush(field);
    openWindow[field] = w;
    openFromUs[field] = w == 0 ? Long.MIN_VALUE : windowStartUs(w); // a time before the origin counts in window 0
    openToUs[field] = originUs + (w + 1) * windowUs;
  }

  private void flush(int field) {
    if (gathered[field] != 0) {
      exact[field].add(openWindow[field], gathered[field]);
      gathered[field] = 0;
      built[field] = null;
      windows = Math.max(windows, openWindow[field] + 1);
    }
  }

  private void flushAll() {
    for (int f = 0; f < EXACT_FIELDS; f++) {
      flush(f);
    }
  }

  /** One field per window, as runs. */
  public WindowValues values(int field) {
    flushAll(); // every field's windows count towards the period
    WindowValues v = built[field];
    if (v == null || v.windows() != windows) {
      v = built[field] = field < EXACT_FIELDS ? exact[field].build(windows) : fields[field].build(windows);
    }
    return v;
  }

  public double get(int window, int field) {
    return values(field).get(window);
  }

  public int windows() {
    flushAll();
    return windows;
  }

  public long windowStartUs(int w) {
    return originUs + w * windowUs;
  }

  public double total(int field) {
    return values(field).total();
  }
}
