package io.replaygate.reports.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.reports.Fmt;
import io.replaygate.reports.RunFiles;
import io.replaygate.replay.output.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BinaryOperator;

/**
 * The run's baseline bill against the providers' own, per UTC day × model × token class — what finance checks
 * before it trusts the simulation. The simulated side is the baseline path's line items per window
 * ({@code costs.parquet}, dimension {@code window}, each window dated by its start in {@code windows.parquet});
 * the recorded side is the usage exports given ({@link BillFormats}). Models are compared by catalog id (a
 * bill's dated or provider-specific model names resolve through the price catalog, as the trace's do).
 *
 * <p>In scope: the days the trace spans and the providers a bill was given for. The residual is split into what
 * explains it: traffic the bill has and the trace does not (a model-day-class with no simulated cost), charges
 * that are not token classes (tools, fees: not simulated), lines the simulation has and the bill does not, and
 * price differences on lines both have (discounts, credits, a batch tier, rounding — with the ratio of recorded
 * to simulated on those lines, which a uniform discount shows as a constant). Lines of the bill outside the
 * trace's days are listed apart and left out of the headline.
 *
 * @param baseline      the path reconciled
 * @param firstDay      the trace's first UTC day
 * @param lastDay       its last
 * @param providers     the providers a bill was given for
 * @param rows          every compared day × model × class in scope
 * @param outsideUsd    the bill's amount on days the trace does not span
 * @param simulatedUsd  Σ simulated in scope
 * @param recordedUsd   Σ recorded in scope
 */
