package io.replaygate.replay.core;

import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trace's volume, read in a first pass when a path needs it (sizing a fleet from the traffic, choosing
 * a hybrid path's busiest model paths): prompt and output tokens per model path and per window.
 */
public final class TrafficProfile {
  private final long originUs;
  private final long windowUs;
  private final Map<String, double[]> inputByWindow = new HashMap<>();
  private final Map<String, double[]> outputByWindow = new HashMap<>();
  /** Σ output tokens × mean context (prompt + half the output) per window: decode's context, weighted. */
  private final Map<String, double[]> outputContextByWindow = new HashMap<>();
  private final Map<String, Long> tokens = new HashMap<>();

  /** The first arrival: window 0 starts here. */
  public long originUs() {
    return originUs;
  }

  public TrafficProfile(long originUs, long windowUs) {
    this.originUs = originUs;
    this.windowUs = windowUs;
  }

  public void add(TraceRecord r) {
    int w = (int) Math.max(0, Math.floorDiv(r.arrivalUs() - originUs, windowUs));
    grow(inputByWindow, r.modelPath(), w)[w] += r.inputTokens();
    grow(outputByWindow, r.modelPath(), w)[w] += r.outputTokens();
    grow(outputContextByWindow, r.modelPath(), w)[w] += r.outputTokens() * (r.inputTokens() + r.outputTokens() / 2.0);
    tokens.merge(r.modelPath(), (long) r.inputTokens() + r.outputTokens(), Long::sum);
  }

  private static double[] grow(Map<String, double[]> m, String key, int w) {
    double[] a = m.get(key);
    if (a == null || a.length <= w) {
      double[] b = new double[Math.max(16, Math.max(w + 1, a == null ? 0 : a.length * 2))];
      if (a != null) {
        System.arraycopy(a, 0, b, 0, a.length);
      }
      m.put(key, b);
      a = b;
    }
    return a;
  }

  /** Model paths by token volume (prompt + output), largest first, ties by name. */
  public List<String> modelPathsByVolume() {
    List<String> out = new ArrayList<>(tokens.keySet());
    out.sort(Comparator.comparing((String k) -> -tokens.get(k)).thenComparing(k -> k));
    return out;
  }

  public long tokens(String modelPath) {
    return tokens.getOrDefault(modelPath, 0L);
  }

  /**
   * {input tokens, output tokens, output-weighted mean context} of the window with the most work among
   * {@code modelPaths} ({@code null}: all), weighing output tokens {@code outputWeight} times an input token.
   */
  public double[] peakWindow(Set<String> modelPaths, double outputWeight) {
    int n = 0;
    for (double[] a : inputByWindow.values()) {
      n = Math.max(n, a.length);
    }
    double[] best = {0, 0, 0};
    double bestWork = -1;
    for (int w = 0; w < n; w++) {
      double in = 0;
      double out = 0;
      double outCtx = 0;
      for (String k : inputByWindow.keySet()) {
        if (modelPaths != null && !modelPaths.contains(k)) {
          continue;
        }
        double[] a = inputByWindow.get(k);
        double[] b = outputByWindow.get(k);
        in += w < a.length ? a[w] : 0;
        out += w < b.length ? b[w] : 0;
        double[] c = outputContextByWindow.get(k);
        outCtx += w < c.length ? c[w] : 0;
      }
      if (in + outputWeight * out > bestWork) {
        bestWork = in + outputWeight * out;
        best = new double[] {in, out, out > 0 ? outCtx / out : 0};
      }
    }
    return best;
  }

  public long windowUs() {
    return windowUs;
  }
}
