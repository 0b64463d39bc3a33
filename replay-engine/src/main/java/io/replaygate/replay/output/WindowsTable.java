package io.replaygate.replay.output;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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

  /**
   * How many windows one aggregation over {@code outcomes.parquet} covers: a day's worth (at least one window). The
   * latency percentiles are holistic (DuckDB holds every value of a group until it is finished), so aggregating the
   * whole table at once held every served request's TTFT and e2e in native memory: 2.2 GB beside the replay's heap
   * for the 58 million outcomes of a 10-million-request week. Per path and per day of windows that is a day of one
   * path's requests, whatever the trace's length.
   */
  static final long SLICE_US = 86_400_000_000L;

  public static void write(Path file, Path outcomes, Path costs, Path cluster, List<String> pathOrder, long originUs,
      long windowUs) throws IOException {
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < pathOrder.size(); i++) {
      order.append(i == 0 ? "" : ", ").append("(").append(i).append(", '").append(pathOrder.get(i).replace("'", "''"))
          .append("')");
    }
    String window = "CAST(floor((arrival_us - %d) / %d) AS BIGINT)".formatted(originUs, windowUs);
    String perWindow = """
        SELECT path, %1$s AS w,
               count(*) AS requests, count(*) FILTER (WHERE status <> 'ok') AS errors,
               count(*) FILTER (WHERE fallback) AS fallbacks,
               sum(input_tokens) AS input_tokens, sum(cache_read_tokens) AS cache_read_tokens,
               sum(output_tokens) AS output_tokens,
               quantile_cont(ttft_ms, 0.5) AS ttft_p50_ms, quantile_cont(ttft_ms, 0.95) AS ttft_p95_ms,
               quantile_cont(ttft_ms, 0.99) AS ttft_p99_ms, quantile_cont(e2e_ms, 0.95) AS e2e_p95_ms
        FROM read_parquet('%2$s')""".formatted(window, sqlPath(outcomes));
    String sql = """
        COPY (
          WITH c AS (SELECT path, CAST(key AS BIGINT) AS w, sum(usd) AS cost_usd FROM read_parquet('%3$s')
                WHERE dimension = 'window' GROUP BY ALL),
          g AS (SELECT path, "window" AS w, sum(replicas) AS replicas,
                       CASE WHEN sum(replica_seconds) > 0
                            THEN sum(work_seconds) / sum(replica_seconds) END AS capacity_utilization,
                       CASE WHEN sum(provisioned_gpu_seconds) > 0
                            THEN sum(busy_gpu_seconds) / sum(provisioned_gpu_seconds) END AS gpu_busy_fraction
                FROM read_parquet('%4$s') GROUP BY ALL),
          k AS (SELECT path, w FROM r UNION SELECT path, w FROM c UNION SELECT path, w FROM g),
          o(ord, path) AS (VALUES %5$s)
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
        ) TO '%6$s' (FORMAT parquet, COMPRESSION zstd)
        """.formatted(originUs, windowUs, sqlPath(costs), sqlPath(cluster), order, sqlPath(file));
    long sliceWindows = Math.max(1, SLICE_US / windowUs);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      // The per-window aggregates are counts, sums of integers and percentiles: the same whatever the threads, so the
      // scans use the machine's cores (the replay is over; this is the run's serial tail). The final join sums costs
      // in floating point, whose result depends on the order of the additions: one thread.
      s.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
      s.execute("CREATE TEMP TABLE r AS " + perWindow + " WHERE false GROUP BY ALL");
      // Each path's windows a slice at a time. The arrival range lets DuckDB skip the row groups outside it (the
      // table is in path order, each path's rows in arrival order); the window itself decides, so every window is
      // aggregated whole, in exactly one slice.
      List<Slice> slices = new ArrayList<>(); // only those with traffic: a sparse trace a year long is two, not 365
      try (ResultSet r = s.executeQuery("SELECT DISTINCT path, CAST(floor(" + window + " / " + sliceWindows
          + ") AS BIGINT) * " + sliceWindows + " AS first FROM read_parquet('" + sqlPath(outcomes)
          + "') ORDER BY path, first")) {
        while (r.next()) {
          slices.add(new Slice(r.getString(1), r.getLong(2)));
        }
      }
      try (PreparedStatement slice = c.prepareStatement("INSERT INTO r " + perWindow + " WHERE path = ?"
          + " AND arrival_us >= ? AND arrival_us < ? AND " + window + " BETWEEN ? AND ? GROUP BY ALL")) {
        for (Slice at : slices) {
          long from = at.firstWindow();
          long to = from + sliceWindows - 1;
          slice.setString(1, at.path());
          slice.setLong(2, originUs + (from - 1) * windowUs); // a window wide either side: the range only prunes
          slice.setLong(3, originUs + (to + 2) * windowUs);
          slice.setLong(4, from);
          slice.setLong(5, to);
          slice.execute();
        }
      }
      s.execute("SET threads = 1");
      s.execute(sql);
    } catch (SQLException e) {
      throw new IOException("writing " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** A path's windows {@code firstWindow} to {@code firstWindow + sliceWindows − 1}, aggregated in one query. */
  private record Slice(String path, long firstWindow) {}

  private static String sqlPath(Path p) {
    return p.toAbsolutePath().toString().replace("'", "''");
  }
}
