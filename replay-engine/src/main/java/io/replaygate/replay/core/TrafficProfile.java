package io.replaygate.replay.core;

import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The trace's volume, read in a first pass when a path needs it (sizing a fleet from the traffic, choosing
 * a hybrid path's busiest model paths): prompt and output tokens per model path and per window.
 */
public final class TrafficProfile {
  private final long originUs;
  private final long windowUs;
  /**
   * Per model path, window → {prompt tokens, output tokens, Σ output tokens × mean context (prompt + half the
   * output): decode's context, weighted}; only windows with traffic are kept, so a quiet span costs nothing.
   */
  private final Map<String, TreeMap<Long, double[]>> byWindow = new HashMap<>();
  private final Map<String, Long> tokens = new HashMap<>();
  private String lastPath;
  private long lastWindow = -1;
  private double[] last;

  /** The first arrival: window 0 starts here. */
  public long originUs() {
    return originUs;
  }

  public TrafficProfile(long originUs, long windowUs) {
    this.originUs = originUs;
    this.windowUs = windowUs;
  }

  public void add(TraceRecord r) {
    long w = Math.max(0, Math.floorDiv(r.arrivalUs() - originUs, windowUs));
    if (w != lastWindow || !r.modelPath().equals(lastPath)) {
      last = byWindow.computeIfAbsent(r.modelPath(), k -> new TreeMap<>()).computeIfAbsent(w, k -> new double[3]);
      lastWindow = w;
      lastPath = r.modelPath();
    }
    last[0] += r.inputTokens();
    last[1] += r.outputTokens();
    last[2] += r.outputTokens() * (r.inputTokens() + r.outputTokens() / 2.0);
    tokens.merge(r.modelPath(), (long) r.inputTokens() + r.outputTokens(), Long::sum);
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
    TreeMap<Long, double[]> sum = new TreeMap<>();
    byWindow.forEach((k, windows) -> {
      if (modelPaths == null || modelPaths.contains(k)) {
        windows.forEach((w, v) -> {
          double[] t = sum.computeIfAbsent(w, x -> new double[3]);
          t[0] += v[0];
          t[1] += v[1];
          t[2] += v[2];
        });
      }
    });
    double[] best = {0, 0, 0};
    double bestWork = -1;
    for (double[] t : sum.values()) { // window order: the first of equal windows wins
      if (t[0] + outputWeight * t[1] > bestWork) {
        bestWork = t[0] + outputWeight * t[1];
        best = new double[] {t[0], t[1], t[1] > 0 ? t[2] / t[1] : 0};
      }
    }
    return best;
  }

  public long windowUs() {
    return windowUs;
  }
}
