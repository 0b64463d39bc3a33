package io.replaygate.trace.profile;

import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One pass over a trace that gathers what {@code replaygate inspect} shows. Definitions:
 * <ul>
 *   <li><b>span</b>: last arrival − first arrival; <b>arrival rate</b>: (records − 1) ÷ span (per second),
 *       the mean rate between the first and the last arrival; <b>peak minute</b>: the most arrivals in one
 *       calendar minute of the trace clock;</li>
 *   <li><b>percentiles</b> of token counts: HdrHistogram with 3 significant digits (a value is exact to
 *       within 0.1%); mean and sum are exact;</li>
 *   <li><b>blocks</b>: all block hashes over all records; <b>unique blocks</b>: distinct hash values, exact up
 *       to a limit of distinct values ({@link DistinctCount#DEFAULT_EXACT_LIMIT} by default), then a HyperLogLog
 *       estimate with its relative standard error ({@code unique_blocks_error}, 0.81%; 0 when exact);
 *       <b>records without block hashes</b>: records whose prompt was not recorded (caching cannot be simulated
 *       for them);
 *       <b>block reuse</b>: 1 − unique ÷ blocks, the share of blocks seen before somewhere in the trace
 *       (an upper bound on any cache's block hit ratio);</li>
 *   <li><b>shares</b> of a model path: its records ÷ all records, its input tokens ÷ all input tokens.</li>
 * </ul>
 * Memory grows with distinct sessions, tenants, model paths and blocks, not with records.
 */
public final class TraceProfile {
  private final Histogram input = new Histogram(3);
  private final Histogram output = new Histogram(3);
  private final DistinctCount uniqueBlocks;
  private final Set<String> sessions = new HashSet<>();
  private final Set<String> tenants = new HashSet<>();
  private final Map<String, long[]> paths = new HashMap<>();
  private final Map<String, Long> statuses = new TreeMap<>();
  private final Map<Long, Long> perMinute = new HashMap<>();
  private long records;
  private long withoutHashes;
  /** Records per recorded (provider, model): at most {@value #MAX_MODELS} pairs are kept. */
  private final Map<List<String>, Long> models = new java.util.TreeMap<>(java.util.Comparator
      .comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
  static final int MAX_MODELS = 10_000;
  private long first = Long.MAX_VALUE;
  private long last = Long.MIN_VALUE;
  private long inputSum;
  private long outputSum;
  private long cachedSum;
  private long cacheWriteSum;
  private long withObservedCache;
  private long blocks;
  private long peakMinuteCount;

  public TraceProfile() {
    this(DistinctCount.DEFAULT_EXACT_LIMIT);
  }

  /** A profile counting unique blocks exactly up to {@code exactBlocks} distinct ones, then by sketch. */
  public TraceProfile(long exactBlocks) {
    this.uniqueBlocks = new DistinctCount(exactBlocks);
  }

  /** Reads the whole trace and returns its summary; closes the reader. */
  public static Summary of(TraceReader reader) {
    return of(reader, DistinctCount.DEFAULT_EXACT_LIMIT);
  }

  /** As {@link #of(TraceReader)}, counting unique blocks exactly up to {@code exactBlocks} distinct ones. */
  public static Summary of(TraceReader reader, long exactBlocks) {
    try (reader) {
      TraceProfile p = new TraceProfile(exactBlocks);
      while (reader.hasNext()) {
        p.add(reader.next());
      }
      return p.summary(reader.metadata());
    }
  }

  public void add(TraceRecord r) {
    records++;
    first = Math.min(first, r.arrivalUs());
    last = Math.max(last, r.arrivalUs());
    input.recordValue(Math.max(0, r.inputTokens()));
    output.recordValue(Math.max(0, r.outputTokens()));
    inputSum += r.inputTokens();
    outputSum += r.outputTokens();
    if (r.cachedTokens() != null || r.cacheWriteTokens() != null) {
      withObservedCache++;
      cachedSum += r.cachedTokens() == null ? 0 : r.cachedTokens();
      cacheWriteSum += r.cacheWriteTokens() == null ? 0 : r.cacheWriteTokens();
    }
    if (r.blockHashes() == null || r.blockHashes().length == 0) {
      withoutHashes++;
    } else {
      blocks += r.blockHashes().length;
      for (long h : r.blockHashes()) {
        uniqueBlocks.add(h);
      }
    }
    if (r.sessionId() != null) {
      sessions.add(r.sessionId());
    }
    if (r.tenant() != null) {
      tenants.add(r.tenant());
    }
    if (r.model() != null && (models.size() < MAX_MODELS || models.containsKey(modelKey(r)))) {
      models.merge(modelKey(r), 1L, Long::sum);
    }
    long[] path = paths.computeIfAbsent(r.modelPath(), k -> new long[2]);
    path[0]++;
    path[1] += r.inputTokens();
    statuses.merge(r.status() == null ? "unknown" : r.status(), 1L, Long::sum);
    long minute = Math.floorDiv(r.arrivalUs(), 60_000_000L);
    long c = perMinute.merge(minute, 1L, Long::sum);
    peakMinuteCount = Math.max(peakMinuteCount, c);
    if (perMinute.size() > 4096) {
      // Arrivals are ordered, so minutes well behind the newest can be dropped (keeps memory flat).
      perMinute.keySet().removeIf(m -> m < minute - 2);
    }
  }

  public Summary summary(TraceMetadata metadata) {
    double spanS = records == 0 ? 0 : (last - first) / 1e6;
    List<PathShare> shares = new ArrayList<>();
    paths.forEach((name, v) -> shares.add(new PathShare(name, v[0], records == 0 ? 0 : (double) v[0] / records,
        v[1], inputSum == 0 ? 0 : (double) v[1] / inputSum)));
    shares.sort(Comparator.comparingLong(PathShare::records).reversed().thenComparing(PathShare::modelPath));
    return new Summary(metadata.toProperties(), metadata.capabilities().names(), records,
        records == 0 ? null : first, records == 0 ? null : last, spanS,
        spanS > 0 ? (records - 1) / spanS : 0, peakMinuteCount,
        Tokens.of(input, inputSum, records), Tokens.of(output, outputSum, records),
        withObservedCache, cachedSum, cacheWriteSum,
        sessions.size(), tenants.size(), blocks, uniqueBlocks.count(), uniqueBlocks.relativeError(),
        blocks == 0 ? 0 : Math.max(0, 1.0 - (double) uniqueBlocks.count() / blocks), withoutHashes, shares,
        new LinkedHashMap<>(statuses), models.entrySet().stream()
            .map(e -> new RecordedModel(e.getKey().get(0), e.getKey().get(1), e.getValue())).toList());
  }

  /** Token-count distribution. */
  public record Tokens(long sum, double mean, long p50, long p90, long p99, long max) {
    static Tokens of(Histogram h, long sum, long n) {
      if (n == 0) {
        return new Tokens(0, 0, 0, 0, 0, 0);
      }
      return new Tokens(sum, (double) sum / n, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
          h.getValueAtPercentile(99), h.getMaxValue());
    }
  }

  /** One model path's share of the trace. */
  private static List<String> modelKey(TraceRecord r) {
    return List.of(r.provider() == null ? "" : r.provider(), r.model());
  }

  /** A model string as the trace recorded it, with its provider (empty when none) and how many records carry it. */
  public record RecordedModel(String provider, String model, long records) {}

  public record PathShare(String modelPath, long records, double recordShare, long inputTokens, double inputShare) {}

  /** What {@code inspect} reports (field meanings in {@link TraceProfile}). */
  public record Summary(
      Map<String, String> metadata,
      List<String> capabilities,
      long records,
      Long firstArrivalUs,
      Long lastArrivalUs,
      double spanSeconds,
      double arrivalRatePerSecond,
      long peakArrivalsPerMinute,
      Tokens inputTokens,
      Tokens outputTokens,
      long recordsWithObservedCache,
      long cachedTokens,
      long cacheWriteTokens,
      long sessions,
      long tenants,
      long blocks,
      long uniqueBlocks,
      double uniqueBlocksError,
      double blockReuse,
      long recordsWithoutBlockHashes,
      List<PathShare> modelPaths,
      Map<String, Long> statuses,
      List<RecordedModel> recordedModels) {}
}
