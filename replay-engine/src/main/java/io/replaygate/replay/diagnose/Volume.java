package io.replaygate.replay.diagnose;

import io.replaygate.costmodel.gate.BusinessHours;
import io.replaygate.trace.TraceRecord;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much work the traffic brings, per model path, in the hours that matter: prompt and output tokens per
 * business hour, turned into the GPU time one replica of the candidate shape needs for them (prompt tokens at
 * its full-step prefill rate, output tokens at its saturated decode rate — no cache credit, so an upper
 * bound on work and a conservative one for BYOC's fixed costs). When the trace has no business hours (a
 * relative trace without an anchor, a weekend) every hour counts, and {@link #businessHoursOnly()} says so.
 */
public final class Volume {
  private final BusinessHours hours;
  private final Map<String, long[]> byPath = new TreeMap<>(); // {business input, business output, all in, all out}
  private long first = Long.MAX_VALUE;
  private long last = Long.MIN_VALUE;

  public Volume(BusinessHours hours) {
    this.hours = hours;
  }

  public void add(TraceRecord r) {
    first = Math.min(first, r.arrivalUs());
    last = Math.max(last, r.arrivalUs());
    long[] v = byPath.computeIfAbsent(r.modelPath(), k -> new long[4]);
    if (hours.contains(r.arrivalUs())) {
      v[0] += r.inputTokens();
      v[1] += r.outputTokens();
    }
    v[2] += r.inputTokens();
    v[3] += r.outputTokens();
  }

  /** Business seconds within the trace's span (minute resolution). */
  double businessSeconds() {
    double s = 0;
    for (long t = Math.floorDiv(first, 60_000_000L) * 60_000_000L; t <= last; t += 60_000_000L) {
      if (hours.contains(t)) {
        s += 60;
      }
    }
    return s;
  }

  /** Whether the per-hour figures are over business hours (else over the whole span). */
  public boolean businessHoursOnly() {
    return businessSeconds() >= 3600;
  }

  /**
   * Replicas each model path keeps busy at {@code utilisation}: per hour, prompt tokens ÷ prefill rate +
   * output tokens ÷ decode rate, in replica-seconds ÷ 3600 ÷ utilisation.
   */
  public Map<String, Double> replicas(double prefillTokensPerSecond, double decodeTokensPerSecond, double utilisation) {
    boolean business = businessHoursOnly();
    double seconds = business ? businessSeconds() : Math.max(1, (last - first) / 1e6);
    Map<String, Double> out = new TreeMap<>();
    byPath.forEach((path, v) -> {
      double in = business ? v[0] : v[2];
      double outTokens = business ? v[1] : v[3];
      double busy = in / prefillTokensPerSecond + outTokens / decodeTokensPerSecond;
      out.put(path, busy / seconds / utilisation);
    });
    return out;
  }

  /** Prompt + output tokens per hour, per model path (business hours when there are any). */
  public Map<String, Double> tokensPerHour() {
    boolean business = businessHoursOnly();
    double seconds = business ? businessSeconds() : Math.max(1, (last - first) / 1e6);
    Map<String, Double> out = new TreeMap<>();
    byPath.forEach((path, v) -> out.put(path, (business ? v[0] + v[1] : v[2] + v[3]) * 3600.0 / seconds));
    return out;
  }
}
