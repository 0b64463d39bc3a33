package io.replaygate.costmodel.ledger;

import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.pricing.TokenCounts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage per path and time window, written by the replay, read by the cost model. Windows are
 * {@code windowUs} long [5 minutes] from {@code originUs}; the ledger spans {@link #windows()} windows,
 * which is also the trace duration used to prorate monthly figures. Memory grows with distinct cells
 * (path × window × tenant × model path × target), not with requests, and not with windows without traffic.
 */
public final class UsageLedger {
  /** The default window: 5 minutes. */
  public static final long DEFAULT_WINDOW_US = 5 * 60 * 1_000_000L;

  /**
   * The most windows a replayed period may have (131,072: a year of 4-minute windows). Memory does not depend on it
   * (cost and cluster series are kept as runs, {@link WindowValues}: a quiet stretch is one run), but the per-window
   * tables do: {@code costs.parquet}, {@code windows.parquet} and {@code cluster.parquet} have a row per window that
   * costs anything (a provisioned cluster costs in every window), and the savings bootstrap draws blocks over every
   * window. The bound keeps those outputs and that time in proportion whatever span and window a trace and a
   * scenario combine.
   */
  public static final long MAX_WINDOWS = 1L << 17;

  private final long originUs;
  private final long windowUs;
  private long periodEndUs;
  private long windows;
  /** The order {@link #cells} gives: path, window, tenant, model path, target, fallback. */
  private static final java.util.Comparator<CellKey> ORDER = java.util.Comparator.comparing(CellKey::path)
      .thenComparingLong(CellKey::window).thenComparing(CellKey::tenant).thenComparing(CellKey::modelPath)
      .thenComparing(CellKey::target).thenComparing(CellKey::fallback);
  /**
   * Cells by key, gathered unordered (a request per add: a tree's six-field comparisons per level were a path's
   * largest bookkeeping cost on a week) and put in {@link #ORDER} when read; each cell's sum is added in the same
   * order either way.
   */
  private final Map<CellKey, TargetUsage> cells = new java.util.HashMap<>();
  private Map<CellKey, TargetUsage> ordered;
  private final Map<String, String> names = new java.util.HashMap<>();
  private final Map<String, Map<Long, Long>> egressBytes = new TreeMap<>();
  private final List<ReplicaLifetime> replicas = new ArrayList<>();

  /**
   * @param originUs start of window 0 (the trace's first arrival, or the day's start)
   * @param windowUs window length in µs
   * @param endUs    end of the replayed period (exclusive); sets the number of windows
   */
  public UsageLedger(long originUs, long windowUs, long endUs) {
    if (windowUs <= 0) {
      throw new IllegalArgumentException("window must be positive");
    }
    this.originUs = originUs;
    this.windowUs = windowUs;
    this.windows = Math.max(1, ceilDiv(endUs - originUs, windowUs));
  }

  private static long ceilDiv(long a, long b) {
    return a <= 0 ? 0 : (a + b - 1) / b;
  }

  public long originUs() {
    return originUs;
  }

  public long windowUs() {
    return windowUs;
  }

  /** Number of windows: the replayed period, for prorating. */
  public long windows() {
    return windows;
  }

  /**
   * Fixes the replayed period to the trace's span: from the ledger's origin (the first arrival) to
   * {@code lastArrivalUs}, at least one window — the same figure for every path of a replay. Usage after it
   * (a cluster draining its last requests) stays in the ledger and is billed, but does not lengthen the
   * period that prorating and projections divide by.
   */
  public void setPeriodEnd(long lastArrivalUs) {
    periodEndUs = originUs + Math.max(windowUs, lastArrivalUs - originUs);
    windows = Math.max(windows, ceilDiv(periodEndUs - originUs, windowUs));
  }

  /** End of the replayed period, µs: {@link #setPeriodEnd}'s, else the last window's end. */
  public long periodEndUs() {
    return periodEndUs > 0 ? periodEndUs : originUs + windows * windowUs;
  }

  /**
   * The replayed period in hours: the trace's span when {@link #setPeriodEnd} was called (one figure for
   * every path), else every window with usage.
   */
  public double hours() {
    return (periodEndUs() - originUs) / 3.6e9;
  }

  /** The window a time falls in (times after the declared end extend the ledger). */
  public long windowOf(long timeUs) {
    long w = Math.floorDiv(timeUs - originUs, windowUs);
    if (w < 0) {
      throw new IllegalArgumentException("time " + timeUs + " is before the ledger's origin " + originUs);
    }
    windows = Math.max(windows, w + 1);
    return w;
  }

  /** Records tokens served by {@code target} for one or more requests. */
  public void add(String path, long timeUs, String tenant, String modelPath, String target, boolean fallback,
      ServiceTier tier, long requests, TokenCounts standard, TokenCounts longContext, BigDecimal storageTokenHours) {
    CellKey key = new CellKey(path, windowOf(timeUs), tenant == null ? "" : canonical(tenant), canonical(modelPath),
        canonical(target), fallback);
    TargetUsage u = new TargetUsage(requests, standard, longContext, storageTokenHours, tier);
    cells.merge(key, u, TargetUsage::plus);
    ordered = null;
  }

  /**
   * One instance per distinct name: a trace's reader makes a string per record (and a cluster path its target's per
   * request), and each new cell would otherwise keep its own copy.
   */
  private String canonical(String name) {
    return name == null ? null : names.computeIfAbsent(name, n -> n);
  }

  public void addEgress(String path, long timeUs, long bytes) {
    egressBytes.computeIfAbsent(path, k -> new TreeMap<>()).merge(windowOf(timeUs), bytes, Long::sum);
  }

  public void addReplica(ReplicaLifetime replica) {
    windowOf(replica.startUs());
    if (replica.endUs() > replica.startUs()) {
      windowOf(replica.endUs() - 1);
    }
    replicas.add(replica);
  }

  /** Every cell, in a stable order (path, window, tenant, model path, target). */
  public Map<CellKey, TargetUsage> cells() {
    if (ordered == null) {
      Map<CellKey, TargetUsage> m = new TreeMap<>(ORDER);
      m.putAll(cells);
      ordered = Collections.unmodifiableMap(m);
    }
    return ordered;
  }

  /** Egress bytes of a path by window. */
  public Map<Long, Long> egress(String path) {
    return Collections.unmodifiableMap(egressBytes.getOrDefault(path, Map.of()));
  }

  /** Replica lifetimes of a path. */
  public List<ReplicaLifetime> replicas(String path) {
    return replicas.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** The paths that have any usage. */
  public List<String> paths() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    cells.keySet().forEach(k -> out.add(k.path()));
    out.addAll(egressBytes.keySet());
    replicas.forEach(r -> out.add(r.path()));
    return List.copyOf(out);
  }
}
