package io.replaygate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Every chart of the report, each from {@link RunData} alone, each with a title, axis labels with units, a
 * legend where there is more than one series, and a text alternative that states what it shows in words. A
 * chart whose data the run does not have (no cluster path, no block hashes, no candidate) is left out, and
 * the page says why ({@link Figure#absent}).
 */
final class ReportCharts {
  static final int W = 880;
  static final int H = 360;

  /**
   * One chart on the page.
   *
   * @param id    the element id (and anchor)
   * @param title what it shows
   * @param svg   the inline SVG, or null when the run has nothing to draw
   * @param alt   the text alternative (or, when absent, why the chart is not there)
   */
  record Figure(String id, String title, String svg, String alt) {
    static Figure absent(String id, String title, String why) {
      return new Figure(id, title, null, why);
    }
  }

  private ReportCharts() {}

  /** The charts in page order. */
  static List<Figure> all(RunData d) {
    return List.of(costItems(d), costOverTime(d), cumulativeSavings(d), breakEven(d), tornado(d), hitRatioCurve(d),
        tierHits(d), latencyCdf(d, true), latencyCdf(d, false), utilisation(d), replicas(d), fallbackShare(d),
        concentration(d));
  }

  // ---- cost ----

  /** Stacked line items per path, grouped into cost classes ({@link CostClasses}). */
  static Figure costItems(RunData d) {
    String title = "Cost by line item class per path (replayed period)";
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    Map<String, Map<String, Double>> classes = CostClasses.byPath(d);
    for (String cls : CostClasses.order(classes)) {
      for (var e : classes.entrySet()) {
        ds.addValue(e.getValue().getOrDefault(cls, 0.0), cls, e.getKey());
      }
    }
    JFreeChart chart = ChartFactory.createStackedBarChart(title, "path", "cost (US$)", ds, PlotOrientation.HORIZONTAL,
        true, false, false);
    Svg.style(chart);
    ((NumberAxis) chart.getCategoryPlot().getRangeAxis()).setNumberFormatOverride(usd());
    StringBuilder alt = new StringBuilder("Stacked horizontal bars, one per path, of the replayed period's cost by "
        + "line item class. ");
    for (var e : classes.entrySet()) {
      var top = e.getValue().entrySet().stream().max(Map.Entry.comparingByValue());
      alt.append(e.getKey()).append(": ").append(Fmt.usd(e.getValue().values().stream().mapToDouble(x -> x).sum()));
      top.ifPresent(t -> alt.append(", mostly ").append(t.getKey()).append(" (").append(Fmt.usd(t.getValue())).append(")"));
      alt.append("; ");
    }
    return new Figure("chart-cost-items", title, Svg.render(chart, "chart-cost-items", W,
        Math.max(240, 120 + 44 * classes.size()), title, alt.toString()), alt.toString());
  }

  static Figure costOverTime(RunData d) {
    String title = "Cost per hour per path";
    Map<String, Map<Long, Double>> inPathOrder = new java.util.LinkedHashMap<>();
    d.paths().stream().filter(d.costPerHour()::containsKey).forEach(p -> inPathOrder.put(p, d.costPerHour().get(p)));
    StringBuilder alt = new StringBuilder("Hourly cost of each path over the replayed period. ");
    JFreeChart chart = overTime(d, title, "cost per hour (US$)", inPathOrder, null, alt, (p, s) -> p + ": mean "
        + Fmt.usd(s.getAverage()) + "/h, peak " + Fmt.usd(s.getMax()) + "/h; ");
    ((NumberAxis) chart.getXYPlot().getRangeAxis()).setNumberFormatOverride(usd());
    return figure(chart, "chart-cost-time", title, alt.toString());
  }


  /** The candidate's savings over the baseline, accumulated hour by hour, against the run's interval. */
  static Figure cumulativeSavings(RunData d) {
    String title = "Cumulative savings of the candidate over the baseline";
    JsonNode v = d.verdict();
    String base = v.path("baseline").asText();
    String cand = v.path("candidate").asText(null);
    Map<Long, Double> b = d.costPerHour().get(base);
    Map<Long, Double> c = cand == null ? null : d.costPerHour().get(cand);
    if (b == null || c == null) {
      return Figure.absent("chart-savings", title, "no candidate path in this run");
    }
    TimeSeries s = new TimeSeries("savings of " + cand + " vs " + base);
    double cb = 0;
    double cc = 0;
    java.util.TreeSet<Long> hours = new java.util.TreeSet<>(b.keySet());
    hours.addAll(c.keySet());
    double total = b.values().stream().mapToDouble(x -> x).sum();
    for (long h : hours) {
      cb += b.getOrDefault(h, 0.0);
      cc += c.getOrDefault(h, 0.0);
      if (cb >= 0.05 * total && cb > 0) { // before 5% of the baseline's cost the ratio is noise over a few requests
        s.add(new FixedMillisecond(h / 1000), (cb - cc) / cb);
      }
    }
    TimeSeriesCollection ds = new TimeSeriesCollection(s);
    JFreeChart chart = ChartFactory.createTimeSeriesChart(title, "time (UTC)", "savings (share of baseline cost)", ds);
    timeStyle(chart);
    XYPlot plot = chart.getXYPlot();
    ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(pct());
    JsonNode sv = v.path("savings");
    IntervalMarker band = new IntervalMarker(sv.path("lower").asDouble(), sv.path("upper").asDouble());
    band.setPaint(new Color(0x56, 0xB4, 0xE9, 70));
    band.setLabel(Fmt.pct(sv.path("level")) + " interval of the run's savings");
    band.setLabelFont(new java.awt.Font("DejaVu Sans", java.awt.Font.PLAIN, 11));
    band.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    band.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    plot.addRangeMarker(band, Layer.BACKGROUND);
    plot.addRangeMarker(threshold(v.path("thresholds").path("materiality").asDouble(), "materiality threshold "
        + Fmt.pct(v.path("thresholds").path("materiality"))));
    String alt = "Savings of " + cand + " over " + base + " accumulated hour by hour (from the hour the baseline "
        + "has spent 5% of its total), ending at "
        + Fmt.pct(s.getItemCount() == 0 ? 0 : s.getValue(s.getItemCount() - 1).doubleValue()) + "; the band is the "
        + "block-bootstrap interval of the whole run's savings, " + Fmt.interval(sv) + "; the line marks the "
        + "materiality threshold " + Fmt.pct(v.path("thresholds").path("materiality")) + ".";
    return figure(chart, "chart-savings", title, alt);
  }

  /**
   * Monthly cost against monthly volume: the baseline linear in tokens, the candidate's usage lines linear, its
   * GPUs stepped (whole replicas at the run's peak tokens per replica) and its fixed lines flat.
   */
  static Figure breakEven(RunData d) {
    String title = "Monthly cost against monthly volume";
    JsonNode v = d.verdict();
    String cand = v.path("candidate").asText(null);
    JsonNode be = v.path("break_even");
    double tokens = be.path("current_monthly_tokens").asDouble(0);
    if (cand == null || tokens <= 0) {
      return Figure.absent("chart-break-even", title, "no candidate path in this run");
    }
    double month = 730 / d.summary().path("trace").path("replayed_hours").asDouble(1);
    double managed = d.path(v.path("baseline").asText()).path("monthly_usd").asDouble();
    double usage = 0;
    double gpu = 0;
    double fixed = 0;
    for (JsonNode l : d.path(cand).path("line_items")) {
      double m = l.path("amount_usd").asDouble() * month;
      switch (l.path("kind").asText()) {
        case "gpu" -> gpu += m;
        case "other_fixed" -> fixed += m;
        default -> usage += m;
      }
    }
    double peak = d.replicas().getOrDefault(cand, Map.of()).values().stream().mapToDouble(x -> x).max().orElse(0);
    XYSeries lin = new XYSeries("baseline " + v.path("baseline").asText() + " (linear)");
    XYSeries step = new XYSeries("candidate " + cand + " (GPUs in whole replicas)");
    for (int i = 0; i <= 120; i++) {
      double m = i / 40.0; // 0 to 3× today's volume
      lin.add(tokens * m / 1e6, managed * m);
      double gpuAt = peak <= 0 ? gpu * m : gpu / Math.ceil(peak) * Math.max(1, Math.ceil(peak * m));
      step.add(tokens * m / 1e6, fixed + usage * m + gpuAt);
    }
    XYSeriesCollection ds = new XYSeriesCollection();
    ds.addSeries(lin);
    ds.addSeries(step);
    JFreeChart chart = ChartFactory.createXYLineChart(title, "monthly tokens (millions)", "monthly cost (US$)", ds);
    Svg.style(chart);
    XYPlot plot = chart.getXYPlot();
    ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(usd());
    plot.addDomainMarker(domainThreshold(tokens / 1e6, "today"));
    String alt = "Monthly cost as monthly volume goes from 0 to 3× today's " + Fmt.count(be.path("current_monthly_tokens"))
        + " tokens: the baseline grows linearly from " + Fmt.usd(managed) + " today; the candidate is "
        + Fmt.usd(fixed) + " of fixed lines, " + Fmt.usd(usage) + " of usage lines growing linearly and "
        + Fmt.usd(gpu) + " of GPUs in steps of whole replicas (peak " + String.format(Locale.US, "%.1f", peak)
        + " replicas today). Rule: volume scales every request alike; a projection from the run's line items, "
        + "not a replay at that volume.";
    return figure(chart, "chart-break-even", title, alt);
  }

  /** Savings when each input moves ±20%, as changes from the estimate. */
  static Figure tornado(RunData d) {
    String title = "Sensitivity: savings when one input moves by ±20%";
    JsonNode be = d.verdict().path("break_even");
    if (!be.path("tornado").isArray() || be.path("tornado").isEmpty()) {
      return Figure.absent("chart-tornado", title, "no candidate path in this run");
    }
    double est = d.verdict().path("savings").path("estimate").asDouble();
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    StringBuilder alt = new StringBuilder("Change in the savings estimate (" + Fmt.pct(est) + ") in percentage points "
        + "when one input is 20% lower or higher. ");
    for (JsonNode t : be.path("tornado")) {
      String in = t.path("input").asText();
      double lo = t.path("savings_at_minus_20pct").asDouble() - est;
      double hi = t.path("savings_at_plus_20pct").asDouble() - est;
      ds.addValue(100 * lo, "input −20%", in);
      ds.addValue(100 * hi, "input +20%", in);
      alt.append(String.format(Locale.US, "%s: %+.1f / %+.1f pts; ", in, 100 * lo, 100 * hi));
    }
    JFreeChart chart = ChartFactory.createBarChart(title, "input", "change in savings (percentage points)", ds,
        PlotOrientation.HORIZONTAL, true, false, false);
    Svg.style(chart);
    return new Figure("chart-tornado", title, Svg.render(chart, "chart-tornado", W, 320, title, alt.toString()),
        alt.toString());
  }

  // ---- cache ----

  /** The diagnose curve (one LRU pool, hit ratio vs capacity) with each path's achieved hit ratio. */
  static Figure hitRatioCurve(RunData d) {
    String title = "Prompt-token hit ratio against KV capacity";
    JsonNode diag = d.verdict().path("diagnosis");
    List<JsonNode> pts = new ArrayList<>();
    diag.path("cache_curve").forEach(p -> {
      if (p.path("capacity_blocks").isNumber()) {
        pts.add(p);
      }
    });
    if (pts.size() < 2) {
      return Figure.absent("chart-hit-curve", title, "the trace has no block hashes: reuse cannot be measured");
    }
    XYSeriesCollection ds = new XYSeriesCollection();
    XYSeries curve = new XYSeries("one LRU prefix pool (diagnose)");
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (JsonNode p : pts) {
      double x = p.path("capacity_blocks").asDouble();
      curve.add(x, p.path("token_hit_ratio").asDouble());
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    ds.addSeries(curve);
    StringBuilder alt = new StringBuilder("Token hit ratio of one LRU prefix pool at ");
    alt.append(pts.size()).append(" capacities from ").append(String.format(Locale.US, "%,.0f", lo)).append(" to ")
        .append(String.format(Locale.US, "%,.0f", hi)).append(" blocks of ")
        .append(diag.path("reuse").path("block_tokens").asText()).append(" tokens (")
        .append(Fmt.pct(pts.get(0).path("token_hit_ratio"))).append(" to ")
        .append(Fmt.pct(pts.get(pts.size() - 1).path("token_hit_ratio"))).append("); unbounded: ")
        .append(Fmt.pct(diag.path("reuse").path("ceiling_token_hit_ratio"))).append(". Achieved by each path: ");
    XYSeries ceiling = new XYSeries("reuse ceiling (unbounded)");
    ceiling.add(lo, diag.path("reuse").path("ceiling_token_hit_ratio").asDouble());
    ceiling.add(hi, diag.path("reuse").path("ceiling_token_hit_ratio").asDouble());
    ds.addSeries(ceiling);
    for (String p : d.paths()) {
      JsonNode hr = d.path(p).path("token_hit_ratio");
      if (hr.isNumber()) {
        XYSeries s = new XYSeries(p + " achieved");
        s.add(lo, hr.asDouble());
        s.add(hi, hr.asDouble());
        ds.addSeries(s);
        alt.append(p).append(" ").append(Fmt.pct(hr)).append("; ");
      }
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "KV capacity (blocks, log scale)",
        "prompt tokens read from cache", ds);
    XYPlot plot = chart.getXYPlot();
    plot.setDomainAxis(decades("KV capacity (blocks, log scale)"));
    Svg.style(chart);
    ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(pct());
    XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
    r.setSeriesShapesVisible(0, true);
    for (int s = 1; s < ds.getSeriesCount(); s++) {
      r.setSeriesStroke(s, new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    }
    return figure(chart, "chart-hit-curve", title, alt.toString());
  }

  /** Prompt tokens a BYOC path's replicas found in each KV tier. */
  static Figure tierHits(RunData d) {
    String title = "Prompt tokens the cluster's replicas found cached, by KV tier";
    if (d.tierHits().isEmpty()) {
      return Figure.absent("chart-tiers", title, "no cluster path in this run");
    }
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    StringBuilder alt = new StringBuilder("Prompt tokens each cluster path's replicas found cached, by tier (millions; "
        + "requests sent to a managed fallback read from that provider's cache and are not here). ");
    String[] tiers = {"GPU memory", "host memory", "shared pool"};
    for (var e : d.tierHits().entrySet()) {
      alt.append(e.getKey()).append(":");
      for (int t = 0; t < 3; t++) {
        ds.addValue(e.getValue()[t] / 1e6, tiers[t], e.getKey());
        alt.append(String.format(Locale.US, " %s %.1fM", tiers[t], e.getValue()[t] / 1e6));
      }
      alt.append("; ");
    }
    JFreeChart chart = ChartFactory.createStackedBarChart(title, "path", "prompt tokens (millions)", ds,
        PlotOrientation.HORIZONTAL, true, false, false);
    Svg.style(chart);
    return new Figure("chart-tiers", title, Svg.render(chart, "chart-tiers", W, Math.max(240, 120 + 44 * d.tierHits().size()), title,
        alt.toString()), alt.toString());
  }

  // ---- latency ----

  /** TTFT (or time per output token) distribution per path against the SLO target. */
  static Figure latencyCdf(RunData d, boolean ttft) {
    String id = ttft ? "chart-ttft" : "chart-tpot";
    String what = ttft ? "time to first token" : "time per output token (inter-token latency)";
    String title = "Distribution of " + what + " per path";
    Map<String, double[]> cdf = ttft ? d.ttftCdf() : d.tpotCdf();
    if (cdf.isEmpty()) {
      return Figure.absent(id, title, "no served request in this run");
    }
    XYSeriesCollection ds = new XYSeriesCollection();
    StringBuilder alt = new StringBuilder("Cumulative distribution of " + what + " over served requests, per path. ");
    for (String p : d.paths()) {
      double[] q = cdf.get(p);
      if (q == null) {
        continue;
      }
      XYSeries s = new XYSeries(p, false, true);
      for (int i = 0; i < q.length; i++) {
        s.add(Math.max(q[i], 0.1), i / 100.0);
      }
      ds.addSeries(s);
      JsonNode lat = d.summaryPath(p).path("latency_ms");
      if (ttft && lat.path("ttft_p95").isNumber()) { // the run's own figures (the paths table's), not re-derived
        alt.append(String.format(Locale.US, "%s: median %s, p95 %s; ", p, Fmt.ms(lat.path("ttft_p50")),
            Fmt.ms(lat.path("ttft_p95"))));
      } else {
        alt.append(String.format(Locale.US, "%s: median %s, p95 %s; ", p, Fmt.ms(q[50]), Fmt.ms(q[95])));
      }
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, what + " (ms, log scale)", "share of requests", ds);
    XYPlot plot = chart.getXYPlot();
    plot.setDomainAxis(decades(what + " (ms, log scale)"));
    Svg.style(chart);
    colourByPath(d, plot);
    ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(pct());
    JsonNode slo = d.summary().path("paths").path(0).path("slo");
    double target = slo.path(ttft ? "ttft_ms" : "tpot_ms").asDouble(0);
    if (target > 0) {
      plot.addDomainMarker(domainThreshold(target, "SLO " + Fmt.ms(target)));
      alt.append("The line marks the SLO target, ").append(Fmt.ms(target)).append(".");
    }
    return figure(chart, id, title, alt.toString());
  }

  // ---- capacity ----

  /** Capacity utilisation of each cluster path per hour, business hours shaded, with the break-even band. */
  static Figure utilisation(RunData d) {
    String title = "Capacity utilisation of the cluster paths";
    if (d.utilisation().isEmpty()) {
      return Figure.absent("chart-utilisation", title, "no cluster path in this run");
    }
    StringBuilder alt = new StringBuilder("Hourly capacity utilisation (work served ÷ provisioned replica-seconds) of "
        + "each cluster path; business hours shaded. ");
    JFreeChart chart = overTime(d, title, "capacity utilisation", d.utilisation(), null, alt,
        (p, s) -> String.format(Locale.US, "%s: peak %s, mean %s; ", p, Fmt.pct(s.getMax()), Fmt.pct(s.getAverage())));
    XYPlot plot = chart.getXYPlot();
    ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(pct());
    shadeBusinessHours(d, plot);
    double band = d.verdict().path("thresholds").path("utilisation_band").asDouble(0);
    if (band > 0) {
      plot.addRangeMarker(threshold(band, "break-even band " + Fmt.pct(band)));
      double top = d.utilisation().values().stream().flatMap(m -> m.values().stream()).mapToDouble(x -> x).max()
          .orElse(0);
      plot.getRangeAxis().setRange(0, Math.max(top, band) * 1.08); // the band is in view however idle the fleet
      alt.append("The line marks the break-even utilisation band, ").append(Fmt.pct(band)).append(".");
    }
    return figure(chart, "chart-utilisation", title, alt.toString());
  }


  static Figure replicas(RunData d) {
    String title = "Replicas provisioned per cluster path";
    if (d.replicas().isEmpty()) {
      return Figure.absent("chart-replicas", title, "no cluster path in this run");
    }
    StringBuilder alt = new StringBuilder("Replicas provisioned (all deployments, mean over each hour) per cluster "
        + "path. ");
    JFreeChart chart = overTime(d, title, "replicas", d.replicas(), new XYStepRenderer(), alt,
        (p, s) -> String.format(Locale.US, "%s: %.1f to %.1f; ", p, s.getMin(), s.getMax()));
    ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(true);
    return figure(chart, "chart-replicas", title, alt.toString());
  }


  static Figure fallbackShare(RunData d) {
    String title = "Share of requests sent to the fallback";
    if (d.fallbackShare().isEmpty()) {
      return Figure.absent("chart-fallback", title, "no path in this run sent requests to a fallback");
    }
    StringBuilder alt = new StringBuilder("Hourly share of arriving requests that went to the fallback, per path. ");
    JFreeChart chart = overTime(d, title, "requests to the fallback", d.fallbackShare(), null, alt,
        (p, s) -> String.format(Locale.US, "%s: mean %s, peak %s; ", p, Fmt.pct(s.getAverage()), Fmt.pct(s.getMax())));
    ((NumberAxis) chart.getXYPlot().getRangeAxis()).setNumberFormatOverride(pct());
    return figure(chart, "chart-fallback", title, alt.toString());
  }


  // ---- traffic ----

  /** Token share per model path, largest first, with the cumulative share (a Pareto chart). */
  static Figure concentration(RunData d) {
    String title = "Model-path concentration (token share, Pareto)";
    JsonNode mp = d.verdict().path("diagnosis").path("concentration").path("model_paths");
    if (!mp.isArray() || mp.isEmpty()) {
      return Figure.absent("chart-concentration", title, "no diagnosis in this run");
    }
    DefaultCategoryDataset bars = new DefaultCategoryDataset();
    DefaultCategoryDataset cum = new DefaultCategoryDataset();
    double total = 0;
    int n = 0;
    int shown = Math.min(mp.size(), 15);
    StringBuilder alt = new StringBuilder("Token share of each model path, largest first");
    alt.append(mp.size() > shown ? " (top " + shown + " of " + mp.size() + ")" : "").append(": ");
    for (JsonNode s : mp) {
      if (n++ == shown) {
        break;
      }
      double share = s.path("token_share").asDouble();
      total += share;
      bars.addValue(share, "token share", s.path("key").asText());
      cum.addValue(total, "cumulative share", s.path("key").asText());
      alt.append(s.path("key").asText()).append(" ").append(Fmt.pct(share)).append("; ");
    }
    alt.append("HHI ").append(Fmt.num(d.verdict().path("diagnosis").path("concentration").path("hhi"), 3)).append(".");
    JFreeChart chart = ChartFactory.createBarChart(title, "model path", "token share", bars, PlotOrientation.HORIZONTAL,
        true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setDataset(1, cum); // the cumulative share on the same 0–100% axis as the bars
    plot.setRenderer(1, new LineAndShapeRenderer());
    Svg.style(chart);
    NumberAxis axis = (NumberAxis) plot.getRangeAxis();
    axis.setRange(0, 1.0);
    axis.setNumberFormatOverride(pct());
    return new Figure("chart-concentration", title, Svg.render(chart, "chart-concentration", W, Math.max(240, 120 + 28 * shown), title,
        alt.toString()), alt.toString());
  }

  // ---- helpers ----

  private static Figure figure(JFreeChart chart, String id, String title, String alt) {
    return new Figure(id, title, Svg.render(chart, id, W, H, title, alt), alt);
  }

  /**
   * One line per path over time, in the map's order: the time axis, the house style and each path's colour
   * ({@code renderer} replaces the default line renderer first); {@code describe} adds each path's figures to
   * the text alternative.
   */
  private static JFreeChart overTime(RunData d, String title, String yAxis, Map<String, Map<Long, Double>> byPath,
      org.jfree.chart.renderer.xy.XYItemRenderer renderer, StringBuilder alt,
      java.util.function.BiFunction<String, java.util.DoubleSummaryStatistics, String> describe) {
    TimeSeriesCollection ds = new TimeSeriesCollection();
    byPath.forEach((p, s) -> {
      ds.addSeries(timeSeries(p, s));
      alt.append(describe.apply(p, s.values().stream().mapToDouble(x -> x).summaryStatistics()));
    });
    JFreeChart chart = ChartFactory.createTimeSeriesChart(title, "time (UTC)", yAxis, ds);
    if (renderer != null) {
      chart.getXYPlot().setRenderer(renderer);
    }
    timeStyle(chart);
    colourByPath(d, chart.getXYPlot());
    return chart;
  }

  private static TimeSeries timeSeries(String name, Map<Long, Double> byHourUs) {
    TimeSeries s = new TimeSeries(name);
    byHourUs.forEach((h, v) -> s.addOrUpdate(new FixedMillisecond(h / 1000), v));
    return s;
  }

  private static void timeStyle(JFreeChart chart) {
    Svg.style(chart);
    DateAxis axis = (DateAxis) chart.getXYPlot().getDomainAxis();
    axis.setTimeZone(TimeZone.getTimeZone("UTC"));
    SimpleDateFormat f = new SimpleDateFormat("EEE d MMM HH:mm", Locale.US);
    f.setTimeZone(TimeZone.getTimeZone("UTC"));
    axis.setDateFormatOverride(f);
  }

  /** Business hours (the run's own) shaded behind an hourly time series. */
  private static void shadeBusinessHours(RunData d, XYPlot plot) {
    if (d.businessHours() == null) {
      return;
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Map<Long, Double> s : d.utilisation().values()) {
      for (long h : s.keySet()) {
        first = Math.min(first, h);
        last = Math.max(last, h);
      }
    }
    Long start = null;
    long step = d.bucketHours() == 1 ? RunData.HOUR_US : Long.MAX_VALUE; // buckets of hours: nothing to shade
    for (long h = first; step != Long.MAX_VALUE && h <= last + step; h += step) {
      boolean in = h <= last && d.businessHours().contains(h + step / 2);
      if (in && start == null) {
        start = h;
      } else if (!in && start != null) {
        IntervalMarker m = new IntervalMarker(start / 1000.0, h / 1000.0);
        m.setPaint(new Color(0xF0, 0xE4, 0x42, 60));
        plot.addDomainMarker(m, Layer.BACKGROUND);
        start = null;
      }
    }
  }

  /** A dashed threshold line labelled inside the plot: a vertical one at its top, a horizontal one at its left. */
  private static ValueMarker threshold(double v, String label) {
    ValueMarker m = new ValueMarker(v);
    m.setPaint(Svg.TEXT);
    m.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {3, 3}, 0));
    m.setLabel(label);
    m.setLabelFont(new java.awt.Font("DejaVu Sans", java.awt.Font.PLAIN, 11));
    m.setLabelPaint(Svg.TEXT);
    m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    return m;
  }

  /** A vertical threshold (on the domain axis), labelled to the right of its top. */
  private static ValueMarker domainThreshold(double v, String label) {
    ValueMarker m = threshold(v, label);
    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    return m;
  }

  /** Shares on an axis: {@code 12%}, {@code 2.5%} (one decimal where the range needs it). */
  private static NumberFormat pct() {
    return new DecimalFormat("0.#%", DecimalFormatSymbols.getInstance(Locale.US));
  }

  /** Each path keeps its colour (its place in the verdict's path order) in every chart that draws it by name. */
  private static void colourByPath(RunData d, org.jfree.chart.plot.XYPlot plot) {
    List<String> paths = d.paths();
    for (int s = 0; s < plot.getDataset().getSeriesCount(); s++) {
      int i = paths.indexOf(String.valueOf(plot.getDataset().getSeriesKey(s)));
      if (i >= 0) {
        plot.getRenderer().setSeriesPaint(s, Svg.color(i));
      }
    }
  }

  /** Log axis ticks at whole decades ({@code 100}, {@code 1,000}, …). */
  private static LogAxis decades(String label) {
    LogAxis x = new LogAxis(label);
    x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
    x.setMinorTickMarksVisible(true);
    x.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.US)));
    return x;
  }

  private static NumberFormat usd() {
    return new DecimalFormat("$#,##0.##", DecimalFormatSymbols.getInstance(Locale.US));
  }
}
