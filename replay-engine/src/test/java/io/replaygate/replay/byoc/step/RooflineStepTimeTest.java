package io.replaygate.replay.byoc.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.replay.byoc.engine.EngineHarness;
import io.replaygate.replay.byoc.spec.Dtype;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import org.junit.jupiter.api.Test;

/** The roofline's terms, each against a hand computation from the datasheet figures and the default parameters. */
class RooflineStepTimeTest {
  static final RooflineStepTime.Params P = RooflineStepTime.Params.DEFAULT;

  @Test
  void prefillChunk_tp4_chargesComputeAndRingAllReduceBytes() {
    ReplicaShape shape = EngineHarness.shape("llama-3.1-70b", "H100-SXM-80GB", 4, Dtype.BF16);
    // Llama-3.1-70B: 70.6e9 parameters, 80 layers, hidden 8,192, 8 KV heads of 128; H100: 989 TFLOP/s BF16,
    // 3.35 TB/s, NVLink 900 GB/s both ways. One 8,192-token prefill chunk with no earlier context.
    double compute = 2 * 70.6e9 / 4 * 8_192 / (989e12 * 0.55);
    double memory = (70.6e9 * 2 / 4 + 2.0 * 80 * 2 * 128 * 2 * 8_192) / (3.35e12 * 0.75);
    double allReduce = 2 * 80 * (20e-6 + 2.0 * 3 / 4 * 8_192 * 8_192 * 2 / (450e9 * 0.6));
    double expected = 4e-3 + allReduce + Math.max(compute, memory);
    assertEquals(0.6581, expected, 1e-4, "the hand computation itself: 0.532 s compute + 0.122 s all-reduce + 4 ms");
    assertEquals(expected, new RooflineStepTime(shape, P).stepSeconds(8_192, 0, 0, 0), expected * 1e-12);
  }

  @Test
  void decodeBatch_tp1_isBandwidthBoundAndPaysCpuPerSequence() {
    ReplicaShape shape = EngineHarness.shape("llama-3.1-8b", "H100-SXM-80GB", 1, Dtype.BF16);
    // Llama-3.1-8B: 8.03e9 parameters, 32 layers, 8 KV heads of 128. 256 sequences with 1,000 tokens of context each.
    double bytes = 8.03e9 * 2 + 2.0 * 32 * 8 * 128 * 2 * 256_000;
    double memory = bytes / (3.35e12 * 0.75);
    double compute = (2 * 8.03e9 * 256 + 4.0 * 32 * 4_096 * 256_000) / (989e12 * 0.55);
    double expected = 4e-3 + 256 * 35e-6 + Math.max(compute, memory);
    assertEquals(expected, new RooflineStepTime(shape, P).stepSeconds(0, 0, 256, 256_000), expected * 1e-12);
  }

  @Test
  void tensorParallelism_isChargedOnce_byItsCommunication() {
    // The same compute-bound prefill on TP 1 and TP 2: with tp_scaling at its default 1, the TP 2 step is the TP 1
    // step's compute halved plus the all-reduces, and nothing else (0.7 per doubling on top of them was issue 11's
    // double count).
    ReplicaShape one = EngineHarness.shape("llama-3.1-70b", "H200-SXM-141GB", 1, Dtype.FP8);
    ReplicaShape two = EngineHarness.shape("llama-3.1-70b", "H200-SXM-141GB", 2, Dtype.FP8);
    double tp1 = new RooflineStepTime(one, P).stepSeconds(8_192, 0, 0, 0) - 4e-3;
    double allReduce = 2 * 80 * (20e-6 + 2.0 * 1 / 2 * 8_192 * 8_192 * 2 / (450e9 * 0.6));
    double tp2 = new RooflineStepTime(two, P).stepSeconds(8_192, 0, 0, 0) - 4e-3 - allReduce;
    assertEquals(tp1 / 2, tp2, tp2 * 1e-12);
  }

  @Test
  void prefillAttention_growsWithTheContextTheChunkExtends() {
    ReplicaShape shape = EngineHarness.shape("llama-3.1-8b", "H100-SXM-80GB", 1, Dtype.BF16);
    RooflineStepTime step = new RooflineStepTime(shape, P);
    // A 1,024-token chunk at the end of a 32k prompt attends to ~32k tokens per token: 1,024 × 32,256 pairs.
    double late = step.stepSeconds(1_024, 1_024 * 32_256.0, 0, 0);
    double early = step.stepSeconds(1_024, 1_024 * 512.0, 0, 0);
    double extraFlops = 4.0 * 32 * 4_096 * 1_024 * (32_256.0 - 512);
    assertEquals(extraFlops / (989e12 * 0.55), late - early, (late - early) * 1e-9);
  }
}
