package io.replaygate.reports.reconcile;

import io.replaygate.reports.RunFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A bill as CSV, for any provider or a LiteLLM spend export summed by day: a header with {@code date}
 * (YYYY-MM-DD, UTC), {@code model}, {@code token_class} (replaygate's words: {@code input}, {@code output},
 * {@code cache read}, {@code cache write (5 min)}, {@code cache write (1 h)}, or any other charge) and
 * {@code amount_usd}; an optional {@code provider}. Read by DuckDB's CSV reader (typed: a bad date or amount
 * is an error naming the row).
 */
public final class CsvBill implements BillFormat {
  static final Set<String> REQUIRED = Set.of("date", "model", "token_class", "amount_usd");

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public boolean accepts(Path file, String head) {
    String first = head.lines().findFirst().orElse("").toLowerCase(Locale.ROOT);
    return first.contains("date") && first.contains("amount_usd");
  }

  @Override
  public List<BillLine> read(Path file) {
    String path = RunFiles.literal(file);
    List<BillLine> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      List<String> columns = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("DESCRIBE SELECT * FROM read_csv('" + path + "', header = true, "
          + "all_varchar = true)"); ResultSet r = p.executeQuery()) {
        while (r.next()) {
          columns.add(r.getString(1).toLowerCase(Locale.ROOT));
        }
      }
      for (String need : REQUIRED) {
        if (!columns.contains(need)) {
          throw new BadBillException(file, "header", "missing column '" + need + "' (need date, model, token_class, "
              + "amount_usd; provider optional)");
        }
      }
      String provider = columns.contains("provider") ? "provider" : "NULL";
      String sql = "SELECT row_number() OVER () + 1 AS line, date, model, token_class, amount_usd, " + provider
          + " FROM read_csv('" + path + "', header = true, all_varchar = true)";
      try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
        while (r.next()) {
          String where = "line " + r.getLong(1);
          java.time.LocalDate day;
          try {
            day = java.time.LocalDate.parse(r.getString(2).strip());
          } catch (RuntimeException e) {
            throw new BadBillException(file, where + ", field 'date'", "expected YYYY-MM-DD, got '" + r.getString(2) + "'");
          }
          double usd;
          try {
            usd = Double.parseDouble(r.getString(5).strip());
          } catch (RuntimeException e) {
            throw new BadBillException(file, where + ", field 'amount_usd'", "expected a number, got '"
                + r.getString(5) + "'");
          }
          String model = r.getString(3);
          out.add(new BillLine(day, r.getString(6), model == null || model.isBlank() ? null : model.strip(),
              r.getString(4) == null ? "unclassified" : r.getString(4).strip(), usd, where));
        }
      }
    } catch (SQLException e) {
      throw new BadBillException(file, null, "not a readable CSV (" + RunFiles.firstLine(e.getMessage()) + ")");
    }
    return out;
  }
}
