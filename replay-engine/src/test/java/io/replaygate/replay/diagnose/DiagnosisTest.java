package io.replaygate.replay.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.gate.BusinessHours;
import io.replaygate.trace.TraceRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each diagnostic code from figures that produce it, and each threshold flipping it alone. */
class DiagnosisTest {
  static final Diagnosis.Thresholds T = Diagnosis.Thresholds.DEFAULTS;

  static String code(double replicas, double top1, double top2, double ceiling, double managed) {
    return Diagnosis.decide(new Diagnosis.Figures(replicas, top1, top2, ceiling, 0, Map.of("m", managed)), T).code();
  }

  @Test
  void everyCode_fromFiguresThatProduceIt() {
    assertEquals("byoc_pilot_worth_evaluating", code(5, 0.9, 0.95, 0.6, 0.3));
    assertEquals("hybrid_hot_lane_candidate", code(5, 0.6, 0.8, 0.6, 0.3));
    assertEquals("byoc_loses_managed_captures_reuse", code(5, 0.9, 0.95, 0.6, 0.55));
    assertEquals("byoc_loses_fragmented_traffic", code(5, 0.3, 0.45, 0.6, 0.3));
    assertEquals("byoc_loses_insufficient_volume", code(0.5, 0.9, 0.95, 0.6, 0.3));
    // No block hashes: reuse cannot rule BYOC out (it is unknown), so the other checks decide.
    assertEquals("byoc_pilot_worth_evaluating", code(5, 0.9, 0.95, Double.NaN, 0));
  }

  @Test
  void eachThreshold_flipsTheCodeAlone() {
    Diagnosis.Figures f = new Diagnosis.Figures(2, 0.85, 0.9, 0.5, 0, Map.of("m", 0.35));
    assertEquals("byoc_pilot_worth_evaluating", Diagnosis.decide(f, T).code());
    assertEquals("byoc_loses_insufficient_volume", Diagnosis.decide(f, T.with("min_replicas", 3)).code());
    assertEquals("byoc_loses_fragmented_traffic", Diagnosis.decide(f, T.with("min_top2_share", 0.95)).code());
    assertEquals("byoc_loses_managed_captures_reuse", Diagnosis.decide(f, T.with("min_reuse_left", 0.2)).code());
    assertEquals("hybrid_hot_lane_candidate", Diagnosis.decide(f, T.with("min_top1_share_for_full", 0.9)).code());
    assertThrows(IllegalArgumentException.class, () -> T.with("luck", 1));
  }

  @Test
  void sampledCeiling_nearTheThreshold_saysTheSamplingErrorCouldDecideIt() {
    // Left for a cluster: 0.46 − 0.35 = 11 points against a 10-point threshold; ± 1.5 points of sampling error.
    var near = Diagnosis.decide(new Diagnosis.Figures(2, 0.85, 0.9, 0.46, 0.015, Map.of("m", 0.35)), T).reasons();
    assertTrue(near.get(2).contains("46.0% of prompt tokens ± 1.5 pts (sampled)"), near.get(2));
    assertTrue(near.get(2).contains("within the sampling error of the threshold"), near.get(2));
    var clear = Diagnosis.decide(new Diagnosis.Figures(2, 0.85, 0.9, 0.46, 0.005, Map.of("m", 0.35)), T).reasons();
    assertFalse(clear.get(2).contains("within the sampling error"), clear.get(2));
    var exact = Diagnosis.decide(new Diagnosis.Figures(2, 0.85, 0.9, 0.46, 0, Map.of("m", 0.35)), T).reasons();
    assertFalse(exact.get(2).contains("sampl"), exact.get(2));
  }

  @Test
  void volume_replicasFromBusinessHourTokens_byHand() {
    // Monday 2026-03-02 10:00–11:00 UTC (business hours): 1,000,000 prompt and 100,000 output tokens on path a.
    BusinessHours bh = BusinessHours.DEFAULT;
    Volume v = new Volume(bh);
    long t0 = Instant.parse("2026-03-02T10:00:00Z").getEpochSecond() * 1_000_000L;
    for (int i = 0; i < 10; i++) {
      v.add(TraceRecord.of(t0 + i * 400_000_000L, "a", 100_000, 10_000)); // every 400 s, last at 10:60:00 - 400 s
    }
    v.add(TraceRecord.of(t0 + 3_600_000_000L, "b", 1, 1)); // 11:00 ends the span at one business hour + a minute
    // Prefill 10,000 tokens/s and decode 1,000 tokens/s: 100 + 100 replica-seconds over 3,660 business seconds
    // (61 minutes, 10:00 through 11:00 inclusive) at 60% utilisation.
    double expected = (1_000_000 / 10_000.0 + 100_000 / 1_000.0) / 3_660 / 0.6;
    assertEquals(expected, v.replicas(10_000, 1_000, 0.6).get("a"), 1e-12);
    assertEquals(true, v.businessHoursOnly());
  }
}
