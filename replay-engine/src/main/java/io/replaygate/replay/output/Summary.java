package io.replaygate.replay.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.costmodel.cost.CostLine;
import io.replaygate.costmodel.cost.PathCost;
import io.replaygate.replay.core.PathStats;
import io.replaygate.replay.core.Slo;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * {@code summary.json}: per path, what was served, how much came from cache, latency and reliability, and
 * the cost with its line items. Deterministic: fixed key order, ratios to 6 decimals, USD to 6 decimals,
 * latencies to 0.1 ms, no wall-clock time.
 */
public final class Summary {
  /** The definitions every figure follows (DESIGN §1a), written into the summary itself. */
  public static final String[][] DEFINITIONS = {
      {"token_hit_ratio", "cache_read_tokens / input_tokens over served requests (input_tokens = all prompt tokens)"},
      {"block_hit_ratio", "trace blocks found cached / all trace blocks of served requests"},
      {"reuse_ceiling", "token_hit_ratio of the ideal cache: unbounded, no minimum, token granularity"},
      {"cache_write_tokens", "prompt tokens billed as cache writes (5-minute + 1-hour)"},
      {"ttft_ms", "arrival to first token, including rate-limit waits (queue_delay)"},
      {"slo_attainment", "requests with TTFT <= slo.ttft_ms and TPOT <= slo.tpot_ms / all requests; unserved miss"},
      {"error_rate", "requests not served (errors and exhausted rate limits) / all requests"},
      {"cost_usd", "full cost of the replayed period under the path's terms; line items add up to it"},
      {"usd_per_million_tokens", "cost_usd / (prompt + output tokens served) x 1e6"},
      {"capacity_utilization", "work served / provisioned replica-seconds; work of a request = computed prompt "
          + "tokens / saturated prefill rate + output tokens x replica-seconds per token of a saturated decode batch "
          + "at its context within the TPOT target (cluster paths)"},
      {"gpu_busy_fraction", "GPU-seconds executing batches / provisioned GPU-seconds (cluster paths; reads ~1 "
          + "whenever a continuously batching replica has any work)"}};

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private Summary() {}

  public static ObjectNode root() {
    return JsonNodeFactory.withExactBigDecimals(true).objectNode();
  }

