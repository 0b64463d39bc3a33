package io.replaygate.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code plan.md} and {@code plan.html} from {@code plan.parquet} alone (the planner writes the table; this only reads
 * it): the winner, the frontier of monthly cost against SLO attainment, every configuration, and a chart of the cells,
 * the frontier and the managed baseline.
 */
public final class PlanReport {
  private PlanReport() {}

  /** One row of {@code plan.parquet} (see PlanTable for the definitions); figures are null unless status is ok. */
  public record Row(int cell, int group, String search, Map<String, String> settings, String status, String detail,
      Double monthly, Double baselineMonthly, Double savings, Double lower, Double upper, Double slo,
      Double baselineSlo, Double errorRate, Double utilisation, Double fallbackShare, Integer peakReplicas,
      String gate, boolean frontier, boolean winner) {}

  /** The table and its footer. */
  public record PlanData(Map<String, String> footer, List<String> dimensions, List<Row> rows) {
    Row winner() {
      return rows.stream().filter(Row::winner).findFirst().orElse(null);
    }
  }

  public static PlanData read(Path planParquet) throws IOException {
    String src = "read_parquet('" + RunFiles.literal(planParquet) + "')";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = 1");
      Map<String, String> footer = new LinkedHashMap<>();
      try (ResultSet r = s.executeQuery("SELECT key, value FROM parquet_kv_metadata('"
          + RunFiles.literal(planParquet) + "') ORDER BY key")) {
        while (r.next()) {
          String k = new String(r.getBytes(1), StandardCharsets.UTF_8);
          if (k.startsWith("replaygate.plan.")) {
            footer.put(k.substring("replaygate.plan.".length()), new String(r.getBytes(2), StandardCharsets.UTF_8));
          }
        }
      }
      List<String> dims = new ArrayList<>();
      List<Row> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT * FROM " + src + " ORDER BY cell")) {
        ResultSetMetaData m = r.getMetaData();
        boolean inDims = false;
        for (int i = 1; i <= m.getColumnCount(); i++) {
          String name = m.getColumnName(i);
          if (name.equals("status")) {
            break;
          }
          if (inDims) {
            dims.add(name);
          }
          inDims |= name.equals("search");
        }
        while (r.next()) {
          Map<String, String> settings = new LinkedHashMap<>();
          for (String d : dims) {
            settings.put(d, r.getString(d));
          }
          rows.add(new Row(r.getInt("cell"), r.getInt("group"), r.getString("search"), settings, r.getString("status"),
              r.getString("detail"), d(r, "monthly_usd"), d(r, "baseline_monthly_usd"), d(r, "savings"),
              d(r, "savings_lower"), d(r, "savings_upper"), d(r, "slo_attainment"), d(r, "baseline_slo_attainment"),
              d(r, "error_rate"), d(r, "business_hours_capacity_utilization"), d(r, "fallback_token_share"),
              (Integer) r.getObject("peak_replicas"), r.getString("gate"), r.getBoolean("on_frontier"),
              r.getBoolean("winner")));
        }
      }
      return new PlanData(footer, dims, rows);
    } catch (SQLException e) {
      throw new IOException(planParquet + ": cannot read the plan table: " + e.getMessage(), e);
    }
  }

  private static Double d(ResultSet r, String col) throws SQLException {
    double v = r.getDouble(col);
    return r.wasNull() ? null : v;
  }

  /** The plan in Markdown. */
  public static String markdown(PlanData d) {
    StringBuilder b = new StringBuilder();
    b.append("# Plan: ").append(d.footer.getOrDefault("path", "?")).append(" against ")
        .append(d.footer.getOrDefault("baseline", "?")).append("\n\n").append(scope(d)).append("\n\n## Winner\n\n")
        .append(winnerText(d)).append("\n\n## Frontier: monthly cost against SLO attainment\n\n")
        .append("Configurations no other beats on both (cheaper or as cheap, and meeting the SLO at least as often), "
            + "cheapest first.\n\n");
    table(b, d, d.rows.stream().filter(Row::frontier).toList());
    b.append("\n## Every configuration\n\n");
    table(b, d, d.rows);
    b.append("\n## Definitions\n\n").append(String.join("\n", DEFINITIONS)).append('\n');
    return b.toString();
  }

  /** What each figure means (one definition, as in plan.parquet and verdict.json). */
  static final List<String> DEFINITIONS = List.of(
      "- **monthly**: the path's monthly projection, as `run` states it (usage scaled to 730 h, monthly amounts at "
          + "full value); the baseline's beside it.",
      "- **savings**: 1 − the path's cost ÷ the baseline's over the replayed span, with the gate's paired block "
          + "bootstrap interval.",
      "- **SLO**: share of the path's requests meeting the TTFT and TPOT targets (cluster- and fallback-served "
          + "together).",
      "- **util**: business-hours capacity utilisation (work served ÷ what the provisioned fleet could serve at "
          + "saturation within the SLO).",
      "- **fallback**: share of the path's input tokens its managed fallback served.",
      "- **gate**: `passed` when every rule `run` applies passes (materiality, slo, errors, utilisation, fallback), "
          + "else the rules failed. The winner is the cheapest configuration that passes.",
      "- **search**: `grid` (a combination of the listed values) or `bisection` (a probe of a replica range: the "
          + "top of the range, then halving to the smallest fleet meeting the SLO).");

  private static String scope(PlanData d) {
    Map<String, String> f = d.footer;
    long ok = d.rows.stream().filter(r -> r.status.equals("ok")).count();
    long pruned = d.rows.stream().filter(r -> r.status.equals("pruned")).count();
    long failed = d.rows.stream().filter(r -> r.status.equals("failed")).count();
    String sampled = f.getOrDefault("groups_run", "").equals(f.get("groups_in_grid")) ? ""
        : " (a sample drawn with seed " + f.get("seed") + " to fit the budget of " + f.get("budget") + " replays)";
    return String.format(Locale.US, "Varied %s (objective: %s). %s of %s combinations of the grid run%s: %d replays "
        + "— %d replayed, %d pruned (cannot hold the model), %d failed. Plan seed %s.", String.join(", ", d.dimensions),
        f.getOrDefault("objective", "?"), f.get("groups_run"), f.get("groups_in_grid"), sampled, d.rows.size(), ok,
        pruned, failed, f.get("seed"));
  }

  private static String winnerText(PlanData d) {
    Row w = d.winner();
    if (w != null) {
      return String.format(Locale.US, "Cell %d — %s: %s/month against %s/month for the baseline, savings %s "
          + "[%s, %s], SLO %s, utilisation %s; passes every gate rule. Its scenario is `winner.yaml`: `replaygate run "
          + "TRACE --scenario winner.yaml` replays it with the same seed.", w.cell, settings(w), Fmt.usd(w.monthly),
          Fmt.usd(w.baselineMonthly), Fmt.pct(w.savings), Fmt.pct(w.lower), Fmt.pct(w.upper), Fmt.pct(w.slo),
          w.utilisation == null ? Fmt.NONE : Fmt.pct(w.utilisation));
    }
    Row closest = d.rows.stream().filter(r -> r.status.equals("ok"))
        .max((a, b) -> Double.compare(a.lower, b.lower)).orElse(null);
    if (closest == null) {
      return "No configuration was replayed (every one was pruned or failed: see the table).";
    }
    return String.format(Locale.US, "No configuration passes every gate rule: stay managed on this traffic for "
        + "every fleet tried. The closest (highest savings lower bound) is cell %d — %s: %s/month, savings %s [%s, %s], "
        + "SLO %s; it fails %s.", closest.cell, settings(closest), Fmt.usd(closest.monthly), Fmt.pct(closest.savings),
        Fmt.pct(closest.lower), Fmt.pct(closest.upper), Fmt.pct(closest.slo), closest.gate.replace(",", ", "));
  }

  private static String settings(Row r) {
    List<String> parts = new ArrayList<>();
    r.settings.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(" ", parts);
  }

  private static void table(StringBuilder b, PlanData d, List<Row> rows) {
    if (rows.isEmpty()) {
      b.append("(none)\n");
      return;
    }
    List<String> head = new ArrayList<>(List.of("cell", "search"));
    head.addAll(d.dimensions);
    head.addAll(List.of("status", "monthly", "savings [interval]", "SLO", "util", "fallback", "gate"));
    b.append("| ").append(String.join(" | ", head)).append(" |\n|");
    head.forEach(h -> b.append("---|"));
    b.append('\n');
    for (Row r : rows) {
      List<String> cells = new ArrayList<>(List.of(Integer.toString(r.cell), r.search));
      d.dimensions.forEach(k -> cells.add(r.settings.get(k) == null ? Fmt.NONE : r.settings.get(k)));
      boolean ok = r.status.equals("ok");
      cells.add(r.winner ? "**winner**" : r.status);
      cells.add(ok ? Fmt.usd(r.monthly) : Fmt.NONE);
      cells.add(ok ? Fmt.pct(r.savings) + " [" + Fmt.pct(r.lower) + ", " + Fmt.pct(r.upper) + "]" : Fmt.NONE);
      cells.add(ok ? Fmt.pct(r.slo) : Fmt.NONE);
      cells.add(ok && r.utilisation != null ? Fmt.pct(r.utilisation) : Fmt.NONE);
      cells.add(ok ? Fmt.pct(r.fallbackShare) : Fmt.NONE);
      cells.add(ok ? r.gate.replace(",", ", ") : r.detail == null ? Fmt.NONE : r.detail.replace("|", "\\|"));
      b.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
  }

  /** The plan as a page: the chart, then what the Markdown says. */
  public static String html(PlanData d) {
    String md = markdown(d);
    StringBuilder b = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>replaygate plan</title><style>body{font-family:'DejaVu Sans',sans-serif;max-width:1100px;"
        + "margin:2em auto;color:#1d2330}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #d0d4dc;"
        + "padding:3px 6px;text-align:right}td:nth-child(-n+2){text-align:left}svg{width:100%;height:auto}</style>"
        + "</head><body>\n");
    b.append(chart(d)).append('\n');
    boolean inTable = false;
    for (String line : md.split("\n", -1)) {
      if (line.startsWith("|")) {
        if (line.startsWith("|---")) {
          continue;
        }
        String tag = inTable ? "td" : "th";
        if (!inTable) {
          b.append("<table>");
          inTable = true;
        }
        b.append("<tr>");
        for (String cell : line.substring(2, line.length() - 2).split(" \\| ", -1)) {
          b.append('<').append(tag).append('>').append(inline(cell.replace("\\|", "|"))).append("</").append(tag)
              .append('>');
        }
        b.append("</tr>\n");
        continue;
      }
      if (inTable) {
        b.append("</table>\n");
        inTable = false;
      }
      if (line.startsWith("## ")) {
        b.append("<h2>").append(inline(line.substring(3))).append("</h2>\n");
      } else if (line.startsWith("# ")) {
        b.append("<h1>").append(inline(line.substring(2))).append("</h1>\n");
      } else if (line.startsWith("- ")) {
        b.append("<p>").append(inline(line.substring(2))).append("</p>\n");
      } else if (!line.isBlank()) {
        b.append("<p>").append(inline(line)).append("</p>\n");
      }
    }
    return b.append("</body></html>\n").toString();
  }

  private static String inline(String s) {
    return HtmlReport.esc(s).replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>")
        .replaceAll("`([^`]+)`", "<code>$1</code>");
  }

  /** Monthly cost (y) against SLO attainment (x): every replayed cell, the frontier, the winner, the baseline. */
  static String chart(PlanData d) {
    XYSeries cells = new XYSeries("configurations", false, true);
    XYSeries frontier = new XYSeries("frontier", false, true);
    XYSeries winner = new XYSeries("winner", false, true);
    XYSeries baseline = new XYSeries("managed baseline", false, true);
    double bm = 0;
    double bs = 0;
    int n = 0;
    for (Row r : d.rows) {
      if (!r.status.equals("ok")) {
        continue;
      }
      cells.add(100 * r.slo, r.monthly);
      if (r.frontier) {
        frontier.add(100 * r.slo, r.monthly);
      }
      if (r.winner) {
        winner.add(100 * r.slo, r.monthly);
      }
      bm += r.baselineMonthly;
      bs += r.baselineSlo;
      n++;
    }
    if (n > 0) {
      baseline.add(100 * bs / n, bm / n);
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(cells);
    data.addSeries(frontier);
    data.addSeries(winner);
    data.addSeries(baseline);
    NumberAxis x = new NumberAxis("SLO attainment (%)");
    x.setAutoRangeIncludesZero(false);
    NumberAxis y = new NumberAxis("monthly cost (USD)");
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    renderer.setSeriesLinesVisible(0, false);
    renderer.setSeriesLinesVisible(1, true);
    renderer.setSeriesLinesVisible(2, false);
    renderer.setSeriesLinesVisible(3, false);
    for (int i = 0; i < 4; i++) {
      renderer.setSeriesPaint(i, Svg.color(i));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    JFreeChart chart = Svg.style(new JFreeChart("Monthly cost against SLO attainment", JFreeChart.DEFAULT_TITLE_FONT,
        plot, true));
    String alt = String.format(Locale.US, "%d replayed configurations, %d on the frontier%s; the managed baseline at "
        + "%s/month", n, frontier.getItemCount(), winner.isEmpty() ? ", none passes the gate"
        : ", the winner at " + Fmt.usd(winner.getY(0).doubleValue()) + "/month", n == 0 ? Fmt.NONE : Fmt.usd(bm / n));
    return Svg.render(chart, "plan-frontier", 880, 400, "Monthly cost against SLO attainment", alt);
  }
}
