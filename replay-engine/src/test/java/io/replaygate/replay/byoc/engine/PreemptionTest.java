package io.replaygate.replay.byoc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.replay.byoc.spec.Dtype;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import io.replaygate.replay.byoc.step.RooflineStepTime;
import org.junit.jupiter.api.Test;

/**
 * Memory pressure that actually preempts: a KV cache of 64 blocks (1,024 tokens at 16 per block) admits
 * four 128-token prompts, whose decoding then grows past what is left (4 × (128 + 256) tokens needs 96
 * blocks). The engine preempts the most recently admitted sequence by recompute; every request still
 * finishes, each exactly once, with its full output.
 */
class PreemptionTest {
  @Test
  void decodeOutgrowingTheKvCache_preemptsByRecompute_andEveryRequestStillFinishes() {
    ReplicaShape shape = EngineHarness.shape("llama-3.1-8b", 1, Dtype.FP8);
    EngineHarness h = new EngineHarness(shape, new RooflineStepTime(shape, RooflineStepTime.Params.DEFAULT),
        EngineConfig.DEFAULT, 64);
    for (int i = 0; i < 4; i++) {
      h.arrive(EngineHarness.request(i, 0, 128, 256));
    }
    h.drain();
    assertTrue(h.replica.preemptions() > 0, "memory pressure must preempt");
    assertEquals(4, h.finished.size());
    assertEquals(0, h.rejected.size());
    assertEquals(4, h.finished.stream().map(s -> s.request().index()).distinct().count());
    assertTrue(h.finished.stream().anyMatch(s -> s.preemptions > 0), "a preempted sequence finishes later");
    // Nothing is left running or queued once the last request finishes.
    assertEquals(0, h.replica.outstanding());
  }
}
