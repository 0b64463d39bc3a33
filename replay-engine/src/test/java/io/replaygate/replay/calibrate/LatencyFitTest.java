package io.replaygate.replay.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.catalog.LatencyParams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyFitTest {
  @Test
  void fit_recoversTheParametersThatGeneratedTheLatencies_andMapeDrops() {
    // Truth: 900 ms + 30 ms per 1k uncached, 20 ms per output token; ±5% noise. 400 requests observe e2e,
    // 50 also TTFT. The catalog's guess (800, 25, 16) is off.
    LatencyParams truth = new LatencyParams(900, 30, 20);
    SplittableRandom rng = new SplittableRandom(3);
    List<LatencyFit.Observation> obs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      long u = rng.nextLong(100, 60_000);
      int out = rng.nextInt(10, 2_000);
      double noise = 1 + (rng.nextDouble() - 0.5) * 0.1;
      double t = truth.ttftMs(u) * noise;
      double e = (truth.ttftMs(u) + truth.tpotMs() * (out - 1)) * noise;
      obs.add(new LatencyFit.Observation(u, out, i < 50 ? t : null, e));
    }
    LatencyFit.Result r = LatencyFit.fit(obs, new LatencyParams(800, 25, 16));
    assertEquals(900, r.fitted().ttftBaseMs(), 60);
    assertEquals(30, r.fitted().ttftMsPer1kUncached(), 2);
    assertEquals(20, r.fitted().tpotMs(), 0.5);
    assertEquals(50, r.ttftObservations());
    assertEquals(400, r.e2eObservations());
    assertTrue(r.mapeE2eAfter() < 0.04 && r.mapeE2eBefore() > 0.15, r.toString());
  }

  @Test
  void aNegativeCoefficient_isFixedAtZero() {
    // Latency that falls with prompt length (nonsense for a cost) fits with per1k = 0, not below.
    List<LatencyFit.Observation> obs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      obs.add(new LatencyFit.Observation(1_000L * i, 100, 2_000.0 - 10 * i, null));
    }
    LatencyFit.Result r = LatencyFit.fit(obs, new LatencyParams(800, 25, 16));
    assertEquals(0, r.fitted().ttftMsPer1kUncached(), 0);
    assertTrue(r.fitted().ttftBaseMs() > 1_800, r.toString());
  }
}
