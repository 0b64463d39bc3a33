package io.replaygate.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The report's latency percentiles, sorted here, are the bits DuckDB's {@code quantile_cont} gives. */
class RunDataPercentilesTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 100, 101, 1_001, 77_777})
  void percentiles_areQuantileContBitForBit(int n) throws Exception {
    SplittableRandom rng = new SplittableRandom(n);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) { // latencies: long-tailed, with ties
      x[i] = rng.nextInt(4) == 0 ? 40.0 : Math.exp(rng.nextDouble(0, 9)) / 3;
    }
    StringBuilder ps = new StringBuilder();
    for (int i = 0; i <= 100; i++) {
      ps.append(i == 0 ? "" : ", ").append(String.format(Locale.US, "%.2f", i / 100.0));
    }
    double[] expected = new double[101];
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (v DOUBLE)");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?)")) {
        for (double v : x) {
          p.setDouble(1, v);
          p.addBatch();
        }
        p.executeBatch();
      }
      try (ResultSet r = s.executeQuery("SELECT quantile_cont(v, [" + ps + "]) FROM t")) {
        r.next();
        Object[] a = (Object[]) r.getArray(1).getArray();
        for (int i = 0; i < a.length; i++) {
          expected[i] = ((Number) a[i]).doubleValue();
        }
      }
    }
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    assertArrayEquals(expected, RunData.percentiles(sorted, n), 0);
  }
}
