package io.replaygate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.replay.output.Summary;
import java.time.Instant;
import java.util.Map;

/**
 * {@code report.json}: the data behind the report page, for machines — the decision, the cost classes per path,
 * cost per tenant and per model path, every time series the charts draw (keyed by the start of the hour, or of
 * the {@code bucket_hours}-hour bucket for traces over two weeks, UTC; cost per hour either way),
 * the latency percentiles and the KV-tier hits, and which charts were drawn (and why not). Every figure here
 * is one the page shows, from the same {@link RunData}.
 */
public final class ReportJson {
  private ReportJson() {}

  public static ObjectNode render(RunData d) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    JsonNode v = d.verdict();
    root.put("decision", v.path("decision").asText());
    root.set("candidate", v.path("candidate"));
    root.set("savings", v.path("savings"));
    root.set("monthly_usd", v.path("monthly_usd"));
    ObjectNode classes = root.putObject("cost_classes_usd");
    CostClasses.byPath(d).forEach((p, m) -> m.forEach((k, x) -> classes.withObjectProperty(p).put(k, Summary.ratio(x))));
    root.set("cost_by_tenant_usd", nested(d.costByTenant()));
    root.set("cost_by_model_path_usd", nested(d.costByModelPath()));
    root.put("bucket_hours", d.bucketHours());
    ObjectNode series = root.putObject("hourly");
    series.set("cost_usd", hourly(d.costPerHour()));
    series.set("replicas", hourly(d.replicas()));
    series.set("capacity_utilization", hourly(d.utilisation()));
    series.set("fallback_share", hourly(d.fallbackShare()));
    ObjectNode lat = root.putObject("latency_percentiles_ms");
    lat.put("percentiles", "0, 1, ..., 100 of served requests");
    lat.set("ttft", percentiles(d.ttftCdf()));
    lat.set("tpot", percentiles(d.tpotCdf()));
    ObjectNode tiers = root.putObject("kv_tier_hit_tokens");
    d.tierHits().forEach((p, t) -> tiers.putObject(p).put("gpu", t[0]).put("host", t[1]).put("pool", t[2]));
    ArrayNode charts = root.putArray("charts");
    for (ReportCharts.Figure f : ReportCharts.all(d)) {
      charts.addObject().put("id", f.id()).put("title", f.title()).put("drawn", f.svg() != null)
          .put(f.svg() != null ? "text_alternative" : "not_drawn_because", f.alt());
    }
    return root;
  }

  private static ObjectNode nested(Map<String, Map<String, Double>> m) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    m.forEach((p, inner) -> inner.forEach((k, x) -> out.withObjectProperty(p).put(k, Summary.ratio(x))));
    return out;
  }

  private static ObjectNode hourly(Map<String, Map<Long, Double>> m) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    m.forEach((p, s) -> {
      ArrayNode a = out.putArray(p);
      s.forEach((h, x) -> a.addObject().put("hour", Instant.ofEpochSecond(h / 1_000_000L).toString()).put("value", Summary.ratio(x)));
    });
    return out;
  }

  private static ObjectNode percentiles(Map<String, double[]> m) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    m.forEach((p, q) -> {
      ArrayNode a = out.putArray(p);
      for (double x : q) {
        a.add(Summary.ratio(x));
      }
    });
    return out;
  }
}
