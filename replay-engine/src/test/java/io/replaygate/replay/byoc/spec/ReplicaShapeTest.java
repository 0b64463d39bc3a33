package io.replaygate.replay.byoc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.replay.byoc.engine.EngineHarness;
import org.junit.jupiter.api.Test;

/** KV capacity from the memory the driver reports, with the arithmetic written out. */
class ReplicaShapeTest {
  @Test
  void kvTokens_llama70bFp8OnFourH100_useTheDriversMemory_notTheDatasheetGb() {
    ReplicaShape s = EngineHarness.shape("llama-3.1-70b", 4, Dtype.FP8);
    // nvidia-smi: 81,559 MiB = 85,521,956,864 bytes per H100; vLLM may use 90% of it, minus a 4 GB reserve,
    // minus 70.6e9 / 4 bytes of FP8 weights per GPU. KV per token per GPU: 80 layers × K and V × 2 of the 8
    // KV heads × 128 dims × 2 bytes (BF16) = 81,920 bytes. Whole 16-token blocks.
    double free = 81_559 * 1_048_576.0 * 0.9 - 4e9 - 70.6e9 / 4;
    long expected = (long) (free / 81_920) / 16 * 16;
    assertEquals(81_920, s.kvBytesPerTokenPerGpu());
    assertEquals(expected, s.kvTokens());
    assertEquals(675_264, s.kvTokens());
    assertTrue(s.kvTokens() > 614_624, "the datasheet's 80e9 bytes gave 614,624: 9% too few");
  }

  @Test
  void tensorParallelism_mustDivideTheHeads() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> EngineHarness.shape("llama-3.1-70b", "H100-SXM-80GB", 3, Dtype.FP8));
    assertTrue(e.getMessage().contains("tensor_parallel 3 does not divide llama-3.1-70b's 64 attention heads"),
        e.getMessage());
  }
}
