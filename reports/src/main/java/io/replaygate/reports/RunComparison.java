package io.replaygate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What moved between two runs, from their {@code verdict.json} alone: the decision (and whether it flipped),
 * costs per path, the gate's figures, the traffic's shape and the prices — one tidy list of rows that
 * {@code diff} prints as text and {@code report --compare} renders as Markdown or HTML.
 *
 * @param from    the first run's label
 * @param to      the second run's label
 * @param flipped whether the decision differs
 * @param rows    every compared figure, in sections
 */
public record RunComparison(String from, String to, boolean flipped, List<Row> rows) {
  /**
   * @param section  decision, costs per path (per month), gate, traffic or prices
   * @param what     the figure
   * @param before   in the first run (formatted; {@code absent} when the run lacks it)
   * @param after    in the second run
   * @param change   the relative change where both are amounts ({@code (+12.5%)}), else empty
   */
  public record Row(String section, String what, String before, String after, String change) {
    public boolean changed() {
      return !before.equals(after);
    }
  }

  public static RunComparison of(String from, JsonNode va, String to, JsonNode vb) {
    List<Row> rows = new ArrayList<>();
    String s = "decision";
    rows.add(row(s, "decision", va.path("decision").asText(), vb.path("decision").asText()));
    rows.add(row(s, "candidate", va.path("candidate").asText(), vb.path("candidate").asText()));
    rows.add(row(s, "savings", Fmt.interval(va.path("savings")), Fmt.interval(vb.path("savings"))));
    s = "costs per path (per month)";
    Map<String, JsonNode> pa = byKey(va.path("paths"), "path");
    Map<String, JsonNode> pb = byKey(vb.path("paths"), "path");
    Set<String> names = new LinkedHashSet<>(pa.keySet());
    names.addAll(pb.keySet());
    for (String n : names) {
      JsonNode x = pa.get(n);
      JsonNode y = pb.get(n);
      String change = x != null && y != null && x.path("monthly_usd").isNumber() && y.path("monthly_usd").isNumber()
          ? pctChange(x.path("monthly_usd").asDouble(), y.path("monthly_usd").asDouble()) : "";
      rows.add(new Row(s, n, x == null ? "absent" : Fmt.usd(x.path("monthly_usd")),
          y == null ? "absent" : Fmt.usd(y.path("monthly_usd")), change));
    }
    s = "gate (decision's candidate)";
    Map<String, JsonNode> ra = byKey(va.path("rules"), "rule");
    Map<String, JsonNode> rb = byKey(vb.path("rules"), "rule");
    Set<String> rn = new LinkedHashSet<>(ra.keySet());
    rn.addAll(rb.keySet());
    for (String r : rn) {
      rows.add(row(s, r, rule(ra.get(r)), rule(rb.get(r))));
    }
    s = "traffic";
    JsonNode da = va.path("diagnosis");
    JsonNode db = vb.path("diagnosis");
    JsonNode pva = va.path("provenance");
    JsonNode pvb = vb.path("provenance");
    rows.add(row(s, "trace", short12(pva.path("trace_sha256").asText()), short12(pvb.path("trace_sha256").asText())));
    rows.add(row(s, "requests", Fmt.count(pva.path("requests")), Fmt.count(pvb.path("requests"))));
    rows.add(row(s, "replayed hours", Fmt.num(pva.path("replayed_hours"), 1), Fmt.num(pvb.path("replayed_hours"), 1)));
    rows.add(row(s, "tokens", Fmt.count(da.path("tokens")), Fmt.count(db.path("tokens"))));
    rows.add(row(s, "top-1 token share", Fmt.pct(da.path("concentration").path("top1_token_share")),
        Fmt.pct(db.path("concentration").path("top1_token_share"))));
    rows.add(row(s, "top-2 token share", Fmt.pct(da.path("concentration").path("top2_token_share")),
        Fmt.pct(db.path("concentration").path("top2_token_share"))));
    rows.add(row(s, "reuse ceiling", Fmt.pct(da.path("reuse").path("ceiling_token_hit_ratio")),
        Fmt.pct(db.path("reuse").path("ceiling_token_hit_ratio"))));
    rows.add(row(s, "diagnosis", da.path("code").asText(), db.path("code").asText()));
    s = "prices";
    for (String k : new String[] {"price_date", "catalog_date", "gpu_catalog_date", "engine_version", "scenario_sha256"}) {
      rows.add(row(s, k, pva.path(k).asText(), pvb.path(k).asText()));
    }
    rows.add(row(s, "GPU $/hour", Fmt.num(va.path("break_even").path("current_gpu_usd_per_hour"), 2),
        Fmt.num(vb.path("break_even").path("current_gpu_usd_per_hour"), 2)));
    return new RunComparison(from, to, !va.path("decision").asText().equals(vb.path("decision").asText()), rows);
  }

