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
 * <p>{@code DiagnoseScale stream REQUESTS} streams a generated mix week of that many requests through the exact
 * curve (nothing held but the curve: memory follows the distinct blocks) beside the generator drained alone, and
 * prints requests/s, block references/s, distinct blocks and the heap in use at the end.
 */
public final class DiagnoseScale {
  private DiagnoseScale() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("stream")) {
      stream(args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 10_000_000L);
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

  static void stream(long n) throws Exception {
    GenerationSpec spec = new GenerationSpec(168.0, null, n / (168 * 3600.0), 20260105, Instant.parse("2026-01-05T05:00:00Z"),
        ZoneId.of("America/New_York"), 512);
    long t0 = System.nanoTime();
    long drained;
    try (TraceReader r = Workloads.open("mix", spec, Map.of())) {
      drained = r.drain();
    }
    double genS = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    ReuseCurve curve = new ReuseCurve(512);
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
    System.out.printf(Locale.US, "diagnose curve, streamed: %,d requests, %,d block references (512-token), %,d distinct%n",
        drained, blocks, curve.distinctBlocks());
    System.out.printf(Locale.US, "  generator alone (baseline)   %8.1f s  %,12.0f requests/s%n", genS, drained / genS);
    System.out.printf(Locale.US, "  generator + exact curve      %8.1f s  %,12.0f requests/s  %,14.0f blocks/s%n", curveS,
        drained / curveS, blocks / curveS);
    System.out.printf(Locale.US, "  ratio (generator ÷ generator + curve): %.2f; heap in use after: %,d MB; ceiling %.4f%n",
        genS / curveS, heapMb, curve.ceiling().tokenHitRatio());
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
