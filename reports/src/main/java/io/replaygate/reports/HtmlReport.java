package io.replaygate.reports;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code report.html}: one self-contained page (no external resources) read from {@code verdict.json}: the
 * decision, the per-path costs, the gate rules, the break-evens, the line items, assumptions, definitions and
 * provenance, with links to the run's Parquet tables. Tables sort on a header click (a few lines of inline
 * script).
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(JsonNode v) {
    StringBuilder h = new StringBuilder();
    String code = v.path("decision").asText();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>replaygate: ")
        .append(esc(Fmt.decision(v))).append("</title>\n<style>\n")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;color:#1d2330}\n")
        .append("table{border-collapse:collapse;margin:.6em 0 1.4em}th,td{padding:.3em .7em;border-bottom:1px solid #dde}")
        .append("th{cursor:pointer;text-align:left;background:#f4f5f9}td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append(".badge{display:inline-block;padding:.3em .8em;border-radius:.4em;font-weight:600;color:#fff}")
        .append(".activate_byoc,.activate_hybrid{background:#1a7f37}.stay_managed{background:#57606a}.inconclusive{background:#9a6700}\n")
        .append(".ok{color:#1a7f37}.fail{color:#cf222e}small{color:#57606a}\n</style></head><body>\n");
    h.append("<h1><span class=\"badge ").append(esc(code)).append("\">").append(esc(Fmt.decision(v)))
        .append("</span></h1>\n<p>Baseline <code>").append(esc(v.path("baseline").asText())).append("</code>");
    if (v.path("candidate").isTextual()) {
      JsonNode m = v.path("monthly_usd");
      h.append(", candidate <code>").append(esc(v.path("candidate").asText())).append("</code>: savings <b>")
          .append(esc(Fmt.interval(v.path("savings")))).append("</b> (").append(Fmt.pct(v.path("savings").path("level")))
          .append(" interval), per month ").append(Fmt.usd(m.path("baseline"))).append(" → ")
          .append(Fmt.usd(m.path("candidate")));
    }
    h.append(".</p>\n<p><b>Why:</b> ").append(esc(v.path("main_reason").asText())).append("</p>\n");
    for (JsonNode w : v.path("baseline_check").path("warnings")) {
      h.append("<p class=fail><b>Warning:</b> ").append(esc(w.asText())).append("</p>\n");
    }
    h.append("<h2>Paths</h2>\n<table class=\"sortable\"><thead><tr><th>path</th><th>profile</th><th>requests</th>")
        .append("<th>cost</th><th>per month</th><th>$/MTok</th><th>vs baseline</th><th>SLO</th><th>errors</th>")
        .append("<th>TTFT p95</th><th>hit ratio</th><th>utilisation (business hours)</th><th>GPU busy</th></tr></thead><tbody>\n");
    for (JsonNode p : v.path("paths")) {
      h.append("<tr><td><code>").append(esc(p.path("path").asText())).append("</code></td><td>")
          .append(esc(p.path("profile").asText())).append("</td>").append(num(Fmt.count(p.path("requests")), p.path("requests")))
          .append(num(Fmt.usd(p.path("cost_usd")), p.path("cost_usd")))
          .append(num(Fmt.usd(p.path("monthly_usd")), p.path("monthly_usd")))
          .append(num(Fmt.num(p.path("usd_per_million_tokens"), 3), p.path("usd_per_million_tokens")))
          .append(num(Fmt.pct(p.path("savings_vs_baseline")), p.path("savings_vs_baseline")))
          .append(num(Fmt.pct(p.path("slo_attainment")), p.path("slo_attainment")))
          .append(num(Fmt.pct(p.path("error_rate")), p.path("error_rate")))
          .append(num(Fmt.ms(p.path("ttft_p95_ms")), p.path("ttft_p95_ms")))
          .append(num(Fmt.pct(p.path("token_hit_ratio")), p.path("token_hit_ratio")))
          .append(num(Fmt.pct(p.path("business_hours_capacity_utilization")), p.path("business_hours_capacity_utilization")))
          .append(num(Fmt.pct(p.path("gpu_busy_fraction")), p.path("gpu_busy_fraction"))).append("</tr>\n");
    }
    h.append("</tbody></table>\n<h2>The gate</h2>\n");
    for (JsonNode c : v.path("candidates")) {
      h.append("<h3><code>").append(esc(c.path("path").asText())).append("</code> ")
          .append(c.path("passed").asBoolean() ? "<span class=ok>passes</span>" : "<span class=fail>fails</span>")
          .append(" — savings ").append(esc(Fmt.interval(c.path("savings")))).append("</h3>\n<table><thead><tr>")
          .append("<th>rule</th><th>figure</th><th>threshold</th><th>margin</th><th>outcome</th></tr></thead><tbody>\n");
      for (JsonNode r : c.path("rules")) {
        h.append("<tr><td class=").append(r.path("passed").asBoolean() ? "ok" : "fail").append(">")
            .append(esc(r.path("rule").asText())).append("</td>").append(num(Fmt.num(r.path("observed"), 4), r.path("observed")))
            .append(num(Fmt.num(r.path("threshold"), 4), r.path("threshold")))
            .append(num(Fmt.num(r.path("margin"), 4), r.path("margin"))).append("<td>")
            .append(esc(r.path("outcome").asText())).append("</td></tr>\n");
      }
      h.append("</tbody></table>\n");
    }
    JsonNode be = v.path("break_even");
    if (be.isObject()) {
      h.append("<h2>What would flip it</h2>\n<p>Values at which the candidate's savings reach ")
          .append(Fmt.pct(be.path("target_savings"))).append(":</p><table><thead><tr><th>input</th><th>break-even</th>")
          .append("<th>now</th></tr></thead><tbody>\n")
          .append(row("GPU $/GPU-hour", Fmt.reach(be.path("gpu_usd_per_hour"),
              Fmt.num(be.path("gpu_usd_per_hour"), 2)), Fmt.num(be.path("current_gpu_usd_per_hour"), 2)))
          .append(row("business-hours capacity utilisation", Fmt.reach(
              be.path("business_hours_capacity_utilization"), Fmt.pct(be.path("business_hours_capacity_utilization"))),
              Fmt.pct(be.path("current_business_hours_capacity_utilization"))))
          .append(row("monthly tokens", Fmt.reach(be.path("monthly_tokens"), Fmt.count(be.path("monthly_tokens"))),
              Fmt.count(be.path("current_monthly_tokens"))))
          .append(row("engineering FTEs", Fmt.reach(be.path("engineering_fte"),
              Fmt.num(be.path("engineering_fte"), 1)), Fmt.num(be.path("current_engineering_fte"), 1)))
          .append("</tbody></table>\n<table><thead><tr><th>input ±20%</th><th>savings at −20%</th><th>savings at +20%</th>")
          .append("</tr></thead><tbody>\n");
      for (JsonNode t : be.path("tornado")) {
        h.append(row(t.path("input").asText(), Fmt.pct(t.path("savings_at_minus_20pct")),
            Fmt.pct(t.path("savings_at_plus_20pct"))));
      }
      h.append("</tbody></table>\n");
    }
    JsonNode check = v.path("baseline_check");
    if (check.isObject()) {
      h.append("<h2>Baseline against what the trace observed</h2>\n<table><thead><tr><th>figure</th><th>simulated</th>")
          .append("<th>observed</th></tr></thead><tbody>\n")
          .append(row("cost", Fmt.usd(check.path("simulated_cost_usd")), Fmt.usd(check.path("recorded_usage_cost_usd"))
              + " (recorded usage)"))
          .append(row("token hit ratio", Fmt.pct(check.path("simulated_token_hit_ratio")),
              Fmt.pct(check.path("observed_token_hit_ratio"))))
          .append(row("median TTFT", Fmt.ms(check.path("simulated_ttft_p50_ms")), Fmt.ms(check.path("observed_ttft_p50_ms"))))
          .append("</tbody></table>\n");
    }
    JsonNode purge = v.path("purge");
    if (purge.isObject()) {
      h.append("<h2>Purges</h2>\n<ul>\n");
      for (JsonNode e : purge.path("events")) {
        h.append("<li>tenant <code>").append(esc(e.path("tenant").asText())).append("</code> at ")
            .append(esc(e.path("at").asText())).append(" (").append(Fmt.count(e.path("tenant_requests_after")))
            .append(" of its requests after it)</li>\n");
      }
      h.append("</ul>\n<table><thead><tr><th>path</th><th>evidence</th><th>hit ratio</th><th>without purge</th>")
          .append("<th>cost of the purge</th></tr></thead><tbody>\n");
      for (JsonNode p : purge.path("paths")) {
        h.append("<tr><td><code>").append(esc(p.path("path").asText())).append("</code></td><td>")
            .append(esc(p.path("purge_evidence").asText())).append("</td>")
            .append(num(Fmt.pct(p.path("token_hit_ratio")), p.path("token_hit_ratio")))
            .append(num(Fmt.pct(p.path("token_hit_ratio_without_purge")), p.path("token_hit_ratio_without_purge")))
            .append(num(Fmt.usd(p.path("cost_of_purge_usd")), p.path("cost_of_purge_usd"))).append("</tr>\n");
      }
      h.append("</tbody></table>\n");
    }
    h.append("<h2>Cost lines</h2>\n<table class=\"sortable\"><thead><tr><th>path</th><th>item</th><th>kind</th>")
        .append("<th>amount</th></tr></thead><tbody>\n");
    for (JsonNode p : v.path("paths")) {
      for (JsonNode l : p.path("line_items")) {
        h.append("<tr><td><code>").append(esc(p.path("path").asText())).append("</code></td><td>")
            .append(esc(l.path("item").asText())).append("</td><td>").append(esc(l.path("kind").asText())).append("</td>")
            .append(num(Fmt.usd(l.path("amount_usd")), l.path("amount_usd"))).append("</tr>\n");
      }
    }
    h.append("</tbody></table>\n<h2>Assumptions</h2>\n<ul>\n");
    for (JsonNode a : v.path("assumptions")) {
      h.append("<li>").append(esc(a.asText())).append("</li>\n");
    }
    h.append("</ul>\n<h2>Definitions</h2>\n<dl>\n");
    v.path("definitions").properties().forEach(e -> h.append("<dt><code>").append(esc(e.getKey()))
        .append("</code></dt><dd>").append(esc(e.getValue().asText())).append("</dd>\n"));
    h.append("</dl>\n<h2>Provenance</h2>\n<table><tbody>\n");
    v.path("provenance").properties().forEach(e -> h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>")
        .append(esc(e.getValue().asText())).append("</td></tr>\n"));
    h.append("</tbody></table>\n<p><small>Raw tables: <a href=\"outcomes.parquet\">outcomes.parquet</a> · ")
        .append("<a href=\"windows.parquet\">windows.parquet</a> · <a href=\"costs.parquet\">costs.parquet</a> · ")
        .append("<a href=\"ledger.parquet\">ledger.parquet</a> · <a href=\"cluster.parquet\">cluster.parquet</a> · ")
        .append("<a href=\"summary.json\">summary.json</a> · <a href=\"verdict.json\">verdict.json</a></small></p>\n")
        .append("<script>\ndocument.querySelectorAll('table.sortable th').forEach((th,i)=>th.onclick=()=>{")
        .append("const b=th.closest('table').tBodies[0],r=[...b.rows],d=th.dataset.d=th.dataset.d==='a'?'d':'a';")
        .append("const k=x=>{const c=x.cells[i],s=c.dataset.v;return s!==undefined&&s!==''?parseFloat(s):c.textContent};")
        .append("r.sort((x,y)=>{const p=k(x),q=k(y);const o=typeof p==='number'&&typeof q==='number'?p-q:String(p).localeCompare(String(q));")
        .append("return d==='a'?o:-o});r.forEach(x=>b.appendChild(x))});\n</script>\n</body></html>\n");
    return h.toString();
  }

  private static String row(String a, String b, String c) {
    return "<tr><td>" + esc(a) + "</td><td class=n>" + esc(b) + "</td><td class=n>" + esc(c) + "</td></tr>\n";
  }

  /** A numeric cell: the formatted text, the raw value kept for sorting. */
  private static String num(String text, JsonNode raw) {
    return "<td class=n data-v=\"" + (raw.isNumber() ? raw.asText() : "") + "\">" + esc(text) + "</td>";
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
