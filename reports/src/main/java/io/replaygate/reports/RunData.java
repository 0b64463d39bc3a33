package io.replaygate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.gate.BusinessHours;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a report shows, read from one run directory and nothing else: {@code verdict.json},
 * {@code summary.json}, and hourly series and distributions aggregated by embedded DuckDB from the run's
 * Parquet tables (nothing is recomputed from the simulation). Hourly series are sums (or ratios of sums) over
 * the windows in each UTC hour, so a week is 168 points per path; a trace longer than two weeks is
 * downsampled to buckets of whole hours ({@link #bucketHours}, at most {@value #MAX_POINTS} points per series),
 * costs still per hour (the bucket's mean).
 *
 * @param dir          the run directory
 * @param verdict      {@code verdict.json}
 * @param summary      {@code summary.json}
 * @param costPerHour  path → hour → cost (costs.parquet, dimension {@code window})
 * @param replicas     cluster path → hour → replicas provisioned, all deployments, mean over the hour's windows
 * @param utilisation  cluster path → hour → capacity utilisation: Σ work-seconds ÷ Σ replica-seconds
 * @param fallbackShare path with fallbacks → hour → fallback requests ÷ requests arriving (outcomes.parquet)
 * @param ttftCdf      path → TTFT (ms) at the percentiles 0, 1, …, 100 of served requests
 * @param tpotCdf      path → time per output token (ms) at the percentiles 0..100 of served requests
 * @param tierHits     cluster path → prompt tokens found in GPU memory, host memory, the shared pool
 * @param costByTenant path → tenant → cost (costs.parquet, dimension {@code tenant})
 * @param costByModelPath path → model path → cost (costs.parquet, dimension {@code model_path})
 * @param businessHours the business hours the run used ({@code summary.json} {@code trace.business_hours_spec})
 * @param bucketHours  hours per point of the series (1 up to two weeks)
 */
public record RunData(Path dir, JsonNode verdict, JsonNode summary, Map<String, Map<Long, Double>> costPerHour,
    Map<String, Map<Long, Double>> replicas, Map<String, Map<Long, Double>> utilisation,
    Map<String, Map<Long, Double>> fallbackShare, Map<String, double[]> ttftCdf, Map<String, double[]> tpotCdf,
    Map<String, long[]> tierHits, Map<String, Map<String, Double>> costByTenant,
    Map<String, Map<String, Double>> costByModelPath, BusinessHours businessHours, int bucketHours) {

  /** Most points a series holds: two weeks of hours. */
  public static final int MAX_POINTS = 336;

  /** One hour in µs since the epoch: series are keyed by the UTC hour they start. */
  public static final long HOUR_US = 3_600_000_000L;

  /** A run directory that cannot be read as one. */
  public static final class BadRunException extends RuntimeException {
    public BadRunException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reads a run directory written by {@code replaygate run}. */
  public static RunData read(Path dir) {
    return read(dir, dir::resolve);
  }

  /**
   * Reads a run whose files are at {@code file.apply(name)} ({@code run} reads its own before it commits them).
   */
  public static RunData read(Path dir, java.util.function.Function<String, Path> file) {
    JsonNode verdict = RunFiles.json(file.apply("verdict.json"));
    JsonNode summary = RunFiles.json(file.apply("summary.json"));
    for (String t : List.of("outcomes.parquet", "costs.parquet", "windows.parquet", "cluster.parquet")) {
      if (!Files.isRegularFile(file.apply(t))) {
        throw new BadRunException(dir.resolve(t) + ": missing (not a complete run directory)", null);
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = 1");
      String outcomes = sql(file.apply("outcomes.parquet"));
      String costs = sql(file.apply("costs.parquet"));
      String windows = sql(file.apply("windows.parquet"));
      String cluster = sql(file.apply("cluster.parquet"));
      JsonNode t = summary.path("trace");
      double spanHours = (t.path("last_arrival_us").asDouble() - t.path("first_arrival_us").asDouble()) / HOUR_US;
      int bucketHours = (int) Math.max(1, Math.ceil(spanHours / MAX_POINTS));
      long bucket = bucketHours * HOUR_US;
      String hour = "CAST(floor(window_start_us / " + bucket + ") AS BIGINT) * " + bucket;
      var costPerHour = series(c, "SELECT path, " + hour + " AS h, sum(cost_usd) / " + bucketHours + " FROM " + windows
          + " WHERE cost_usd IS NOT NULL GROUP BY ALL ORDER BY h");
      var replicas = series(c, "SELECT path, " + hour + " AS h, avg(replicas) FROM (SELECT path, window_start_us,"
          + " sum(replicas) AS replicas FROM " + cluster + " GROUP BY ALL) GROUP BY ALL ORDER BY h");
      var utilisation = series(c, "SELECT path, " + hour + " AS h, sum(work_seconds) / sum(replica_seconds) FROM "
          + cluster + " GROUP BY ALL HAVING sum(replica_seconds) > 0 ORDER BY h");
      String arrivalHour = "CAST(floor(arrival_us / " + bucket + ") AS BIGINT) * " + bucket;
      var fallback = series(c, "SELECT path, " + arrivalHour + " AS h, count(*) FILTER (WHERE fallback) / count(*) FROM "
          + outcomes + " WHERE path IN (SELECT path FROM " + outcomes + " GROUP BY path HAVING bool_or(fallback))"
          + " GROUP BY ALL ORDER BY h");
      // The percentiles are of values fetched and sorted here, whatever order the scan returns them in, and the
      // tiers' sums are of integers: these scans use the machine's cores (the replay is over; this is the run's
      // serial tail). The sums of costs and utilisation stay on one thread: a floating-point sum depends on the order
      // of its additions.
      s.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
      var ttft = cdf(c, outcomes, "ttft_ms");
      var tpot = cdf(c, outcomes, "tpot_ms");
      Map<String, long[]> tiers = new LinkedHashMap<>(); // sums of integers: exact, whatever the threads
      try (ResultSet r = s.executeQuery("SELECT path, sum(gpu_hit_tokens), sum(host_hit_tokens), sum(pool_hit_tokens) "
          + "FROM " + outcomes + " WHERE gpu_hit_tokens IS NOT NULL GROUP BY path ORDER BY min(request_index), path")) {
        while (r.next()) {
          tiers.put(r.getString(1), new long[] {r.getLong(2), r.getLong(3), r.getLong(4)});
        }
      }
      s.execute("SET threads = 1");
      var byTenant = breakdown(c, costs, "tenant");
      var byModel = breakdown(c, costs, "model_path");
      return new RunData(dir, verdict, summary, costPerHour, replicas, utilisation, fallback, ttft, tpot, tiers,
          byTenant, byModel, businessHours(summary), bucketHours);
    } catch (SQLException e) {
      throw new BadRunException(dir + ": its tables cannot be read (" + RunFiles.firstLine(e.getMessage()) + ")", e);
    }
  }

  /** The paths in the verdict's order (the scenario's). */
  public List<String> paths() {
    List<String> out = new ArrayList<>();
    verdict.path("paths").forEach(p -> out.add(p.path("path").asText()));
    return out;
  }

  /** A path's entry in {@code verdict.json}, or a missing node. */
  public JsonNode path(String name) {
    for (JsonNode p : verdict.path("paths")) {
      if (p.path("path").asText().equals(name)) {
        return p;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** A path's entry in {@code summary.json}, or a missing node. */
  public JsonNode summaryPath(String name) {
    for (JsonNode p : summary.path("paths")) {
      if (p.path("path").asText().equals(name)) {
        return p;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static Map<String, Map<Long, Double>> series(Connection c, String query) throws SQLException {
    Map<String, Map<Long, Double>> out = new LinkedHashMap<>();
    try (PreparedStatement p = c.prepareStatement(query); ResultSet r = p.executeQuery()) {
      while (r.next()) {
        double v = r.getDouble(3);
        if (!r.wasNull()) {
          out.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>()).put(r.getLong(2), v);
        }
      }
    }
    return out;
  }

  /**
   * Each path's {@code column} at the percentiles 0, 1, …, 100 of its served requests, the bits DuckDB's
   * {@code quantile_cont} gives (at q, r = (n − 1)q: the values of rank ⌊r⌋ and ⌈r⌉ weighted 1 − d and d, d = r − ⌊r⌋;
   * {@code RunDataPercentilesTest}), from the
   * path's values fetched and sorted here: DuckDB selects once per percentile, 101 passes over each path's values,
   * which took 56 s a column over the 58 million outcomes of a 10-million-request week (2026-12-03); this takes a
   * scan per path and a sort. A path's values are held while it is sorted: 8 bytes a served request.
   */
  private static Map<String, double[]> cdf(Connection c, String outcomes, String column) throws SQLException {
    String served = " WHERE status = 'ok' AND " + column + " IS NOT NULL";
    Map<String, Long> counts = new LinkedHashMap<>();
    try (PreparedStatement p = c.prepareStatement("SELECT path, count(*) FROM " + outcomes + served
        + " GROUP BY path ORDER BY min(request_index), path"); ResultSet r = p.executeQuery()) {
      while (r.next()) {
        counts.put(r.getString(1), r.getLong(2));
      }
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      double[] x = new double[Math.toIntExact(e.getValue())];
      int n = 0;
      try (PreparedStatement p = c.prepareStatement("SELECT " + column + " FROM " + outcomes + served
          + " AND path = ?")) {
        p.setString(1, e.getKey());
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            x[n++] = r.getDouble(1);
          }
        }
      }
      java.util.Arrays.parallelSort(x, 0, n);
      out.put(e.getKey(), percentiles(x, n));
    }
    return out;
  }

  /** The percentiles 0..100 of the {@code n} sorted values, interpolated between ranks as {@code quantile_cont} does. */
  static double[] percentiles(double[] sorted, int n) {
    double[] q = new double[101];
    for (int i = 0; i <= 100; i++) {
      double rank = (n - 1) * (i / 100.0); // i / 100.0 is the double nearest i/100, as DuckDB parses "0.07"
      int lo = (int) Math.floor(rank);
      int hi = (int) Math.ceil(rank);
      double d = rank - lo;
      q[i] = lo == hi ? sorted[lo] : sorted[lo] * (1 - d) + sorted[hi] * d;
    }
    return q;
  }

  private static Map<String, Map<String, Double>> breakdown(Connection c, String costs, String dimension)
      throws SQLException {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    try (PreparedStatement p = c.prepareStatement("SELECT path, key, sum(usd) AS usd FROM " + costs
        + " WHERE dimension = ? GROUP BY ALL ORDER BY path, usd DESC, key")) {
      p.setString(1, dimension);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>()).put(r.getString(2), r.getDouble(3));
        }
      }
    }
    return out;
  }

  private static BusinessHours businessHours(JsonNode summary) {
    JsonNode b = summary.path("trace").path("business_hours_spec");
    if (!b.isObject()) {
      return null;
    }
    EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (JsonNode d : b.path("days")) {
      for (DayOfWeek w : DayOfWeek.values()) {
        if (w.name().toLowerCase(Locale.ROOT).equals(d.asText())) {
          days.add(w);
        }
      }
    }
    return new BusinessHours(days, LocalTime.parse(b.path("start").asText()), LocalTime.parse(b.path("end").asText()),
        ZoneId.of(b.path("zone").asText()));
  }

  private static String sql(Path p) {
    return "read_parquet('" + RunFiles.literal(p) + "')";
  }


}