public record Reconciliation(String baseline, LocalDate firstDay, LocalDate lastDay, Set<String> providers,
    List<Row> rows, double outsideUsd, double simulatedUsd, double recordedUsd) {

  /** Token classes the simulation prices (other charges on a bill are not simulated). */
  public static final Set<String> TOKEN_CLASSES = Set.of("input", "output", "cache read", "cache write (5 min)",
      "cache write (1 h)", "cache storage");

  /**
   * @param day        UTC day
   * @param model      catalog id (or the bill's own name when the catalog does not know it)
   * @param tokenClass class
   * @param simulated  the baseline's cost
   * @param recorded   the bill's amount
   * @param cause      {@code price} (both have it), {@code not_in_trace}, {@code not_simulated},
   *                   {@code not_on_bill}
   */
  public record Row(LocalDate day, String model, String tokenClass, double simulated, double recorded, String cause) {
    public double difference() {
      return recorded - simulated;
    }
  }

  /** Resolves a bill's (provider, model) to a catalog id, or null when the catalog does not know it. */
  @FunctionalInterface
  public interface ModelResolver {
    String resolve(String provider, String model);
  }

  public static Reconciliation of(Path runDir, String path, List<BillLine> bill, ModelResolver models) {
    JsonNode summary = RunFiles.json(runDir.resolve("summary.json"));
    JsonNode verdict = Files.isRegularFile(runDir.resolve("verdict.json")) ? RunFiles.json(runDir.resolve("verdict.json"))
        : null;
    String baseline = path != null ? path : verdict != null && verdict.path("baseline").isTextual()
        ? verdict.get("baseline").asText() : summary.path("paths").path(0).path("path").asText();
    LocalDate first = day(summary.path("trace").path("first_arrival_us").asLong());
    LocalDate last = day(summary.path("trace").path("last_arrival_us").asLong());
    // Each bill line's model as a catalog id, and its provider (a bill that names none, as LiteLLM's totals do,
    // takes the one its model resolves to).
    List<String> lineModels = new ArrayList<>();
    Set<String> providers = new TreeSet<>();
    for (BillLine l : bill) {
      String model = l.model() == null ? "(no model)" : resolved(models, l);
      lineModels.add(model);
      String provider = l.provider() != null ? l.provider() : model.contains("/") ? model.substring(0, model.indexOf('/'))
          : null;
      providers.add(provider == null ? "unknown" : provider.toLowerCase(Locale.ROOT));
    }

    Map<String, double[]> cells = new TreeMap<>(); // "day|model|class" → {simulated, recorded}
    simulated(runDir, baseline).forEach((k, v) -> {
      String provider = k.split("\\|")[1].split("/")[0];
      if (providers.contains(provider)) {
        cells.computeIfAbsent(k, x -> new double[2])[0] += v;
      }
    });
    if (cells.isEmpty() && !simulatedAny(runDir, baseline)) {
      throw new BadBillException(runDir, null, "no path '" + baseline + "' in this run");
    }
    double outside = 0;
    Set<String> wholeDays = new TreeSet<>(); // "day|model" a bill covers in one line of all classes
    for (int i = 0; i < bill.size(); i++) {
      BillLine l = bill.get(i);
      if (l.day().isBefore(first) || l.day().isAfter(last)) {
        outside += l.usd();
        continue;
      }
      cells.computeIfAbsent(l.day() + "|" + lineModels.get(i) + "|" + l.tokenClass(), x -> new double[2])[1] += l.usd();
      if (l.tokenClass().equals(LiteLlmDailyActivity.ALL_CLASSES)) {
        wholeDays.add(l.day() + "|" + lineModels.get(i));
      }
    }
    // A model-day the bill gives as one amount is compared as one: its simulated classes are summed into it.
    for (String dayModel : wholeDays) {
      double[] all = cells.get(dayModel + "|" + LiteLlmDailyActivity.ALL_CLASSES);
      cells.keySet().removeIf(k -> {
        if (k.startsWith(dayModel + "|") && !k.equals(dayModel + "|" + LiteLlmDailyActivity.ALL_CLASSES)) {
          all[0] += cells.get(k)[0];
          all[1] += cells.get(k)[1];
          return true;
        }
        return false;
      });
    }
    List<Row> rows = new ArrayList<>();
    double sim = 0;
    double rec = 0;
    for (var e : cells.entrySet()) {
      String[] k = e.getKey().split("\\|", 3);
      double s = e.getValue()[0];
      double r = e.getValue()[1];
      String cause = !(TOKEN_CLASSES.contains(k[2]) || k[2].equals(LiteLlmDailyActivity.ALL_CLASSES))
          || k[1].equals("(no model)") ? "not_simulated"
          : s == 0 ? "not_in_trace" : r == 0 ? "not_on_bill" : "price";
      rows.add(new Row(LocalDate.parse(k[0]), k[1], k[2], s, r, cause));
      sim += s;
      rec += r;
    }
    return new Reconciliation(baseline, first, last, providers, rows, outside, sim, rec);
  }

  private static String resolved(ModelResolver models, BillLine l) {
    String id = models.resolve(l.provider(), l.model());
    return id != null ? id : (l.provider() == null ? "" : l.provider() + "/") + l.model();
  }

  private static LocalDate day(long us) {
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L)).atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** The baseline's provider line items per "day|model|class" (windows dated by their start). */
  private static Map<String, Double> simulated(Path runDir, String path) {
    Map<String, Double> out = new TreeMap<>();
    String sql = "SELECT w.window_start_us, c.item, sum(c.usd) FROM read_parquet('" + RunFiles.literal(runDir.resolve("costs.parquet"))
        + "') c JOIN (SELECT DISTINCT path, \"window\", window_start_us FROM read_parquet('"
        + RunFiles.literal(runDir.resolve("windows.parquet")) + "')) w ON c.path = w.path AND CAST(c.key AS BIGINT) = w.\"window\" "
        + "WHERE c.path = ? AND c.dimension = 'window' GROUP BY ALL";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, path);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          String item = r.getString(2);
          int space = item.indexOf(' ');
          if (space < 0 || !item.substring(0, space).contains("/") || item.startsWith("fallback:")) {
            continue; // not a provider token line (egress, operations, a fallback's lines)
          }
          out.merge(day(r.getLong(1)) + "|" + item.substring(0, space) + "|" + item.substring(space + 1), r.getDouble(3),
              Double::sum);
        }
      }
    } catch (SQLException e) {
      throw new BadBillException(runDir, null, "its tables cannot be read (" + RunFiles.firstLine(e.getMessage()) + ")");
    }
    return out;
  }

  private static boolean simulatedAny(Path runDir, String path) {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); PreparedStatement p = c.prepareStatement(
        "SELECT count(*) FROM read_parquet('" + RunFiles.literal(runDir.resolve("costs.parquet")) + "') WHERE path = ?")) {
      p.setString(1, path);
      try (ResultSet r = p.executeQuery()) {
        return r.next() && r.getLong(1) > 0;
      }
    } catch (SQLException e) {
      return false;
    }
  }



  /** Σ of a cause's rows, recorded − simulated. */
  public double residual(String cause) {
    return rows.stream().filter(r -> r.cause().equals(cause)).mapToDouble(Row::difference).sum();
  }

  /** Recorded ÷ simulated over the lines both have (1: same prices; 0.9: a uniform 10% discount). */
  public double priceRatio() {
    double s = rows.stream().filter(r -> r.cause().equals("price")).mapToDouble(Row::simulated).sum();
    double r = rows.stream().filter(x -> x.cause().equals("price")).mapToDouble(Row::recorded).sum();
    return s == 0 ? Double.NaN : r / s;
  }

  /** |simulated − recorded| ÷ recorded, in scope. */
  public double relativeGap() {
    return recordedUsd == 0 ? Double.NaN : Math.abs(simulatedUsd - recordedUsd) / recordedUsd;
  }

  /** The one line finance reads. */
  public String verdictLine() {
    return String.format(Locale.US, "the simulated baseline (%s) is within %.1f%% of the recorded bill: %s simulated "
        + "vs %s recorded for %s, %s to %s", baseline, 100 * relativeGap(), Fmt.usd(simulatedUsd), Fmt.usd(recordedUsd),
        String.join(", ", providers), firstDay, lastDay);
  }

  /** Aligned text: the verdict line, the residual by cause, totals per model and class, then every row. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(verdictLine()).append('\n');
    b.append(String.format(Locale.US, "residual (recorded − simulated) %s:%n", Fmt.usd(recordedUsd - simulatedUsd)));
    b.append(String.format(Locale.US, "  price differences on lines both have   %12s   recorded ÷ simulated %.4f "
        + "(discounts, credits, batch tier, rounding)%n", Fmt.usd(residual("price")), priceRatio()));
    b.append(String.format(Locale.US, "  on the bill, not in the trace          %12s   (traffic the trace did not record)%n",
        Fmt.usd(residual("not_in_trace"))));
    b.append(String.format(Locale.US, "  charges that are not token classes     %12s   (tools, fees: not simulated)%n",
        Fmt.usd(residual("not_simulated"))));
    b.append(String.format(Locale.US, "  in the simulation, not on the bill     %12s%n", Fmt.usd(residual("not_on_bill"))));
    if (outsideUsd != 0) {
      b.append(String.format(Locale.US, "left out: %s of the bill falls on days the trace does not span%n",
          Fmt.usd(outsideUsd)));
    }
    b.append("model / class                                         simulated      recorded    difference  relative\n");
    totals(Row::model).forEach((k, v) -> line(b, k, v));
    totals(r -> r.model() + " " + r.tokenClass()).forEach((k, v) -> line(b, "  " + k, v));
    b.append("day        model / class                              simulated      recorded    difference  cause\n");
    for (Row r : rows) {
      b.append(String.format(Locale.US, "%s %-40s %12s  %12s  %12s  %s%n", r.day(), r.model() + " " + r.tokenClass(),
          Fmt.usd(r.simulated()), Fmt.usd(r.recorded()), Fmt.usd(r.difference()), r.cause()));
    }
    return b.toString();
  }

  private Map<String, double[]> totals(java.util.function.Function<Row, String> key) {
    Map<String, double[]> m = new TreeMap<>();
    BinaryOperator<double[]> add = (x, y) -> new double[] {x[0] + y[0], x[1] + y[1]};
    rows.forEach(r -> m.merge(key.apply(r), new double[] {r.simulated(), r.recorded()}, add));
    return m;
  }

  private static void line(StringBuilder b, String what, double[] v) {
    b.append(String.format(Locale.US, "%-50s %12s  %12s  %12s  %s%n", what, Fmt.usd(v[0]), Fmt.usd(v[1]),
        Fmt.usd(v[1] - v[0]), v[1] == 0 ? Fmt.NONE : Fmt.pct((v[1] - v[0]) / v[1])));
  }

  /** Everything, for machines. */
  public ObjectNode json() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("baseline", baseline);
    root.put("first_day", firstDay.toString());
    root.put("last_day", lastDay.toString());
    providers.forEach(root.withArray("providers")::add);
    root.put("simulated_usd", Summary.ratio(simulatedUsd));
    root.put("recorded_usd", Summary.ratio(recordedUsd));
    root.put("relative_gap", Double.isNaN(relativeGap()) ? null : Summary.ratio(relativeGap()));
    root.put("verdict", verdictLine());
    ObjectNode res = root.putObject("residual_usd");
    for (String c : List.of("price", "not_in_trace", "not_simulated", "not_on_bill")) {
      res.put(c, Summary.ratio(residual(c)));
    }
    root.put("price_ratio", Double.isNaN(priceRatio()) ? null : Summary.ratio(priceRatio()));
    root.put("outside_period_usd", Summary.ratio(outsideUsd));
    ArrayNode a = root.putArray("rows");
    for (Row r : rows) {
      a.addObject().put("day", r.day().toString()).put("model", r.model()).put("token_class", r.tokenClass())
          .put("simulated_usd", Summary.ratio(r.simulated())).put("recorded_usd", Summary.ratio(r.recorded()))
          .put("difference_usd", Summary.ratio(r.difference())).put("cause", r.cause());
    }
    return root;
  }
}
