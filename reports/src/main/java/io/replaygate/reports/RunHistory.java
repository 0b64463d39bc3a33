package io.replaygate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The run history: one DuckDB file every {@code run} appends to, so a scheduled job can show trends and flag a
 * verdict that flipped. Tables (schema {@value #SCHEMA}):
 * <ul>
 *   <li>{@code runs}: one row per run — sequence number, UTC time, scenario name and SHA-256, trace SHA-256, inputs,
 *       requests, replayed hours, decision, candidate, lanes, baseline, savings and its interval, monthly baseline
 *       and candidate cost, {@code flipped} (the decision differs from the previous run of the same scenario),
 *       output directory, engine version, price and catalog dates, seed, and the whole {@code verdict.json};</li>
 *   <li>{@code path_costs}: per run × path the cost, monthly projection, SLO attainment, error rate, hit ratio,
 *       business-hours utilisation;</li>
 *   <li>{@code gate_rules}: per run × candidate × rule the figure, threshold, margin and outcome.</li>
 * </ul>
 * DuckDB lets one process write a file at a time: a second {@code run} appending at once waits (and says so
 * through {@code waiting}) until the first is done, up to {@link #LOCK_WAIT_MS}. A file that is not a DuckDB
 * database, or a DuckDB database that is not a replaygate history, is an error — never replaced.
 */
public final class RunHistory implements AutoCloseable {
  /** The history's schema version, in its {@code meta} table. */
  public static final String SCHEMA = "replaygate-history/1";

  /** The environment variable naming the history file. */
  public static final String ENV = "REPLAYGATE_HISTORY";

  /** The default file, relative to the working directory (the workspace). */
  public static final Path DEFAULT = Path.of(".replaygate", "history.duckdb");

  /** How long to wait for another process holding the file. */
  public static final long LOCK_WAIT_MS = 120_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Connection c;

  /** A history problem a user can act on (corrupt or foreign file, unwritable place). */
  public static final class HistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message) {
      super(message);
    }
  }

  /** One appended run: its number and whether its decision flipped. */
  public record Appended(long run, boolean flipped, String previousDecision) {}

  private RunHistory(Path file, Connection c) {
    this.file = file;
    this.c = c;
  }

  /** The file to use: {@code flag}, else {@code $REPLAYGATE_HISTORY}, else {@link #DEFAULT}. */
  public static Path location(Path flag) {
    if (flag != null) {
      return flag;
    }
    String env = System.getenv(ENV);
    return env != null && !env.isBlank() ? Path.of(env) : DEFAULT;
  }

  /**
   * Opens (creating when absent) the history at {@code file}, waiting for another writer; {@code waiting} is told
   * once when it has to. {@code readOnly} opens an existing file without the write lock (readers never wait for
   * each other).
   */
  public static RunHistory open(Path file, boolean readOnly, Consumer<String> waiting) {
    if (readOnly && !Files.exists(file)) {
      throw new HistoryException(file + ": no run history yet (a run appends to it; --history or $" + ENV
          + " names another)");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new HistoryException(file + ": the run history must be a file");
    }
    if (!readOnly) {
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
      } catch (IOException e) {
        throw new HistoryException(file + ": cannot create its directory (" + e.getMessage() + ")");
      }
    }
    long deadline = System.currentTimeMillis() + LOCK_WAIT_MS;
    boolean told = false;
    while (true) {
      try {
        java.util.Properties p = new java.util.Properties();
        if (readOnly) {
          p.setProperty("duckdb.read_only", "true");
        }
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), p);
        RunHistory h = new RunHistory(file, c);
        h.check(readOnly);
        return h;
      } catch (SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("lock") && System.currentTimeMillis() < deadline) {
          if (!told) {
            waiting.accept("run history " + file + " is in use by another replaygate process; waiting for it");
            told = true;
          }
          sleep(200);
          continue;
        }
        if (m.contains("lock")) {
          throw new HistoryException(file + ": still in use by another process after " + LOCK_WAIT_MS / 1000 + " s");
        }
        throw new HistoryException(file + ": not a replaygate run history (" + RunFiles.firstLine(m) + ")");
      }
    }
  }

  private void check(boolean readOnly) throws SQLException {
    try (Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables ORDER BY 1")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      if (tables.isEmpty() && !readOnly) {
        create(s);
        return;
      }
      String schema = null;
      if (tables.contains("meta")) {
        try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
          schema = r.next() ? r.getString(1) : null;
        }
      }
      if (!SCHEMA.equals(schema)) {
        close();
        throw new HistoryException(file + ": a DuckDB database but not a replaygate run history (schema "
            + (schema == null ? "missing" : "'" + schema + "'") + ", expected '" + SCHEMA + "'); it is left as it is");
      }
    }
  }

  private static void create(Statement s) throws SQLException {
    s.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)");
    s.execute("INSERT INTO meta VALUES ('schema', '" + SCHEMA + "')");
    s.execute("""
        CREATE TABLE runs (run BIGINT PRIMARY KEY, recorded_at TIMESTAMP, scenario VARCHAR, scenario_sha256 VARCHAR,
          trace_sha256 VARCHAR, inputs VARCHAR, requests BIGINT, replayed_hours DOUBLE, decision VARCHAR,
          candidate VARCHAR, lanes VARCHAR, baseline VARCHAR, savings DOUBLE, savings_lower DOUBLE,
          savings_upper DOUBLE, baseline_monthly_usd DOUBLE, candidate_monthly_usd DOUBLE, flipped BOOLEAN,
          previous_decision VARCHAR, out_dir VARCHAR, engine_version VARCHAR, price_date VARCHAR,
          catalog_date VARCHAR, seed BIGINT, verdict VARCHAR)""");
    s.execute("""
        CREATE TABLE path_costs (run BIGINT, path VARCHAR, profile VARCHAR, cost_usd DOUBLE, monthly_usd DOUBLE,
          slo_attainment DOUBLE, error_rate DOUBLE, token_hit_ratio DOUBLE, business_hours_capacity_utilization DOUBLE)""");
    s.execute("""
        CREATE TABLE gate_rules (run BIGINT, candidate VARCHAR, rule VARCHAR, passed BOOLEAN, observed DOUBLE,
          threshold DOUBLE, margin DOUBLE, outcome VARCHAR)""");
  }

  /** Appends a run's verdict, in one transaction; {@code flipped} compares it with the scenario's previous run. */
  public Appended append(JsonNode verdict, Path outDir, Instant at) {
    JsonNode p = verdict.path("provenance");
    try {
      c.setAutoCommit(false);
      long run;
      String previous = null;
      try (Statement s = c.createStatement();
           ResultSet r = s.executeQuery("SELECT coalesce(max(run), 0) + 1 FROM runs")) {
        r.next();
        run = r.getLong(1);
      }
      try (PreparedStatement q = c.prepareStatement(
          "SELECT decision FROM runs WHERE scenario = ? ORDER BY run DESC LIMIT 1")) {
        q.setString(1, p.path("scenario").asText());
        try (ResultSet r = q.executeQuery()) {
          previous = r.next() ? r.getString(1) : null;
        }
      }
      String decision = verdict.path("decision").asText();
      boolean flipped = previous != null && !previous.equals(decision);
      try (PreparedStatement q = c.prepareStatement(
          "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        JsonNode sv = verdict.path("savings");
        JsonNode m = verdict.path("monthly_usd");
        int i = 1;
        q.setLong(i++, run);
        q.setObject(i++, java.time.LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
        q.setString(i++, p.path("scenario").asText());
        q.setString(i++, p.path("scenario_sha256").asText());
        q.setString(i++, p.path("trace_sha256").asText());
        q.setString(i++, p.path("inputs").asText());
        q.setLong(i++, p.path("requests").asLong());
        q.setDouble(i++, p.path("replayed_hours").asDouble());
        q.setString(i++, decision);
        q.setString(i++, verdict.path("candidate").isTextual() ? verdict.path("candidate").asText() : null);
        q.setString(i++, String.join(",", Fmt.lanes(verdict)));
        q.setString(i++, verdict.path("baseline").asText());
        setDouble(q, i++, sv.path("estimate"));
        setDouble(q, i++, sv.path("lower"));
        setDouble(q, i++, sv.path("upper"));
        setDouble(q, i++, m.path("baseline"));
        setDouble(q, i++, m.path("candidate"));
        q.setBoolean(i++, flipped);
        q.setString(i++, previous);
        q.setString(i++, outDir == null ? null : outDir.toAbsolutePath().normalize().toString());
        q.setString(i++, p.path("engine_version").asText());
        q.setString(i++, p.path("price_date").asText());
        q.setString(i++, p.path("catalog_date").asText());
        q.setLong(i++, p.path("seed").asLong());
        q.setString(i, JSON.writeValueAsString(verdict));
        q.executeUpdate();
      }
      try (PreparedStatement q = c.prepareStatement("INSERT INTO path_costs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (JsonNode x : verdict.path("paths")) {
          q.setLong(1, run);
          q.setString(2, x.path("path").asText());
          q.setString(3, x.path("profile").asText());
          setDouble(q, 4, x.path("cost_usd"));
          setDouble(q, 5, x.path("monthly_usd"));
          setDouble(q, 6, x.path("slo_attainment"));
          setDouble(q, 7, x.path("error_rate"));
          setDouble(q, 8, x.path("token_hit_ratio"));
          setDouble(q, 9, x.path("business_hours_capacity_utilization"));
          q.addBatch();
        }
        q.executeBatch();
      }
      try (PreparedStatement q = c.prepareStatement("INSERT INTO gate_rules VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (JsonNode cand : verdict.path("candidates")) {
          for (JsonNode r : cand.path("rules")) {
            q.setLong(1, run);
            q.setString(2, cand.path("path").asText());
            q.setString(3, r.path("rule").asText());
            q.setBoolean(4, r.path("passed").asBoolean());
            setDouble(q, 5, r.path("observed"));
            setDouble(q, 6, r.path("threshold"));
            setDouble(q, 7, r.path("margin"));
            q.setString(8, r.path("outcome").asText());
            q.addBatch();
          }
        }
        q.executeBatch();
      }
      c.commit();
      return new Appended(run, flipped, previous);
    } catch (SQLException | IOException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the append failed already; the rollback's own failure adds nothing
      }
      throw new HistoryException(file + ": could not append the run (" + RunFiles.firstLine(e.getMessage()) + ")");
    }
  }

  /** One row of {@code history}. */
  public record Row(long run, Instant recordedAt, String scenario, String decision, String candidate, String lanes,
      Double savings, Double savingsLower, Double savingsUpper, Double baselineMonthlyUsd, Double candidateMonthlyUsd,
      boolean flipped, String traceSha256, long requests, String outDir) {}

  /** The runs, oldest first, of one scenario or all ({@code scenario} null). */
  public List<Row> runs(String scenario) {
    String sql = "SELECT run, recorded_at, scenario, decision, candidate, lanes, savings, savings_lower, savings_upper, "
        + "baseline_monthly_usd, candidate_monthly_usd, flipped, trace_sha256, requests, out_dir FROM runs"
        + (scenario == null ? "" : " WHERE scenario = ?") + " ORDER BY run";
    List<Row> out = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement(sql)) {
      if (scenario != null) {
        q.setString(1, scenario);
      }
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(new Row(r.getLong(1), r.getObject(2, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC),
              r.getString(3), r.getString(4), r.getString(5), r.getString(6), dbl(r, 7), dbl(r, 8), dbl(r, 9),
              dbl(r, 10), dbl(r, 11), r.getBoolean(12), r.getString(13), r.getLong(14), r.getString(15)));
        }
      }
    } catch (SQLException e) {
      throw new HistoryException(file + ": " + RunFiles.firstLine(e.getMessage()));
    }
    return out;
  }

  /** The verdict a run recorded. */
  public JsonNode verdict(long run) {
    try (PreparedStatement q = c.prepareStatement("SELECT verdict FROM runs WHERE run = ?")) {
      q.setLong(1, run);
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) {
          throw new HistoryException(file + ": no run " + run + " (see `replaygate history`)");
        }
        return JSON.readTree(r.getString(1));
      }
    } catch (SQLException | IOException e) {
      throw new HistoryException(file + ": " + RunFiles.firstLine(e.getMessage()));
    }
  }

  @Override
  public void close() {
    try {
      c.close();
    } catch (SQLException e) {
      throw new HistoryException(file + ": " + RunFiles.firstLine(e.getMessage()));
    }
  }

  private static void setDouble(PreparedStatement q, int i, JsonNode n) throws SQLException {
    if (n.isNumber()) {
      q.setDouble(i, n.asDouble());
    } else {
      q.setNull(i, java.sql.Types.DOUBLE);
    }
  }

  private static Double dbl(ResultSet r, int i) throws SQLException {
    double v = r.getDouble(i);
    return r.wasNull() ? null : v;
  }



  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HistoryException("interrupted while waiting for the run history");
    }
  }
}
