package io.replaygate.replay.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prometheus text as vLLM and SGLang expose it: kept names summed over label sets, everything else ignored. */
class ServerMetricsTest {
  @Test
  void parse_sumsLabelSets_andIgnoresOthers() {
    String text = """
        # HELP vllm:prefix_cache_queries_total Prefix cache queries, in terms of number of queried tokens.
        # TYPE vllm:prefix_cache_queries_total counter
        vllm:prefix_cache_queries_total{engine="0",model_name="meta-llama/Llama 3"} 1200.0
        vllm:prefix_cache_queries_total{engine="1",model_name="meta-llama/Llama 3"} 800.0
        vllm:prefix_cache_hits_total{engine="0",model_name="meta-llama/Llama 3"} 500.0
        vllm:num_requests_running{engine="0",model_name="m"} 3.0
        vllm:time_to_first_token_seconds_bucket{le="0.1",model_name="m"} 7.0
        sglang:cache_hit_rate{name="x"} 0.42 1700000000000
        process_cpu_seconds_total 12.5
        """;
    assertEquals(Map.of("vllm:prefix_cache_queries_total", 2000.0, "vllm:prefix_cache_hits_total", 500.0,
        "vllm:num_requests_running", 3.0, "sglang:cache_hit_rate", 0.42), ServerMetrics.parse(text));
  }
}
