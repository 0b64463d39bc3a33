package io.replaygate.costmodel.ledger;

import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.pricing.TokenCounts;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Usage per path and time window, written by the replay, read by the cost model. Windows are
 * {@code windowUs} long [5 minutes] from {@code originUs}; the ledger spans {@link #windows()} windows,
 * which is also the trace duration used to prorate monthly figures. Memory grows with distinct cells
 * (path × window × tenant × model path × target), not with requests, and not with windows without traffic; all but
 * the latest few thousand cells are packed, at about a fifth of their size as objects ({@link SealedCells}), and a
 * ledger given a spill directory writes the packed cells there, so its heap does not grow with the trace at all.
 */
public final class UsageLedger implements AutoCloseable {
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
  /** The order {@link #orderedCells} gives: path, window, tenant, model path, target, fallback. */
  private static final Comparator<CellKey> ORDER = Comparator.comparing(CellKey::path)
      .thenComparingLong(CellKey::window).thenComparing(CellKey::tenant).thenComparing(CellKey::modelPath)
      .thenComparing(CellKey::target).thenComparing(CellKey::fallback);
  /**
   * Cells added since the last seal, by key, gathered unordered (a request per add: a tree's six-field comparisons per
   * level were a path's largest bookkeeping cost on a week) and put in {@link #ORDER} when read.
   */
  private final Map<CellKey, TargetUsage> cells = new HashMap<>();
  /**
   * Earlier cells, {@link #SEAL_CELLS} at a time, sorted and packed ({@link SealedCells}): the cells grow with the
   * trace's length (a month's 5-minute windows × tenants × model paths × targets) and packed they take a fifth of
   * the memory. A key may be in several batches and among the open cells; reading sums them.
   */
  private final List<SealedCells> sealed = new ArrayList<>();
  /** Where sealed batches go when they leave the heap; null keeps them on it. */
  private final Path spillDir;
  /** The spill file, created at the first seal. */
  private SpillFile spill;
  /**
   * Cells gathered before they are packed [4,096: about 0.8 MB as objects (a cell with its key, usage, token counts
   * and map node is ~200 bytes) per ledger, and a run has one per path. At 16,384 the six default paths' open cells
   * were about 11 MB at the 10M week's peak against 4 MB at a million of its requests'. The batches a month of the
   * bundled workload leaves are then ~400 to merge when read, each through its own 16 KiB buffer].
   */
  static final int SEAL_CELLS = 1 << 12;
  /** Each distinct name once (a trace's reader makes a string per record), by id: a packed cell holds ids. */
  private final Map<String, Integer> nameIds = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  /** The paths with cells, canonical (an add per request: hashed, the name's instance compared first). */
  private final Set<String> cellPaths = new HashSet<>();
  private final Map<String, Map<Long, Long>> egressBytes = new TreeMap<>();
  private final List<ReplicaLifetime> replicas = new ArrayList<>();

  /**
   * @param originUs start of window 0 (the trace's first arrival, or the day's start)
   * @param windowUs window length in µs
   * @param endUs    end of the replayed period (exclusive); sets the number of windows
   */
  public UsageLedger(long originUs, long windowUs, long endUs) {
    this(originUs, windowUs, endUs, null);
  }

  /**
   * A ledger whose sealed cells are written to a file in {@code spillDir} (null: kept on the heap) and read back from
   * it. A replay's ledgers spill: the 10M week's six default paths hold 84,500–111,262 cells each, 572,331 in all,
   * packed at 20–45 bytes each (the week's peak live heap fell from 681 to 670 MiB when they left it); a month
   * would quadruple them. The file has no name once open (see {@link SpillFile}) and goes at {@link #close()}, or
   * with the ledger.
   */
  public UsageLedger(long originUs, long windowUs, long endUs, Path spillDir) {
    if (windowUs <= 0) {
      throw new IllegalArgumentException("window must be positive");
    }
    this.originUs = originUs;
    this.windowUs = windowUs;
    this.spillDir = spillDir;
    this.windows = Math.max(1, ceilDiv(endUs - originUs, windowUs));
  }

  /**
   * Gives back the spill file, its descriptor and its disk space, now rather than when the ledger is collected (a
   * process that replays many times, as {@code plan} does, or whose run failed). The sealed cells can no longer be
   * read; a ledger without a spill file has nothing to close.
   */
  @Override
  public void close() {
    if (spill != null) {
      spill.close();
    }
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
    CellKey key = new CellKey(canonical(path), windowOf(timeUs), tenant == null ? "" : canonical(tenant),
        canonical(modelPath), canonical(target), fallback);
    TargetUsage u = new TargetUsage(requests, standard, longContext, storageTokenHours, tier);
    cells.merge(key, u, TargetUsage::plus);
    cellPaths.add(key.path());
    if (cells.size() >= SEAL_CELLS) {
      seal();
    }
  }

  /**
   * One instance per distinct name: a trace's reader makes a string per record (and a cluster path its target's per
   * request), and each new cell would otherwise keep its own copy.
   */
  private String canonical(String name) {
    return names.get(idOf(name));
  }

  /** The name's id, given one the first time it is seen (null is a name too). */
  private int idOf(String name) {
    Integer id = nameIds.get(name);
    if (id == null) {
      id = names.size();
      nameIds.put(name, id);
      names.add(name);
    }
    return id;
  }

  /** Batches sealed so far (tests). */
  int sealedBatches() {
    return sealed.size();
  }

  /** Bytes per sealed cell, on average (tests). */
  double packedBytesPerCell() {
    long bytes = 0;
    long n = 0;
    for (SealedCells c : sealed) {
      bytes += c.bytes();
      n += c.cells();
    }
    return (double) bytes / n;
  }

  /** Bytes of sealed cells on the heap (tests): all of them, or none when the ledger spills. */
  long heapSealedBytes() {
    return sealed.stream().mapToLong(SealedCells::heapBytes).sum();
  }

  /** Packs the open cells into a batch, and spills it when the ledger has a spill directory. */
  private void seal() {
    List<Map.Entry<CellKey, TargetUsage>> sorted = new ArrayList<>(cells.entrySet());
    sorted.sort(Map.Entry.comparingByKey(ORDER));
    if (spill == null && spillDir != null) {
      spill = SpillFile.in(spillDir);
    }
    sealed.add(SealedCells.of(sorted, this::idOf, spill));
    cells.clear();
  }

  /**
   * Every cell once, in a stable order (path, window, tenant, model path, target, fallback), a key's usage summed over
   * the batches it is in: the sealed batches and the open cells merged as they are read, none of them copied. Each
   * iteration reads them afresh.
   */
  public Iterable<Map.Entry<CellKey, TargetUsage>> orderedCells() {
    return Merge::new;
  }

  /** The k-way merge behind {@link #orderedCells}. */
  private final class Merge implements Iterator<Map.Entry<CellKey, TargetUsage>> {
    private final PriorityQueue<Source> heads =
        new PriorityQueue<>((a, b) -> ORDER.compare(a.key, b.key));

    Merge() {
      for (SealedCells s : sealed) {
        offer(new Source(s.iterator(names::get)));
      }
      List<Map.Entry<CellKey, TargetUsage>> open = new ArrayList<>(cells.entrySet());
      open.sort(Map.Entry.comparingByKey(ORDER));
      offer(new Source(open.iterator()));
    }

    private void offer(Source s) {
      if (s.advance()) {
        heads.add(s);
      }
    }

    @Override
    public boolean hasNext() {
      return !heads.isEmpty();
    }

    @Override
    public Map.Entry<CellKey, TargetUsage> next() {
      if (heads.isEmpty()) {
        throw new NoSuchElementException();
      }
      Source s = heads.poll();
      CellKey key = s.key;
      TargetUsage sum = s.usage;
      offer(s);
      while (!heads.isEmpty() && ORDER.compare(heads.peek().key, key) == 0) {
        Source t = heads.poll();
        sum = sum.plus(t.usage);
        offer(t);
      }
      return Map.entry(key, sum);
    }
  }

  /** One sorted stream of cells in the merge, and its current cell. */
  private static final class Source {
    private final Iterator<Map.Entry<CellKey, TargetUsage>> cells;
    private CellKey key;
    private TargetUsage usage;

    Source(Iterator<Map.Entry<CellKey, TargetUsage>> cells) {
      this.cells = cells;
    }

    /** Moves to the next cell; false past the last. */
    boolean advance() {
      if (!cells.hasNext()) {
        return false;
      }
      Map.Entry<CellKey, TargetUsage> e = cells.next();
      key = e.getKey();
      usage = e.getValue();
      return true;
    }
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

  /**
   * Every cell, in {@link #orderedCells}'s order, as one map: a copy of them all (tests, small ledgers); a replay's
   * outputs read them with {@link #orderedCells}.
   */
  public Map<CellKey, TargetUsage> cells() {
    Map<CellKey, TargetUsage> m = new LinkedHashMap<>();
    for (Map.Entry<CellKey, TargetUsage> e : orderedCells()) {
      m.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(m);
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
    Set<String> out = new TreeSet<>(cellPaths);
    out.addAll(egressBytes.keySet());
    replicas.forEach(r -> out.add(r.path()));
    return List.copyOf(out);
  }
}