  /** Aligned text, one figure a line, sections as headings ({@code replaygate diff}). */
  public String text() {
    StringBuilder b = new StringBuilder(String.format(Locale.US, "%s -> %s%n", from, to));
    String section = "decision";
    for (Row r : rows) {
      if (!r.section().equals(section)) {
        section = r.section();
        b.append(section).append(":\n");
      }
      String what = r.section().equals("decision") ? r.what() : "  " + r.what();
      if (r.section().startsWith("costs")) {
        b.append(String.format(Locale.US, "  %-44s %12s -> %-12s %s%n", r.what(), r.before(), r.after(), r.change()));
      } else {
        b.append(String.format(Locale.US, "%-24s %-28s -> %s%s%n", what, r.before(), r.after(),
            r.changed() ? "   (changed)" : ""));
      }
    }
    return b.toString();
  }

  /** GitHub-flavoured Markdown: a headline saying whether the verdict flipped, then one table per section. */
  public String markdown() {
    StringBuilder b = new StringBuilder("## replaygate: ").append(from).append(" → ").append(to).append("\n\n");
    b.append(flipped ? "**The verdict flipped**: " : "The verdict held: ").append(rows.get(0).before())
        .append(" → ").append(rows.get(0).after()).append(".\n");
    String section = null;
    for (Row r : rows) {
      if (!r.section().equals(section)) {
        section = r.section();
        b.append("\n### ").append(section).append("\n\n| | ").append(from).append(" | ").append(to)
            .append(" | |\n|---|---|---|---|\n");
      }
      b.append("| ").append(md(r.what())).append(" | ").append(md(r.before())).append(" | ").append(md(r.after()))
          .append(" | ").append(r.changed() ? "changed " + r.change() : "").append(" |\n");
    }
    return b.toString();
  }

  /** A self-contained HTML page with the same tables (the report's style). */
  public String html() {
    StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>replaygate: ");
    h.append(HtmlReport.esc(from + " → " + to)).append("</title>\n<style>\n").append(HtmlReport.CSS)
        .append(".changed td{font-weight:600}</style></head><body>\n<main><h1>").append(HtmlReport.esc(from))
        .append(" → ").append(HtmlReport.esc(to)).append("</h1>\n<p class=lead>")
        .append(flipped ? "<b class=fail>The verdict flipped</b>: " : "The verdict held: ")
        .append(HtmlReport.esc(rows.get(0).before() + " → " + rows.get(0).after())).append(".</p>\n");
    String section = null;
    for (Row r : rows) {
      if (!r.section().equals(section)) {
        if (section != null) {
          h.append("</tbody></table></div>\n");
        }
        section = r.section();
        h.append("<h2>").append(HtmlReport.esc(section)).append("</h2>\n<div class=wrap><table><thead><tr>")
            .append("<th scope=col>figure</th><th scope=col>").append(HtmlReport.esc(from)).append("</th><th scope=col>")
            .append(HtmlReport.esc(to)).append("</th><th scope=col>change</th></tr></thead><tbody>\n");
      }
      h.append(r.changed() ? "<tr class=changed>" : "<tr>").append("<td>").append(HtmlReport.esc(r.what()))
          .append("</td><td>").append(HtmlReport.esc(r.before())).append("</td><td>").append(HtmlReport.esc(r.after()))
          .append("</td><td>").append(r.changed() ? "changed " + HtmlReport.esc(r.change()) : "").append("</td></tr>\n");
    }
    return h.append("</tbody></table></div>\n</main></body></html>\n").toString();
  }

  private static Row row(String section, String what, String before, String after) {
    return new Row(section, what, before, after, "");
  }

  private static String md(String s) {
    return s.replace("|", "\\|");
  }

  private static String pctChange(double from, double to) {
    return from == 0 ? "" : String.format(Locale.US, "(%+.1f%%)", 100 * (to - from) / from);
  }

  private static String short12(String s) {
    return s.length() > 12 ? s.substring(0, 12) : s;
  }

  private static String rule(JsonNode r) {
    return r == null ? "absent" : (r.path("passed").asBoolean() ? "holds " : "fails ") + Fmt.rule(r, "observed");
  }

  private static Map<String, JsonNode> byKey(JsonNode array, String key) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    array.forEach(p -> m.put(p.path(key).asText(), p));
    return m;
  }
}
