package io.replaygate.replay.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code windows.parquet} is aggregated a path and a day of windows at a time ({@link WindowsTable#SLICE_US}); the
 * table must be the one a single aggregate over every outcome gives, windows on the slices' edges included.
 */
class WindowsTableTest {
  private static final long ORIGIN_US = 1_767_589_200_000_000L;
  private static final long DAY_US = WindowsTable.SLICE_US;

  @TempDir
  Path dir;

  /** Every column of the table, a row per path × window in the table's order. */
  @ParameterizedTest(name = "window {0} s")
  @ValueSource(longs = {300, 7_200, 172_800}) // 288 windows a slice, 12, and one (a window longer than a day)
  void slicedAggregation_equalsOneAggregateOverEveryOutcome(long windowSeconds) throws Exception {
    long windowUs = windowSeconds * 1_000_000L;
    Path outcomes = dir.resolve("outcomes.parquet");
    Path costs = dir.resolve("costs.parquet");
    Path cluster = dir.resolve("cluster.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      // Two paths over five days, in path order then arrival order as Replay writes them; a seeded spread of
      // latencies, some failures and fallbacks, and an arrival on each day's first and last microsecond.
      s.execute("""
          COPY (SELECT p AS path, a AS arrival_us, CASE WHEN i %% 17 = 0 THEN 'error' ELSE 'ok' END AS status,
                       i %% 5 = 0 AS fallback, 100 + i %% 900 AS input_tokens, i %% 400 AS cache_read_tokens,
                       10 + i %% 90 AS output_tokens, CASE WHEN i %% 17 = 0 THEN NULL ELSE (i * 7919) %% 10007 / 7.0
                       END AS ttft_ms, (i * 104729) %% 100003 / 3.0 AS e2e_ms
                FROM (SELECT p, i, %1$d + CASE WHEN i %% 1000 = 0 THEN (i // 1000 %% 5) * %2$d
                                              WHEN i %% 1000 = 1 THEN (i // 1000 %% 5 + 1) * %2$d - 1
                                              ELSE (i * 2654435761) %% (5 * %2$d) END AS a
                      FROM range(20000) t(i), (VALUES ('a'), ('b')) v(p))
                ORDER BY path, arrival_us) TO '%3$s' (FORMAT parquet)""".formatted(ORIGIN_US, DAY_US, outcomes));
      s.execute("""
          COPY (SELECT p AS path, 'window' AS dimension, CAST(w AS VARCHAR) AS key, w * 0.25 AS usd
                FROM range(3) t(w), (VALUES ('a'), ('b')) v(p)) TO '%s' (FORMAT parquet)""".formatted(costs));
      s.execute("""
          COPY (SELECT 'b' AS path, w AS "window", 2 AS replicas, 600.0 AS replica_seconds, 300.0 AS work_seconds,
                       4800.0 AS provisioned_gpu_seconds, 1200.0 AS busy_gpu_seconds FROM range(2) t(w))
                TO '%s' (FORMAT parquet)""".formatted(cluster));
    }
    Path sliced = dir.resolve("windows.parquet");
    WindowsTable.write(sliced, outcomes, costs, cluster, List.of("b", "a"), ORIGIN_US, windowUs);

    List<List<Object>> table = rows("SELECT * FROM read_parquet('" + sliced + "')");
    List<List<Object>> once = rows("""
        WITH r AS (SELECT path, CAST(floor((arrival_us - %1$d) / %2$d) AS BIGINT) AS w, count(*) AS requests,
                          count(*) FILTER (WHERE status <> 'ok') AS errors,
                          count(*) FILTER (WHERE fallback) AS fallbacks,
                          sum(input_tokens) AS input_tokens, sum(cache_read_tokens) AS cache_read_tokens,
                          sum(output_tokens) AS output_tokens, quantile_cont(ttft_ms, 0.5) AS p50,
                          quantile_cont(ttft_ms, 0.95) AS p95, quantile_cont(ttft_ms, 0.99) AS p99,
                          quantile_cont(e2e_ms, 0.95) AS e95
                   FROM read_parquet('%3$s') GROUP BY ALL)
        SELECT w, requests, errors, fallbacks, input_tokens, cache_read_tokens, output_tokens, p50, p95, p99, e95
        FROM r ORDER BY CASE path WHEN 'b' THEN 0 ELSE 1 END, w""".formatted(ORIGIN_US, windowUs, outcomes));
    List<List<Object>> sameColumns = rows("""
        SELECT "window", requests, errors, fallbacks, input_tokens, cache_read_tokens, output_tokens, ttft_p50_ms,
               ttft_p95_ms, ttft_p99_ms, e2e_p95_ms FROM read_parquet('%s') WHERE requests > 0""".formatted(sliced));
    assertEquals(once.size(), sameColumns.size(), "windows with traffic");
    for (int i = 0; i < once.size(); i++) {
      assertEquals(once.get(i), sameColumns.get(i), "row " + i + ": aggregated whole, in path then window order");
    }
    long windows = 5 * DAY_US / windowUs;
    assertTrue(once.size() >= 2 * Math.min(windows, 5), "the outcomes span several slices: " + once.size());
    assertEquals(40_000, sameColumns.stream().mapToDouble(r -> (Double) r.get(1)).sum());
    // Windows with only a cost or only a cluster row are kept, as before (window 0 of both paths has traffic).
    assertEquals(once.size(), table.stream().filter(r -> (Double) r.get(3) > 0).count());
  }

  private static List<List<Object>> rows(String sql) throws Exception {
    List<List<Object>> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      ResultSetMetaData m = r.getMetaData();
      while (r.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= m.getColumnCount(); i++) {
          Object v = r.getObject(i);
          // Numbers as doubles: the sums are HUGEINT in DuckDB and DOUBLE once written to Parquet.
          row.add(v instanceof Number n ? (Object) n.doubleValue() : v);
        }
        out.add(row);
      }
    }
    return out;
  }
}
