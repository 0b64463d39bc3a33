package io.replaygate.replay.byoc.step;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.replay.byoc.engine.EngineHarness;
import io.replaygate.replay.byoc.spec.Dtype;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The roofline's defaults against published saturated throughput, on the shapes that drive cost: prefill-heavy
 * (2,048 in / 128 out, 5,000 / 500), balanced (1,000 / 1,000, 1,024 / 1,024) and decode-heavy (128 / 2,048),
 * 8B and 70B, TP 1, 2 and 4, H100 and H200. Each run queues every request at once (the benchmarks'
 * offline mode) and divides output tokens by the time the last one finishes. The table this prints is the
 * one {@code docs/step-time-validation.md} reports.
 *
 * <p>vLLM points must land within ±20% (issue 11's bound; the two references are round figures and land within 6%);
 * a pre-0.6 vLLM point is expected slower than simulated, by up to the 2.7× v0.6.0 reported for 8B on H100 (its CPU
 * overhead). TensorRT-LLM is a faster engine
 * than the vLLM-style one simulated here (larger batches, a C++ runtime); its points are held between 0.40 and
 * 1.05 of published. The current defaults simulate prefill-heavy TensorRT-LLM shapes at 0.45–0.71 of their
 * throughput: recalibrating them (issue 11) is open, and this test keeps the figures from drifting meanwhile.
 *
 * <p>Sources: vLLM — "vLLM v0.6.0: 2.7x Throughput Improvement and 5x Latency Reduction" (vLLM blog,
 * 2024-09-05): Llama-3.1-8B on 1×H100 about 8,000 and 70B on 4×H100 about 3,500 output tokens/s at 1,024 in /
 * 1,024 out (also Red Hat's MLPerf Inference v5.1 vLLM submission for the 8B order of magnitude).
 * TensorRT-LLM — NVIDIA TensorRT-LLM "Performance Overview" (docs/source/performance/perf-overview.md, v1.0,
 * trtllm-bench throughput, FP8 checkpoints nvidia/Llama-3.1-8B-Instruct-FP8 and nvidia/Llama-3.3-70B-Instruct-FP8,
 * the latter the same architecture as Llama-3.1-70B), Total Output Throughput in tokens/s.
 */
class StepTimeValidationTest {
  /** One published point. */
  record Point(String engine, String model, String gpu, int tp, int input, int output, int requests, double published,
      Dtype weights) {
    Point(String engine, String model, String gpu, int tp, int input, int output, int requests, double published) {
      this(engine, model, gpu, tp, input, output, requests, published, Dtype.FP8);
    }
  }

  static final List<Point> POINTS = List.of(
      new Point("vLLM", "llama-3.1-8b", "H100-SXM-80GB", 1, 1_024, 1_024, 1_000, 8_000),
      new Point("vLLM", "llama-3.1-70b", "H100-SXM-80GB", 4, 1_024, 1_024, 1_000, 3_500),
      // vllm#7117 (main branch before v0.6, 2024-08-04): Meta-Llama-3-8B (BF16, Llama-3.1-8B's architecture) on one
      // H100, benchmark_throughput.py --input-len 256 --output-len 256 (1,000 prompts): 24.32 requests/s = 6,226
      // output tok/s. An older, slower engine than the one simulated (see the band below).
      new Point("vLLM 0.5", "llama-3.1-8b", "H100-SXM-80GB", 1, 256, 256, 1_000, 6_226, Dtype.BF16),
      new Point("TRT-LLM", "llama-3.1-8b", "H100-SXM-80GB", 1, 2_048, 128, 3_000, 3_450),
      new Point("TRT-LLM", "llama-3.1-8b", "H100-SXM-80GB", 1, 5_000, 500, 1_500, 3_459),
      new Point("TRT-LLM", "llama-3.1-8b", "H100-SXM-80GB", 1, 1_000, 1_000, 3_000, 15_220),
      new Point("TRT-LLM", "llama-3.1-8b", "H100-SXM-80GB", 1, 128, 2_048, 3_000, 22_714),
      new Point("TRT-LLM", "llama-3.1-8b", "H200-SXM-141GB", 1, 2_048, 128, 3_000, 3_538),
      new Point("TRT-LLM", "llama-3.1-8b", "H200-SXM-141GB", 1, 1_000, 1_000, 3_000, 17_744),
      new Point("TRT-LLM", "llama-3.1-70b", "H100-SXM-80GB", 2, 2_048, 128, 3_000, 762),
      new Point("TRT-LLM", "llama-3.1-70b", "H100-SXM-80GB", 2, 5_000, 500, 1_500, 898),
      new Point("TRT-LLM", "llama-3.1-70b", "H100-SXM-80GB", 2, 1_000, 1_000, 3_000, 4_205),
      new Point("TRT-LLM", "llama-3.1-70b", "H200-SXM-141GB", 1, 2_048, 128, 3_000, 442),
      new Point("TRT-LLM", "llama-3.1-70b", "H200-SXM-141GB", 1, 1_000, 1_000, 3_000, 2_909));

  @Test
  void roofline_landsOnEveryPublishedPoint_withinItsStatedBand() {
    List<String> misses = new ArrayList<>();
    System.out.printf(Locale.US, "| engine | model | weights | GPU | TP | in / out | published tok/s | simulated "
        + "| ratio |%n");
    System.out.printf(Locale.US, "|---|---|---|---|---|---|---:|---:|---:|%n");
    for (Point p : POINTS) {
      double sim = EngineHarness.saturatedThroughput(p.model(), p.gpu(), p.tp(), p.weights(), p.requests(), p.input(),
          p.output());
      double ratio = sim / p.published();
      System.out.printf(Locale.US, "| %s | %s | %s | %s | %d | %,d / %,d | %,.0f | %,.0f | %.2f |%n", p.engine(),
          p.model(), p.weights().name().toLowerCase(Locale.ROOT), p.gpu(), p.tp(), p.input(), p.output(), p.published(),
          sim, ratio);
      boolean ok = switch (p.engine()) {
        case "vLLM" -> ratio >= 0.8 && ratio <= 1.2;
        // Before v0.6 vLLM spent much of a short-sequence step on the CPU; v0.6.0 reported 2.7x the 8B throughput
        // on H100 from removing that overhead. The simulated engine is the later one: faster, by up to that factor.
        case "vLLM 0.5" -> ratio >= 1.0 && ratio <= 2.7;
        default -> ratio >= 0.40 && ratio <= 1.05;
      };
      if (!ok) {
        misses.add(p + " → " + Math.round(sim) + " (" + String.format(Locale.US, "%.2f", ratio) + ")");
      }
    }
    assertTrue(misses.isEmpty(), String.join("\n", misses));
  }
}
