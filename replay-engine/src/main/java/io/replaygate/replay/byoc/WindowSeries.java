package io.replaygate.replay.byoc;

import java.util.Arrays;

/**
 * One deployment's figures per ledger window (the rows of {@code cluster.parquet}), accumulated as the
 * simulation runs. Occupancies are integrals (blocks × seconds), divided by capacity × seconds when read.
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

  private final long originUs;
  private final long windowUs;
  private double[] v = new double[FIELDS * 16];
  private int windows;

  WindowSeries(long originUs, long windowUs) {
    this.originUs = originUs;
    this.windowUs = windowUs;
  }

  int windowOf(long us) {
    return (int) Math.max(0, Math.floorDiv(us - originUs, windowUs));
  }

  void add(int field, long us, double amount) {
    add(field, windowOf(us), amount);
  }

  void add(int field, int window, double amount) {
    if ((window + 1) * FIELDS > v.length) {
      v = Arrays.copyOf(v, Math.max(v.length * 2, (window + 1) * FIELDS));
    }
    v[window * FIELDS + field] += amount;
    windows = Math.max(windows, window + 1);
  }

  /** Spreads {@code rate} × duration over the windows {@code [fromUs, toUs)} covers. */
  void spread(int field, long fromUs, long toUs, double rate) {
    long t = fromUs;
    while (t < toUs) {
      int w = windowOf(t);
      long end = Math.min(toUs, originUs + (w + 1) * windowUs);
      add(field, w, rate * (end - t) / 1e6);
      t = end;
    }
  }

  public double get(int window, int field) {
    return window < windows ? v[window * FIELDS + field] : 0;
  }

  public int windows() {
    return windows;
  }

  public long windowStartUs(int w) {
    return originUs + w * windowUs;
  }

  public double total(int field) {
    double t = 0;
    for (int w = 0; w < windows; w++) {
      t += get(w, field);
    }
    return t;
  }
}