  public static void write(ObjectNode summary, Path file) throws IOException {
    Files.write(file, (JSON.writeValueAsString(summary) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * One path's entry. For a path that splits its figures by who served a request (a cluster and its managed
   * fallback), the top-level figures are labelled as the blend and {@code cluster_served} /
   * {@code fallback_served} carry each part's own.
   */
  public static ObjectNode path(ObjectNode into, PathStats s, Slo slo, PathCost cost, String unpricedNote) {
    if (s.primary != null) {
      into.put("figures", "blend: every request of the path, served by the cluster or by its managed fallback "
          + "(see cluster_served and fallback_served)");
      served(into.putObject("cluster_served"), s.primary, slo);
      served(into.putObject("fallback_served"), s.fallback, slo);
    }
    return priced(served(into, s, slo), s, cost, unpricedNote);
  }

  /** The served-request figures of one set of requests. */
  private static ObjectNode served(ObjectNode into, PathStats s, Slo slo) {
    into.put("requests", s.requests);
    into.put("served", s.ok);
    into.put("errors", s.errors);
    into.put("rate_limited", s.rateLimited);
    into.put("failovers", s.failovers);
    into.put("fallbacks", s.fallbacks);
    into.put("retries", s.retries);
    into.put("input_tokens", s.inputTokens);
    into.put("cache_read_tokens", s.cacheReadTokens);
    into.put("cache_write_tokens", s.cacheWrite5mTokens + s.cacheWrite1hTokens);
    into.put("cache_write_5m_tokens", s.cacheWrite5mTokens);
    into.put("cache_write_1h_tokens", s.cacheWrite1hTokens);
    into.put("output_tokens", s.outputTokens);
    into.put("token_hit_ratio", ratio(s.tokenHitRatio()));
    into.put("block_hit_ratio", ratio(s.blockHitRatio()));
    into.put("storage_token_hours", ratio(s.storageTokenHours));
    if (s.observedUsageRequests + s.notCachedRequests > 0) {
      ObjectNode cs = into.putObject("cache_not_simulated");
      cs.put("requests", s.observedUsageRequests + s.notCachedRequests);
      cs.put("billed_with_observed_cache_usage", s.observedUsageRequests);
      cs.put("billed_without_caching", s.notCachedRequests);
      cs.put("why", "the trace has no block hashes: what prompts share is unknown, so the provider's caching "
          + "cannot be simulated; observed cached / cache-write tokens are billed where the trace has them, "
          + "otherwise every prompt token is billed as plain input");
    } else {
      into.putNull("cache_not_simulated");
    }
    ObjectNode lat = into.putObject("latency_ms");
    lat.put("ttft_p50", ms(s.ttftUs, 50));
    lat.put("ttft_p95", ms(s.ttftUs, 95));
    lat.put("ttft_p99", ms(s.ttftUs, 99));
    lat.put("e2e_p50", ms(s.e2eUs, 50));
    lat.put("e2e_p95", ms(s.e2eUs, 95));
    lat.put("queue_p95", ms(s.queueUs, 95));
    ObjectNode sloNode = into.putObject("slo");
    sloNode.put("ttft_ms", slo.ttftMs());
    if (!slo.ttftBuckets().isEmpty()) {
      ArrayNode buckets = sloNode.putArray("ttft_by_prompt_tokens");
      for (var b : slo.ttftBuckets()) {
        buckets.addObject().put("up_to", b.upToTokens()).put("ttft_ms", b.ttftMs());
      }
    }
    sloNode.put("tpot_ms", slo.tpotMs());
    sloNode.put("attainment", ratio(s.sloAttainment()));
    into.put("error_rate", ratio(s.errorRate()));
    if (s.observedCacheRequests > 0) {
      ObjectNode o = into.putObject("observed_cache");
      o.put("requests", s.observedCacheRequests);
      o.put("observed_token_hit_ratio", ratio((double) s.observedCachedTokens / Math.max(1, s.observedCacheInput)));
      o.put("simulated_token_hit_ratio",
          ratio((double) s.simulatedCachedTokensOnObserved / Math.max(1, s.observedCacheInput)));
    } else {
      into.putNull("observed_cache");
    }
    if (s.observedTtftUs.getTotalCount() > 0) {
      ObjectNode o = into.putObject("observed_latency_ms");
      o.put("requests", s.observedTtftUs.getTotalCount());
      o.put("observed_ttft_p50", ms(s.observedTtftUs, 50));
      o.put("simulated_ttft_p50", ms(s.simulatedTtftUsOnObserved, 50));
      o.put("observed_ttft_p95", ms(s.observedTtftUs, 95));
      o.put("simulated_ttft_p95", ms(s.simulatedTtftUsOnObserved, 95));
    } else {
      into.putNull("observed_latency_ms");
    }
    return into;
  }

  private static ObjectNode priced(ObjectNode into, PathStats s, PathCost cost, String unpricedNote) {
    if (cost == null) {
      into.putNull("cost_usd");
      into.put("cost_note", unpricedNote);
      return into;
    }
    into.put("cost_usd", usd(cost.total()));
    BigDecimal perM = cost.usdPerMillionTokens();
    if (perM == null) {
      into.putNull("usd_per_million_tokens");
    } else {
      into.put("usd_per_million_tokens", usd(perM));
    }
    ArrayNode items = into.putArray("line_items");
    for (CostLine l : cost.lines()) {
      ObjectNode i = items.addObject();
      i.put("item", l.item());
      i.put("category", l.category().name().toLowerCase(Locale.ROOT));
      i.put("kind", l.kind().name().toLowerCase(Locale.ROOT));
      i.put("quantity", l.quantity().stripTrailingZeros());
      i.put("unit", l.unit());
      if (l.unitPrice() == null) {
        i.putNull("unit_price_usd");
      } else {
        i.put("unit_price_usd", l.unitPrice().stripTrailingZeros());
      }
      i.put("amount_usd", usd(l.amount()));
      i.put("basis", l.basis());
    }
    ObjectNode month = into.putObject("monthly_projection");
    month.put("usd", usd(cost.monthly().usd()));
    month.put("rule", cost.monthly().rule());
    month.put("extrapolated", cost.monthly().shortTrace());
    return into;
  }

  /** A ratio as every output writes it: six decimals, half-even. */
  public static BigDecimal ratio(double v) {
    return BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_EVEN);
  }

  public static BigDecimal usd(BigDecimal v) {
    return v.setScale(6, RoundingMode.HALF_EVEN);
  }

  static BigDecimal ms(Histogram h, double percentile) {
    if (h.getTotalCount() == 0) {
      return null;
    }
    return BigDecimal.valueOf(h.getValueAtPercentile(percentile)).movePointLeft(3).setScale(1, RoundingMode.HALF_EVEN);
  }
}
