package io.replaygate.replay.byoc.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.replay.byoc.engine.EngineHarness;
import io.replaygate.replay.byoc.spec.Dtype;
import org.junit.jupiter.api.Test;

/**
 * The roofline's default efficiencies against published vLLM throughput. A saturated decode run: 1,000
 * requests of 1,024 prompt and 1,024 output tokens all arrive at once (the shape of vLLM's
 * {@code benchmark_throughput} runs: fixed input/output lengths, every request queued at the start); the
 * figure is output tokens ÷ the time until the last finishes, prefill included, as vLLM reports it.
 *
 * <p>References (±30%): Llama-3.1-8B FP8 on one H100 about 8,000 output tokens/s; Llama-3.1-70B FP8 on four
 * H100s (tensor parallel) about 3,500. Sources: vLLM blog "vLLM v0.6.0: 2.7x Throughput Improvement and 5x
 * Latency Reduction" (2024-09-05; Llama 8B on 1×H100 and 70B on 4×H100); Red Hat's MLPerf Inference v5.1
 * submission with vLLM 0.10 (Llama-3.1-8B FP8, one H100: 5,777 tokens/s offline on the shorter-output
 * CNN/DailyMail task); NVIDIA's H100 datasheet for the peak figures the roofline uses.
 */
class StepTimeValidationTest {
  @Test
  void saturatedDecode_llama8bFp8OnOneH100_isNear8000TokensPerSecond() {
    double tps = EngineHarness.saturatedThroughput("llama-3.1-8b", 1, Dtype.FP8, 1000, 1024, 1024);
    assertEquals(8000, tps, 8000 * 0.30, "Llama-3.1-8B FP8, 1×H100: " + tps + " output tokens/s");
  }

  @Test
  void saturatedDecode_llama70bFp8OnFourH100_isNear3500TokensPerSecond() {
    double tps = EngineHarness.saturatedThroughput("llama-3.1-70b", 4, Dtype.FP8, 1000, 1024, 1024);
    assertEquals(3500, tps, 3500 * 0.30, "Llama-3.1-70B FP8, 4×H100: " + tps + " output tokens/s");
  }
}
