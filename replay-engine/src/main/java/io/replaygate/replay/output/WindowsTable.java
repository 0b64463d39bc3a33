package io.replaygate.replay.output;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code windows.parquet}: per path × ledger window, what the time series of the report and the bootstrap
 * read — one tidy row each, aggregated by DuckDB from the run's own tables (nothing recomputed from the
 * simulation):
 * <ul>
 *   <li>{@code requests}, {@code errors}, {@code fallbacks}, {@code input_tokens}, {@code cache_read_tokens},
 *       {@code output_tokens}, {@code token_hit_ratio} (cache reads ÷ prompt tokens) and TTFT p50 / p95 / p99,
 *       e2e p95 (ms, DuckDB's {@code quantile_cont}) of the requests that <em>arrived</em> in the window;</li>
 *   <li>{@code cost_usd}: the path's line items allocated to the window (costs.parquet, dimension
 *       {@code window}: usage when served, fixed amounts spread evenly) — the series the savings interval
 *       resamples;</li>
 *   <li>{@code replicas}, {@code capacity_utilization} (work served ÷ provisioned replica-seconds at
 *       saturation, {@code ClusterDefaults.workSeconds}) and {@code gpu_busy_fraction} (busy ÷ provisioned
 *       GPU-seconds) of a cluster path's deployments together (cluster.parquet); null for paths without GPUs.</li>
 * </ul>
 * Rows are ordered by the scenario's path order, then window; windows without traffic or cost are absent.
 */
public final class WindowsTable {
  private WindowsTable() {}

  public static void write(Path file, Path outcomes, Path costs, Path cluster, List<String> pathOrder, long originUs,
      long windowUs) throws IOException {
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < pathOrder.size(); i++) {
      order.append(i == 0 ? "" : ", ").append("(").append(i).append(", '").append(pathOrder.get(i).replace("'", "''"))
          .append("')");
    }
    String sql = """
        COPY (
          WITH r AS (
            SELECT path, CAST(floor((arrival_us - %1$d) / %2$d) AS BIGINT) AS w,
                   count(*) AS requests, count(*) FILTER (WHERE status <> 'ok') AS errors,
                   count(*) FILTER (WHERE fallback) AS fallbacks,
                   sum(input_tokens) AS input_tokens, sum(cache_read_tokens) AS cache_read_tokens,
                   sum(output_tokens) AS output_tokens,
                   quantile_cont(ttft_ms, 0.5) AS ttft_p50_ms, quantile_cont(ttft_ms, 0.95) AS ttft_p95_ms,
                   quantile_cont(ttft_ms, 0.99) AS ttft_p99_ms, quantile_cont(e2e_ms, 0.95) AS e2e_p95_ms
            FROM read_parquet('%3$s') GROUP BY ALL),
          c AS (SELECT path, CAST(key AS BIGINT) AS w, sum(usd) AS cost_usd FROM read_parquet('%4$s')
                WHERE dimension = 'window' GROUP BY ALL),
          g AS (SELECT path, "window" AS w, sum(replicas) AS replicas,
                       CASE WHEN sum(replica_seconds) > 0
                            THEN sum(work_seconds) / sum(replica_seconds) END AS capacity_utilization,
                       CASE WHEN sum(provisioned_gpu_seconds) > 0
                            THEN sum(busy_gpu_seconds) / sum(provisioned_gpu_seconds) END AS gpu_busy_fraction
                FROM read_parquet('%5$s') GROUP BY ALL),
          k AS (SELECT path, w FROM r UNION SELECT path, w FROM c UNION SELECT path, w FROM g),
          o(ord, path) AS (VALUES %6$s)
          SELECT k.path, k.w AS "window", %1$d + k.w * %2$d AS window_start_us,
                 coalesce(r.requests, 0) AS requests, coalesce(r.errors, 0) AS errors,
                 coalesce(r.fallbacks, 0) AS fallbacks, coalesce(r.input_tokens, 0) AS input_tokens,
                 coalesce(r.cache_read_tokens, 0) AS cache_read_tokens, coalesce(r.output_tokens, 0) AS output_tokens,
                 CASE WHEN r.input_tokens > 0 THEN r.cache_read_tokens / r.input_tokens END AS token_hit_ratio,
                 r.ttft_p50_ms, r.ttft_p95_ms, r.ttft_p99_ms, r.e2e_p95_ms,
                 c.cost_usd, g.replicas, g.capacity_utilization, g.gpu_busy_fraction
          FROM k JOIN o USING (path) LEFT JOIN r USING (path, w) LEFT JOIN c USING (path, w)
               LEFT JOIN g USING (path, w)
          ORDER BY o.ord, k.w
        ) TO '%7$s' (FORMAT parquet, COMPRESSION zstd)
        """.formatted(originUs, windowUs, sqlPath(outcomes), sqlPath(costs), sqlPath(cluster), order, sqlPath(file));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = 1");
      s.execute(sql);
    } catch (SQLException e) {
      throw new IOException("writing " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  private static String sqlPath(Path p) {
    return p.toAbsolutePath().toString().replace("'", "''");
  }
}
