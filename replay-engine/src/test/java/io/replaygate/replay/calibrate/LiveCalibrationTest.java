package io.replaygate.replay.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration from a vllm bench serve result written by hand in its documented shape, its figures computed from a
 * known step time (20 ms + 200 us per prefill token + 5 ms per decoding sequence): the fit gives them back.
 */
class LiveCalibrationTest {
  @TempDir
  Path dir;

  private static final double C0 = 0.020;
  private static final double PREFILL = 200e-6;
  private static final double PER_SEQ = 0.005;

  private Path bench(boolean withStarts, int concurrency) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode r = json.createObjectNode().put("backend", "vllm").put("model_id", "m").put("completed", 0);
    if (concurrency > 0) {
      r.put("max_concurrency", concurrency);
    }
    ArrayNode in = r.putArray("input_lens");
    ArrayNode out = r.putArray("output_lens");
    ArrayNode ttfts = r.putArray("ttfts");
    ArrayNode itls = r.putArray("itls");
    ArrayNode starts = r.putArray("start_times");
    r.putArray("errors");
    double t = 1000;
    for (int i = 0; i < 12; i++) { // alone, one after another
      int len = 200 * (i + 1);
      double ttft = C0 + PREFILL * len;
      in.add(len);
      out.add(3);
      ttfts.add(ttft);
      ArrayNode gaps = itls.addArray();
      gaps.add(C0 + PER_SEQ).add(C0 + PER_SEQ);
      starts.add(t);
      ((ArrayNode) r.get("errors")).add("");
      t += ttft + 2 * (C0 + PER_SEQ) + 0.5;
    }
    for (int k : new int[] {2, 4, 8}) { // bursts decoding together
      for (int j = 0; j < k; j++) {
        in.add(40);
        out.add(9);
        ttfts.add(0.1);
        ArrayNode gaps = itls.addArray();
        for (int g = 0; g < 8; g++) {
          gaps.add(C0 + PER_SEQ * k);
        }
        starts.add(t);
        ((ArrayNode) r.get("errors")).add("");
      }
      t += 5;
    }
    if (!withStarts) {
      r.remove("start_times");
    }
    Path f = dir.resolve("bench.json");
    Files.writeString(f, json.writeValueAsString(r));
    return f;
  }

  @Test
  void vllmBench_withStartTimes_recoversTheStepTime() throws Exception {
    LiveCalibration.Result res = LiveCalibration.fromVllmBench(bench(true, 0), (p, a, d, c) -> 0.05);
    double[] c = res.fitted().coefficients();
    assertEquals(C0, c[0], 1e-6, res.report().toString());
    assertEquals(PREFILL, c[1], 1e-9);
    assertEquals(PER_SEQ, c[3], 1e-7);
    assertEquals(8, res.report().path("error_pct").path("over_70").path("itl").path("after").path("n").asInt(),
        "the 8-wide burst is the top load band (8 of the 8 the run had at most)");
    assertTrue(res.report().path("error_pct").path("all").path("ttft").path("after").path("mape").asDouble() < 1e-6);
  }

  /** The run of {@link #bench}, its twelve prefills' TTFTs changed by {@code ttft} (index, seconds → seconds). */
  private LiveCalibration.Result benchWith(java.util.function.BiFunction<Integer, Double, Double> ttft)
      throws Exception {
    Path f = bench(true, 0);
    ObjectNode r = (ObjectNode) new ObjectMapper().readTree(f.toFile());
    ArrayNode ttfts = (ArrayNode) r.get("ttfts");
    for (int i = 0; i < 12; i++) {
      ttfts.set(i, ttft.apply(i, ttfts.get(i).asDouble()));
    }
    Files.writeString(f, new ObjectMapper().writeValueAsString(r));
    return LiveCalibration.fromVllmBench(f, (p, a, d, c) -> 0.05);
  }

  /**
   * The first request's TTFT carries a cold connection (+400 ms): least squares over all twelve prefills would raise
   * the intercept and flatten the slope; it is left out as an outlier, named, and the rest give the step time back.
   */
  @Test
  void calibrate_coldFirstRequest_isLeftOut_andTheStepTimeRecovered() throws Exception {
    LiveCalibration.Result res = benchWith((i, s) -> i == 0 ? s + 0.4 : s);
    double[] c = res.fitted().coefficients();
    assertEquals(PREFILL, c[1], 1e-9, res.report().toString());
    assertEquals(C0, c[0], 1e-6);
    assertEquals(1, res.report().path("measurements_left_out").size(), res.report().toString());
    var out = res.report().path("measurements_left_out").get(0);
    assertEquals("prefill", out.path("kind").asText());
    assertEquals(200, out.path("prefill_tokens").asLong());
    assertEquals(460, out.path("measured_ms").asDouble(), 1e-6, "20 + 0.2 x 200 + 400 ms");
    assertEquals(60, out.path("fitted_ms").asDouble(), 1e-6, "by the fit without it");
    assertEquals(11, res.report().path("prefill_steps").asLong(), "the CSV and the errors hold the kept ones");
    assertEquals(res.steps().size(), res.loads().size());
  }

  /**
   * Noise is not an outlier: prefills alternately 30% over and under (each over the 25% floor, none 5 robust
   * standard deviations off), or one 10% over among exact ones (past any multiple of a zero spread, under the floor).
   */
  @Test
  void calibrate_noise_leavesNothingOut() throws Exception {
    for (LiveCalibration.Result res : java.util.List.of(benchWith((i, s) -> s * (i % 2 == 0 ? 1.3 : 0.7)),
        benchWith((i, s) -> i == 5 ? s * 1.1 : s))) {
      assertTrue(res.report().path("measurements_left_out").isEmpty(), res.report().toString());
      assertEquals(12, res.report().path("prefill_steps").asLong());
    }
  }

  @Test
  void vllmBench_withoutStartTimes_needsASequentialRun() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LiveCalibration.fromVllmBench(bench(false, 8), (p, a, d, c) -> 0.05));
    assertTrue(e.getMessage().contains("--max-concurrency 1"), e.getMessage());
  }

  /** The same run as AIPerf's per-request records (ns timestamps, ms metrics), one failed request among them. */
  @Test
  void aiperfRecords_recoverTheStepTime() throws Exception {
    ObjectMapper json = new ObjectMapper();
    var vllm = json.readTree(bench(true, 0).toFile());
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < vllm.path("ttfts").size(); i++) {
      double start = vllm.path("start_times").get(i).asDouble();
      double ttft = vllm.path("ttfts").get(i).asDouble();
      double decode = 0;
      for (var g : vllm.path("itls").get(i)) {
        decode += g.asDouble();
      }
      ObjectNode r = json.createObjectNode();
      r.putObject("metadata").put("session_num", i).put("request_start_ns", Math.round(start * 1e9))
          .put("request_end_ns", Math.round((start + ttft + decode) * 1e9));
      ObjectNode m = r.putObject("metrics");
      m.putObject("input_sequence_length").put("value", vllm.path("input_lens").get(i).asInt()).put("unit", "tokens");
      m.putObject("time_to_first_token").put("value", ttft * 1e3).put("unit", "ms");
      m.putObject("inter_token_latency").put("value", decode * 1e3 / vllm.path("itls").get(i).size()).put("unit", "ms");
      m.putObject("output_sequence_length").put("value", vllm.path("output_lens").get(i).asInt()).put("unit", "tokens");
      r.putNull("error");
      lines.append(json.writeValueAsString(r)).append('\n');
    }
    lines.append("{\"metadata\": {\"session_num\": 99, \"request_start_ns\": 1}, \"metrics\": {\"error_isl\": "
        + "{\"value\": 550, \"unit\": \"tokens\"}}, \"error\": {\"code\": 499, \"type\": \"X\", \"message\": \"m\"}}\n");
    Path f = dir.resolve("profile_export.jsonl");
    Files.writeString(f, lines);
    double[] c = LiveCalibration.fromAiperf(f, (p, a, d, x) -> 0.05).fitted().coefficients();
    assertEquals(C0, c[0], 1e-6);
    assertEquals(PREFILL, c[1], 1e-9);
    assertEquals(PER_SEQ, c[3], 1e-7);
  }

  /**
   * The same run as a GuideLLM report, in each schema generation (0.2: the request's own start_time, end_time,
   * first_token_time; 0.3: scheduler_info.request_timings; 0.4 and later: info.timings and the computed
   * request_start_time), split over two benchmarks as a sweep writes them,
   * with an errored request that must be passed over.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"0.2", "0.3", "0.4"})
  void guidellmReport_recoversTheStepTime(String generation) throws Exception {
    ObjectMapper json = new ObjectMapper();
    var vllm = json.readTree(bench(true, 0).toFile());
    ObjectNode report = json.createObjectNode();
    ArrayNode benchmarks = report.putArray("benchmarks");
    ArrayNode successful = null;
    for (int i = 0; i < vllm.path("ttfts").size(); i++) {
      if (i == 0 || i == 12) { // the sequential part, then the bursts: two benchmarks of a sweep
        ObjectNode b = benchmarks.addObject().put("type_", "generative_benchmark");
        ObjectNode requests = b.putObject("requests");
        successful = requests.putArray("successful");
        requests.putArray("incomplete");
        requests.putArray("errored").addObject().put("request_id", "bad").put("prompt_tokens", 5);
      }
      double start = vllm.path("start_times").get(i).asDouble();
      double ttft = vllm.path("ttfts").get(i).asDouble();
      double decode = 0;
      for (var g : vllm.path("itls").get(i)) {
        decode += g.asDouble();
      }
      int out = vllm.path("output_lens").get(i).asInt();
      ObjectNode q = successful.addObject().put("type_", "generative_request_stats").put("request_id", "r" + i)
          .put("prompt_tokens", vllm.path("input_lens").get(i).asInt()).put("output_tokens", out)
          .put("request_latency", ttft + decode).put("time_to_first_token_ms", ttft * 1e3)
          .put("inter_token_latency_ms", decode * 1e3 / (out - 1));
      if (generation.equals("0.2")) {
        q.put("type_", "generative_text_response").put("start_time", start).put("end_time", start + ttft + decode)
            .put("first_token_time", start + ttft).put("last_token_time", start + ttft + decode);
      } else if (generation.equals("0.3")) {
        q.putObject("scheduler_info").putObject("request_timings").put("request_start", start)
            .put("first_iteration", start + ttft).put("request_end", start + ttft + decode);
      } else {
        q.put("request_start_time", start).put("request_end_time", start + ttft + decode);
        q.putObject("info").putObject("timings").put("request_start", start).put("first_token_iteration", start + ttft);
      }
    }
    Path f = dir.resolve("benchmarks.json");
    Files.writeString(f, json.writeValueAsString(report));
    double[] c = LiveCalibration.fromGuidellm(f, (p, a, d, x) -> 0.05).fitted().coefficients();
    assertEquals(C0, c[0], 1e-6);
    assertEquals(PREFILL, c[1], 1e-9);
    assertEquals(PER_SEQ, c[3], 1e-7);
  }

  @Test
  void guidellmReport_requestWithoutItsTimings_isNamed() throws Exception {
    Path f = dir.resolve("benchmarks.json");
    Files.writeString(f, "{\"benchmarks\": [{\"requests\": {\"successful\": [{\"prompt_tokens\": 3}]}}]}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LiveCalibration.fromGuidellm(f, (p, a, d, x) -> 0.05));
    assertTrue(e.getMessage().contains("benchmarks[0].requests.successful"), e.getMessage());
  }
}
