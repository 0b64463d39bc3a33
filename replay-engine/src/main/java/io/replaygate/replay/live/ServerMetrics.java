package io.replaygate.replay.live;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's own Prometheus metrics ({@code GET /metrics}), scraped before the first request, every interval
 * during the run and after the last, and reported per interval: what the engine says of its prefix cache, its KV
 * cache and its queue, beside what the replay measured. Read by name, summed over label sets: vLLM's
 * {@code vllm:prefix_cache_queries_total} / {@code vllm:prefix_cache_hits_total} (tokens),
 * {@code vllm:num_requests_running}, {@code vllm:num_requests_waiting}, {@code vllm:kv_cache_usage_perc} (or the
 * older {@code vllm:gpu_cache_usage_perc}); SGLang's {@code sglang:cache_hit_rate}, {@code sglang:token_usage},
 * {@code sglang:num_running_reqs}, {@code sglang:num_queue_reqs}.
 */
public final class ServerMetrics {
  /** Metric names kept from a scrape (others are ignored). */
  static final List<String> KEPT = List.of("vllm:prefix_cache_queries_total", "vllm:prefix_cache_hits_total",
      "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc",
      "sglang:cache_hit_rate", "sglang:token_usage", "sglang:num_running_reqs", "sglang:num_queue_reqs");

  /** One scrape: seconds since the run's start, and the kept metrics (empty when the scrape failed). */
  public record Snapshot(double atSeconds, Map<String, Double> values, String error) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI url;
  private final LiveTarget target;
  private final List<Snapshot> snapshots = new ArrayList<>();

  public ServerMetrics(LiveTarget target) {
    this.url = URI.create(target.baseUrl().toString().replaceAll("/+$", "") + "/metrics");
    this.target = target;
  }

  /** Scrapes now; a failure is recorded as such (never thrown: metrics are a report, not the measurement). */
  public void scrape(double atSeconds) {
    Snapshot s;
    try {
      if (target.providerApi()) {
        s = new Snapshot(atSeconds, Map.of(), "a provider's API exposes no metrics");
        synchronized (snapshots) {
          snapshots.add(s);
        }
        return;
      }
      HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET();
      LiveClient.authorize(b, target);
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      s = r.statusCode() == 200 ? new Snapshot(atSeconds, parse(r.body()), null)
          : new Snapshot(atSeconds, Map.of(), "GET /metrics answered " + r.statusCode());
    } catch (IOException e) {
      s = new Snapshot(atSeconds, Map.of(), "unreachable (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s = new Snapshot(atSeconds, Map.of(), "interrupted");
    } catch (IllegalStateException e) {
      s = new Snapshot(atSeconds, Map.of(), e.getMessage()); // the key's variable is unset: named, never a key
    }
    synchronized (snapshots) {
      snapshots.add(s);
    }
  }

  /** The kept metrics of a Prometheus text exposition, each summed over its label sets. */
  static Map<String, Double> parse(String text) {
    Map<String, Double> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = brace >= 0 ? line.indexOf(' ', line.lastIndexOf('}')) : line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      String name = line.substring(0, brace >= 0 && brace < space ? brace : space).strip();
      if (!KEPT.contains(name)) {
        continue;
      }
      String[] rest = line.substring(space + 1).strip().split("\\s+");
      try {
        out.merge(name, Double.parseDouble(rest[0]), Double::sum);
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return out;
  }

  public List<Snapshot> snapshots() {
    synchronized (snapshots) {
      return List.copyOf(snapshots);
    }
  }

  /**
   * {@code summary.json}'s {@code server_metrics}: per interval between consecutive good scrapes, the engine's
   * prefix-cache hit ratio (Δhits ÷ Δqueries, vLLM) and the gauges at its end; over the run, the same ratio.
   */
  public void write(ObjectNode out) {
    List<Snapshot> all = snapshots();
    List<Snapshot> good = all.stream().filter(s -> s.error() == null).toList();
    out.put("scrapes", all.size()).put("failed", all.size() - good.size());
    all.stream().filter(s -> s.error() != null).findFirst().ifPresent(s -> out.put("first_error", s.error()));
    ArrayNode windows = out.putArray("intervals");
    for (int i = 1; i < good.size(); i++) {
      Snapshot a = good.get(i - 1);
      Snapshot b = good.get(i);
      ObjectNode w = windows.addObject().put("from_s", a.atSeconds()).put("to_s", b.atSeconds());
      Double ratio = ratio(a, b);
      if (ratio != null) {
        w.put("prefix_cache_hit_ratio", ratio);
      }
      b.values().forEach((k, v) -> {
        if (!k.endsWith("_total")) {
          w.put(k, v);
        }
      });
    }
    if (good.size() >= 2) {
      Double run = ratio(good.get(0), good.get(good.size() - 1));
      if (run != null) {
        out.put("prefix_cache_hit_ratio", run);
      }
    }
  }

  private static Double ratio(Snapshot a, Snapshot b) {
    Double qa = a.values().get("vllm:prefix_cache_queries_total");
    Double qb = b.values().get("vllm:prefix_cache_queries_total");
    Double ha = a.values().get("vllm:prefix_cache_hits_total");
    Double hb = b.values().get("vllm:prefix_cache_hits_total");
    if (qa == null || qb == null || ha == null || hb == null || qb - qa <= 0) {
      return null;
    }
    return (hb - ha) / (qb - qa);
  }
}
