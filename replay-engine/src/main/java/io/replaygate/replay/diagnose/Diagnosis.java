package io.replaygate.replay.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The diagnostic code of DESIGN §1 — is a BYOC pilot worth evaluating at all? — from the figures one pass
 * gives, with the figures and thresholds that produced it. The checks, in order (the first that holds
 * decides):
 * <ol>
 *   <li>{@code byoc_loses_insufficient_volume}: the busiest model path keeps fewer than
 *       {@link Thresholds#minReplicas} replicas busy at the break-even utilisation;</li>
 *   <li>{@code byoc_loses_fragmented_traffic}: the top two model paths carry less than
 *       {@link Thresholds#minTop2Share} of tokens;</li>
 *   <li>{@code byoc_loses_managed_captures_reuse}: the best managed provider already reads from cache all but
 *       {@link Thresholds#minReuseLeft} of the prompt tokens an unbounded cache could (what is left for a
 *       cluster's own prefix cache to win is too little);</li>
 *   <li>{@code hybrid_hot_lane_candidate}: the top model path has the volume but carries less than
 *       {@link Thresholds#minTop1ShareForFull} of tokens — a lane for it, the rest managed;</li>
 *   <li>{@code byoc_pilot_worth_evaluating}: otherwise.</li>
 * </ol>
 */
public final class Diagnosis {
  private Diagnosis() {
  }

  /**
   * Every threshold, in one place, with why its default is what it is.
   *
   * @param minReplicas         replicas the top path must keep busy [1: below one replica's worth of work a
   *                            fleet is idle most of the time and cannot win on GPU-hours]
   * @param breakEvenUtilisation utilisation a replica's hours are counted at [0.6: DESIGN §1's break-even band]
   * @param minTop2Share        token share of the top two paths [0.5: below it no lane carries enough of the
   *                            bill to pay for operating a cluster]
   * @param minReuseLeft        prompt-token share a cluster's cache could read beyond the best managed cache
   *                            [0.10: a ten-point hit-ratio gain is what moves a prompt-heavy bill materially,
   *                            against DESIGN's 15% savings threshold]
   * @param minTop1ShareForFull top path's token share for a full move rather than a hybrid lane [0.8]
   */
  public record Thresholds(double minReplicas, double breakEvenUtilisation, double minTop2Share, double minReuseLeft,
      double minTop1ShareForFull) {
    public static final Thresholds DEFAULTS = new Thresholds(1, 0.6, 0.5, 0.10, 0.8);

    /** These thresholds with one changed by its wire name (e.g. {@code min_top2_share=0.6}). */
    public Thresholds with(String name, double v) {
      return switch (name) {
        case "min_replicas" -> new Thresholds(v, breakEvenUtilisation, minTop2Share, minReuseLeft, minTop1ShareForFull);
        case "break_even_utilisation" -> new Thresholds(minReplicas, v, minTop2Share, minReuseLeft, minTop1ShareForFull);
        case "min_top2_share" -> new Thresholds(minReplicas, breakEvenUtilisation, v, minReuseLeft, minTop1ShareForFull);
        case "min_reuse_left" -> new Thresholds(minReplicas, breakEvenUtilisation, minTop2Share, v, minTop1ShareForFull);
        case "min_top1_share_for_full" -> new Thresholds(minReplicas, breakEvenUtilisation, minTop2Share, minReuseLeft, v);
        default -> throw new IllegalArgumentException("unknown threshold '" + name + "' (valid: min_replicas, "
            + "break_even_utilisation, min_top2_share, min_reuse_left, min_top1_share_for_full)");
      };
    }
  }

  /**
   * The figures a code is decided on.
   *
   * @param topPathReplicas  replicas the busiest path keeps busy at the break-even utilisation
   * @param top1Share        token share of the top model path
   * @param top2Share        token share of the top two
   * @param reuseCeiling     token hit ratio of an unbounded cache (NaN: no block hashes)
   * @param reuseCeilingError its 95% half-width when the reuse curve was sampled ({@link ReuseCurve}; 0: exact)
   * @param managedHitRatios token hit ratio each managed provider's cache achieved on the same traffic
   */
  public record Figures(double topPathReplicas, double top1Share, double top2Share, double reuseCeiling,
      double reuseCeilingError, Map<String, Double> managedHitRatios) {
  }

  /** The code, and each check with its figure and threshold in words. */
  public record Result(String code, List<String> reasons) {
  }

  public static Result decide(Figures f, Thresholds t) {
    List<String> reasons = new ArrayList<>();
    double bestManaged = f.managedHitRatios().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double left = Double.isNaN(f.reuseCeiling()) ? Double.NaN : f.reuseCeiling() - bestManaged;
    reasons.add(String.format(java.util.Locale.US, "volume: the top model path keeps %.2f replicas busy at %.0f%% "
        + "utilisation (threshold %.2f)", f.topPathReplicas(), 100 * t.breakEvenUtilisation(), t.minReplicas()));
    reasons.add(String.format(java.util.Locale.US, "concentration: top-2 paths carry %.1f%% of tokens (threshold "
        + "%.0f%%), the top path %.1f%% (a full move from %.0f%%)", 100 * f.top2Share(), 100 * t.minTop2Share(),
        100 * f.top1Share(), 100 * t.minTop1ShareForFull()));
    reasons.add(Double.isNaN(left) ? "reuse: no block hashes, so what a cluster's cache could add is unknown"
        : String.format(java.util.Locale.US, "reuse: ceiling %.1f%% of prompt tokens%s, best managed cache %.1f%%, "
            + "left for a cluster %.1f%% (threshold %.0f%%)%s", 100 * f.reuseCeiling(),
            f.reuseCeilingError() > 0 ? String.format(java.util.Locale.US, " ± %.1f pts (sampled)",
                100 * f.reuseCeilingError()) : "", 100 * bestManaged, 100 * left, 100 * t.minReuseLeft(),
            Math.abs(left - t.minReuseLeft()) <= f.reuseCeilingError()
                ? " — within the sampling error of the threshold: a larger exact limit decides it" : ""));
    String code;
    if (f.topPathReplicas() < t.minReplicas()) {
      code = "byoc_loses_insufficient_volume";
    } else if (f.top2Share() < t.minTop2Share()) {
      code = "byoc_loses_fragmented_traffic";
    } else if (!Double.isNaN(left) && left < t.minReuseLeft()) {
      code = "byoc_loses_managed_captures_reuse";
    } else if (f.top1Share() < t.minTop1ShareForFull()) {
      code = "hybrid_hot_lane_candidate";
    } else {
      code = "byoc_pilot_worth_evaluating";
    }
    return new Result(code, reasons);
  }
}
