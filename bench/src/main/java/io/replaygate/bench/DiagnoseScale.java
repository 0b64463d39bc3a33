package io.replaygate.bench;

import io.replaygate.datasets.GenerationSpec;
import io.replaygate.datasets.Workloads;
import io.replaygate.replay.diagnose.ReuseCurve;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run diagnose}: the one-pass stack-distance curve beside the brute force it replaces — an LRU
 * simulated once per capacity — over a generated mix trace held in memory, at six capacities; both give the
 * same figures (checked here), and the ratio is the point. {@code DiagnoseScale [REQUESTS]} (default 200,000).
 *
 * <p>{@code DiagnoseScale stream REQUESTS [LIMIT [compare]]} streams a generated mix week of that many requests
 * through the curve with an exact limit of LIMIT distinct blocks (default {@link ReuseCurve.Sampling#DEFAULTS}:
 * beyond it the curve is SHARDS-sampled and its memory bounded) beside the generator drained alone, and prints
 * requests/s, block references/s, distinct blocks and the heap in use at the end; {@code compare} also runs the
 * curve exact throughout and prints both ceilings and three capacities side by side.
 */
public final class DiagnoseScale {
  private DiagnoseScale() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("stream")) {
      stream(args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 10_000_000L,
          args.length > 2 ? Long.parseLong(args[2].replace("_", "")) : ReuseCurve.Sampling.DEFAULTS.maxExactBlocks(),
          args.length > 3 && args[3].equals("compare"));
      return;
    }
    long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 200_000L;
    List<TraceRecord> trace = new ArrayList<>();
    GenerationSpec spec = new GenerationSpec(null, n, 2.0, 1, Instant.parse("2026-01-05T05:00:00Z"),
        ZoneId.of("America/New_York"), 512);
    try (TraceReader r = Workloads.open("mix", spec, Map.of())) {
      r.forEachRemaining(trace::add);
    }
    long blocks = trace.stream().mapToLong(TraceRecord::blockCount).sum();
    long[] caps = {1_000, 10_000, 30_000, 50_000, 100_000, Long.MAX_VALUE};
    long t0 = System.nanoTime();
    ReuseCurve curve = new ReuseCurve(512);
    trace.forEach(curve::add);
    double[] fast = new double[caps.length];
    for (int i = 0; i < caps.length; i++) {
      fast[i] = curve.at(caps[i]).blockHitRatio();
    }
    double curveS = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    for (int i = 0; i < caps.length; i++) {
      double slow = bruteForce(trace, caps[i]);
      if (Math.abs(slow - fast[i]) > 1e-12) {
        throw new AssertionError("curve and brute force disagree at " + caps[i] + ": " + fast[i] + " vs " + slow);
      }
    }
    double bruteS = (System.nanoTime() - t1) / 1e9;
    System.out.printf(Locale.US, "diagnose curve: %,d requests, %,d blocks (512-token), %,d distinct%n", trace.size(),
        blocks, curve.distinctBlocks());
    System.out.printf(Locale.US, "  stack distances, one pass, all capacities  %7.2f s  %,12.0f requests/s%n", curveS,
        trace.size() / curveS);
    System.out.printf(Locale.US, "  brute-force LRU, one pass per capacity (6) %7.2f s  %,12.0f requests/s%n", bruteS,
        trace.size() / bruteS);
    System.out.printf(Locale.US, "  ratio (brute force time ÷ curve time): %.1f×, same figures at all six capacities%n",
        bruteS / curveS);
  }

  static void stream(long n, long limit, boolean compare) throws Exception {
    GenerationSpec spec = new GenerationSpec(168.0, null, n / (168 * 3600.0), 20260105, Instant.parse("2026-01-05T05:00:00Z"),
        ZoneId.of("America/New_York"), 512);
    long t0 = System.nanoTime();
    long drained;
    try (TraceReader r = Workloads.open("mix", spec, Map.of())) {
      drained = r.drain();
    }
    double genS = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.US, "diagnose curve, streamed: %,d requests of the mix week (512-token blocks)%n", drained);
    System.out.printf(Locale.US, "  generator alone (baseline)     %8.1f s  %,12.0f requests/s%n", genS, drained / genS);
    ReuseCurve sampled = timed("curve, exact limit " + String.format(Locale.US, "%,d", limit), spec, drained, genS,
        ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(limit));
    if (compare) {
      ReuseCurve exact = timed("curve, exact throughout", spec, drained, genS,
          ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(Long.MAX_VALUE));
      System.out.printf(Locale.US, "  ceiling: limited %.4f ± %.4f, exact %.4f (difference %+.4f)%n",
          sampled.ceiling().tokenHitRatio(), sampled.ceiling().tokenHitRatioError(), exact.ceiling().tokenHitRatio(),
          sampled.ceiling().tokenHitRatio() - exact.ceiling().tokenHitRatio());
      for (long c : new long[] {100_000, 1_000_000, 4_000_000}) {
        System.out.printf(Locale.US, "  at %,10d blocks: limited %.4f ± %.4f, exact %.4f%n", c,
            sampled.at(c).tokenHitRatio(), sampled.at(c).tokenHitRatioError(), exact.at(c).tokenHitRatio());
      }
    }
  }

  /** One streamed pass through a curve: time, rate beside the generator, and the heap the curve holds after it. */
  private static ReuseCurve timed(String label, GenerationSpec spec, long drained, double genS,
      ReuseCurve.Sampling sampling) throws Exception {
    System.gc();
    long t1 = System.nanoTime();
    ReuseCurve curve = new ReuseCurve(512, sampling);
    long blocks = 0;
    try (TraceReader r = Workloads.open("mix", spec, Map.of())) {
      while (r.hasNext()) {
        TraceRecord x = r.next();
        blocks += x.blockCount();
        curve.add(x);
      }
    }
    double curveS = (System.nanoTime() - t1) / 1e9;
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
    System.out.printf(Locale.US, "  generator + %-30s %8.1f s  %,12.0f requests/s  %,14.0f blocks/s  ratio %.2f%n",
        label, curveS, drained / curveS, blocks / curveS, genS / curveS);
    System.out.printf(Locale.US, "    %s, sampling rate %s, %,d distinct blocks%s, heap in use after: %,d MB%n",
        curve.sampled() ? "SHARDS-sampled" : "exact", curve.sampled() ? "1/" + Math.round(1 / curve.samplingRate())
        : "1", curve.distinctBlocks(), curve.sampled() ? " (estimated)" : "", heapMb);
    return curve;
  }

  static double bruteForce(List<TraceRecord> trace, long capacity) {
    LinkedHashMap<Long, Boolean> lru = new LinkedHashMap<>(1 << 16, 0.75f, true);
    long hit = 0;
    long all = 0;
    for (TraceRecord r : trace) {
      long[] p = r.blockHashes();
      int k = 0;
      while (k < p.length && lru.containsKey(p[k])) {
        k++;
      }
      hit += k;
      all += p.length;
      for (int i = p.length - 1; i >= 0; i--) {
        lru.remove(p[i]);
        lru.put(p[i], Boolean.TRUE);
      }
      var it = lru.entrySet().iterator();
      while (lru.size() > capacity && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    return (double) hit / all;
  }
}
