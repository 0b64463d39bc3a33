package io.replaygate.replay.byoc.scale;

import java.util.ArrayDeque;

/**
 * Scales on a target, the way Kubernetes' horizontal pod autoscaler does: desired = ⌈replicas × observed ÷
 * target⌉, unchanged within a 10% tolerance, within [min, max]; scaling down takes the highest
 * recommendation of the stabilisation window (so a lull does not drop replicas that a burst needs again).
 * The metric is mean TTFT or queued requests per replica. A deployment that turned requests away (all
 * replicas busy, or none yet) adds one replica even without a metric — scale from zero.
 */
public final class ReactiveScaler implements Autoscaler {
  /** What the scaler tracks. */
  public enum Metric { TTFT, QUEUE }

  private static final double TOLERANCE = 0.1;

  private final Metric metric;
  private final double target;
  private final int min;
  private final int max;
  private final long stabilizationUs;
  private final ArrayDeque<long[]> recent = new ArrayDeque<>();

  public ReactiveScaler(Metric metric, double target, int min, int max, long stabilizationUs) {
    if (min < 0 || max < Math.max(1, min) || !(target > 0)) {
      throw new IllegalArgumentException("a reactive scaler needs 0 ≤ min ≤ max, max ≥ 1 and a positive target");
    }
    this.metric = metric;
    this.target = target;
    this.min = min;
    this.max = max;
    this.stabilizationUs = stabilizationUs;
  }

  @Override
  public int initial(long startUs) {
    return min;
  }

  @Override
  public int desired(ScaleSignals s) {
    double observed = metric == Metric.TTFT ? s.meanTtftMs() : s.waitingPerReplica();
    int want = s.replicas();
    if (!Double.isNaN(observed) && s.replicas() > 0) {
      double ratio = observed / target;
      if (Math.abs(ratio - 1) > TOLERANCE) {
        want = (int) Math.ceil(s.replicas() * ratio);
      }
    }
    if (s.turnedAway() > 0) {
      want = Math.max(want, s.replicas() + 1);
    }
    want = Math.max(min, Math.min(max, want));
    recent.addLast(new long[] {s.nowUs(), want});
    while (!recent.isEmpty() && recent.peekFirst()[0] < s.nowUs() - stabilizationUs) {
      recent.pollFirst();
    }
    if (want < s.replicas()) {
      long highest = want;
      for (long[] r : recent) {
        highest = Math.max(highest, r[1]);
      }
      want = (int) Math.min(highest, s.replicas());
    }
    return want;
  }
}
