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

  @Test
  void preempt_midPrefill_returnsItsPromptToTheQueue() {
    // 64 blocks of 16 tokens; a 256-token step budget chunks prefills. A (128 tokens, 8 blocks) and B (896 tokens,
    // 56 blocks) are admitted together and fill the cache; A's first decode step needs a ninth block, so B — the last
    // admitted, its prefill a chunk in — is preempted. What is left to prefill is then B's whole prompt, queued.
    ReplicaShape shape = EngineHarness.shape("llama-3.1-8b", 1, Dtype.FP8);
    EngineHarness h = new EngineHarness(shape, new RooflineStepTime(shape, RooflineStepTime.Params.DEFAULT),
        new EngineConfig(256, 256), 64);
    h.arrive(EngineHarness.request(0, 0, 128, 40));
    h.arrive(EngineHarness.request(1, 0, 896, 4));
    assertEquals(128 + 896, h.replica.pendingPrefillTokens());
    while (h.replica.preemptions() == 0) {
      h.replica.advance(h.replica.clockUs() + 1); // one step
    }
    assertEquals(896, h.replica.pendingPrefillTokens(), "B's whole prompt is queued again, A decodes");
    h.drain();
    assertEquals(0, h.replica.pendingPrefillTokens());
    assertEquals(2, h.finished.size());
  }
}
