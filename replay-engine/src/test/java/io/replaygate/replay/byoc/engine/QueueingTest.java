package io.replaygate.replay.byoc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.replay.byoc.spec.Dtype;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import io.replaygate.replay.byoc.step.StepTimeModel;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine as a queue: one request at a time (max 1 running), every request one prompt token and one
 * output token, so it takes exactly one step, and a constant step time S — an M/D/1 queue under Poisson
 * arrivals. Pollaczek–Khinchine: mean wait in queue W = ρ S ÷ (2 (1 − ρ)).
 */
class QueueingTest {
  static final double STEP_S = 0.010;

  @ParameterizedTest(name = "utilisation {0}")
  @ValueSource(doubles = {0.5, 0.8})
  void meanQueueDelay_matchesMd1(double rho) {
    ReplicaShape shape = EngineHarness.shape("llama-3.1-8b", 1, Dtype.FP8);
    StepTimeModel constant = (p, a, d, c) -> STEP_S;
    EngineHarness h = new EngineHarness(shape, constant, new EngineConfig(8192, 1), shape.kvBlocks());
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(42);
    double meanGap = STEP_S / rho;
    double t = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      t += -meanGap * Math.log(1 - rng.nextDouble()); // exponential gaps: Poisson arrivals
      h.arrive(EngineHarness.request(i, Math.round(t * 1e6), 1, 1));
    }
    h.drain();
    double meanWait = h.finished.stream().mapToDouble(s -> (s.admittedUs - s.arrivalUs) / 1e6).average().orElseThrow();
    double theory = rho * STEP_S / (2 * (1 - rho));
    assertEquals(n, h.finished.size());
    assertEquals(theory, meanWait, theory * 0.10, "rho=" + rho + ": simulated " + meanWait + " s, M/D/1 " + theory + " s");
  }
}
