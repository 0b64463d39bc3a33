package io.replaygate.reports;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code report.html}: one self-contained page (no external script, font, stylesheet or image; it renders from
 * a {@code file://} URL offline) read from a run directory ({@link RunData}: {@code verdict.json},
 * {@code summary.json} and the run's Parquet tables — nothing recomputed from the simulation). In order: the
 * decision as a badge with savings, interval and monthly figures, the trace, scenario, provenance and every
 * assumption; the paths; the gate with its rules, break-evens and sensitivity; cost (line-item classes as a
 * chart and a table, $/MTok, the monthly rule, per tenant and per model path, over time, cumulative savings);
 * cache, latency, capacity and traffic charts (inline SVG from JFreeChart, each with a text alternative);
 * the baseline check, purges, every line item, definitions and links to the raw tables. Tables sort on a
 * header click (a few lines of inline script); light and dark follow {@code prefers-color-scheme}; a print
 * stylesheet lays it out for A4.
 */
public final class HtmlReport {
  private HtmlReport() {}

  static final String CSS = """
      :root{--fg:#1d2330;--muted:#57606a;--bg:#fff;--card:#f6f8fa;--line:#d0d7de;--ok:#1a7f37;--fail:#cf222e;\
      --warn:#9a6700;--link:#0969da}
      @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9ea7b3;--bg:#0d1117;--card:#161b22;\
      --line:#30363d;--ok:#3fb950;--fail:#ff7b72;--warn:#d29922;--link:#58a6ff}}
      *{box-sizing:border-box}
      body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:76em;padding:1em 1.2em;\
      color:var(--fg);background:var(--bg)}
      a{color:var(--link)}code{font-size:.92em}
      h1{font-size:1.6em;margin:.2em 0}h2{margin-top:1.8em;border-bottom:1px solid var(--line);padding-bottom:.2em}
      .wrap{overflow-x:auto;margin:.6em 0 1.4em}
      table{border-collapse:collapse}th,td{padding:.3em .7em;border-bottom:1px solid var(--line);vertical-align:top}
      th{text-align:left;background:var(--card)}table.sortable th{cursor:pointer}
      td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .badge{display:inline-block;padding:.25em .8em;border-radius:.4em;font-weight:600;color:#fff}
      .activate_byoc,.activate_hybrid{background:#1a7f37}.stay_managed{background:#57606a}.inconclusive{background:#9a6700}
      .ok{color:var(--ok)}.fail{color:var(--fail)}.warn{color:var(--warn)}small,.muted{color:var(--muted)}
      .lead{font-size:1.15em}.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.8em 0}
      .facts dt{color:var(--muted)}.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
      p,li,dd,h3{overflow-wrap:break-word}
      nav ol{columns:3 14em;padding-left:1.2em}
      figure{margin:1em 0 1.6em}figure svg{display:block;width:100%;height:auto;overflow:hidden;background:#fff;border-radius:6px;\
      border:1px solid var(--line)}figcaption{color:var(--muted);font-size:.9em;margin-top:.3em}
      .absent{border:1px dashed var(--line);padding:.8em;border-radius:6px;color:var(--muted)}
      @media (max-width:640px){body{font-size:14px;padding:.6em}.facts{grid-template-columns:1fr}.facts dt{margin-top:.4em}\
      nav ol{columns:1}}
      @media print{@page{size:A4;margin:14mm}body{max-width:none;font-size:10pt;color:#000;background:#fff}nav,script{display:none}\
      figure,tr{break-inside:avoid}h2{break-after:avoid}a{color:inherit;text-decoration:none}.wrap{overflow:visible}\
      table{width:100%;font-size:7.5pt}th,td{padding:.15em .3em;overflow-wrap:anywhere}td.n{white-space:normal}\
      code{word-break:break-all}}
      """;

  static final String SORT_SCRIPT = """
      document.querySelectorAll('table.sortable th').forEach((th,i)=>{th.tabIndex=0;const go=()=>{\
      const t=th.closest('table'),b=t.tBodies[0],r=[...b.rows],d=th.dataset.d=th.dataset.d==='a'?'d':'a';\
      t.querySelectorAll('th').forEach(x=>x.removeAttribute('aria-sort'));th.setAttribute('aria-sort',d==='a'?'ascending':'descending');\
      const k=x=>{const c=x.cells[i],s=c&&c.dataset.v;return s!==undefined&&s!==''?parseFloat(s):(c?c.textContent:'')};\
      r.sort((x,y)=>{const p=k(x),q=k(y);const o=typeof p==='number'&&typeof q==='number'?p-q:String(p).localeCompare(String(q));\
      return d==='a'?o:-o});r.forEach(x=>b.appendChild(x))};th.onclick=go;th.onkeydown=e=>{if(e.key==='Enter')go()}});
      """;

  /** The page for a run directory. */
  public static String render(RunData d) {
    JsonNode v = d.verdict();
    java.util.Map<String, ReportCharts.Figure> fig = new java.util.LinkedHashMap<>();
    ReportCharts.all(d).forEach(f -> fig.put(f.id(), f));
    StringBuilder h = new StringBuilder(256 * 1024);
    String code = v.path("decision").asText();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"color-scheme\" content=\"light dark\"><title>replaygate: ")
        .append(esc(Fmt.decision(v))).append("</title>\n<style>\n").append(CSS).append("</style></head><body>\n")
        .append("<header>\n<p class=muted>replaygate verdict</p>\n<h1><span class=\"badge ").append(esc(code))
        .append("\">").append(esc(Fmt.decision(v))).append("</span></h1>\n<p class=lead>Baseline <code>")
        .append(esc(v.path("baseline").asText())).append("</code>");
    if (v.path("candidate").isTextual()) {
      JsonNode m = v.path("monthly_usd");
      h.append(", candidate <code>").append(esc(v.path("candidate").asText())).append("</code>: savings <b>")
          .append(esc(Fmt.interval(v.path("savings")))).append("</b> (").append(Fmt.pct(v.path("savings").path("level")))
          .append(" interval); per month ").append(Fmt.usd(m.path("baseline"))).append(" → ")
          .append(Fmt.usd(m.path("candidate"))).append(" (").append(Fmt.usd(m.path("savings"))).append(" saved)");
    }
    h.append(".</p>\n<p><b>Why:</b> ").append(esc(v.path("main_reason").asText())).append("</p>\n");
    for (JsonNode w : v.path("baseline_check").path("warnings")) {
      h.append("<p class=fail><b>Warning:</b> ").append(esc(w.asText())).append("</p>\n");
    }
    JsonNode trace = d.summary().path("trace");
    JsonNode prov = v.path("provenance");
    h.append("<dl class=facts>\n");
    fact(h, "trace", prov.path("inputs").asText() + " (" + trace.path("source_format").asText() + ")");
    fact(h, "span", utc(trace.path("first_arrival_us")) + " → " + utc(trace.path("last_arrival_us")) + " ("
        + Fmt.num(prov.path("replayed_hours"), 1) + " h replayed)");
    fact(h, "requests", Fmt.count(prov.path("requests")) + " requests, "
        + Fmt.count(v.path("diagnosis").path("tokens")) + " tokens");
    fact(h, "time zone", d.businessHours() == null ? "UTC" : d.businessHours().zone().getId()
        + " (business hours " + trace.path("business_hours").asText() + ")");
    fact(h, "scenario", prov.path("scenario").asText() + " · sha256 " + prov.path("scenario_sha256").asText());
    fact(h, "trace sha256", prov.path("trace_sha256").asText());
    fact(h, "prices", "price date " + prov.path("price_date").asText() + " · model catalog "
        + prov.path("catalog_date").asText() + " · GPU catalog " + prov.path("gpu_catalog_date").asText()
        + " · full-cost defaults " + prov.path("full_cost_defaults_as_of").asText());
    fact(h, "engine", "replaygate " + prov.path("engine_version").asText() + " · seed " + prov.path("seed").asText());
    h.append("</dl>\n<h2 id=assumptions>Assumptions this verdict rests on (").append(v.path("assumptions").size())
        .append(")</h2>\n<ul>\n");
    for (JsonNode a : v.path("assumptions")) {
      h.append("<li>").append(esc(a.asText())).append("</li>\n");
    }
    h.append("</ul>\n</header>\n<nav aria-label=\"contents\"><h2>Contents</h2><ol>")
        .append("<li><a href=\"#paths\">Paths</a></li><li><a href=\"#gate\">The gate</a></li>")
        .append("<li><a href=\"#cost\">Cost</a></li><li><a href=\"#cache\">Cache</a></li>")
        .append("<li><a href=\"#latency\">Latency</a></li><li><a href=\"#capacity\">Capacity</a></li>")
        .append("<li><a href=\"#traffic\">Traffic</a></li><li><a href=\"#items\">Line items</a></li>")
        .append("<li><a href=\"#definitions\">Definitions</a></li><li><a href=\"#provenance\">Provenance</a></li>")
        .append("</ol></nav>\n<main>\n");
    h.append("<section><h2 id=paths>Paths</h2>\n<div class=wrap><table class=\"sortable\"><thead><tr>")
        .append(th("path", "profile", "requests", "cost", "per month", "$/MTok", "vs baseline", "SLO", "errors",
            "TTFT p95", "hit ratio", "utilisation (business hours)", "GPU busy")).append("</tr></thead><tbody>\n");
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
    h.append("</tbody></table></div></section>\n<section><h2 id=gate>The gate</h2>\n");
    for (JsonNode c : v.path("candidates")) {
      h.append("<h3><code>").append(esc(c.path("path").asText())).append("</code> ")
          .append(c.path("passed").asBoolean() ? "<span class=ok>passes</span>" : "<span class=fail>fails</span>")
          .append(" — savings ").append(esc(Fmt.interval(c.path("savings")))).append("</h3>\n<div class=wrap><table>")
          .append("<thead><tr>").append(th("rule", "figure", "threshold", "margin", "outcome"))
          .append("</tr></thead><tbody>\n");
      for (JsonNode r : c.path("rules")) {
        h.append("<tr><td class=").append(r.path("passed").asBoolean() ? "ok" : "fail").append(">")
            .append(r.path("passed").asBoolean() ? "✓ " : "✗ ").append(esc(r.path("rule").asText())).append("</td>")
            .append(num(Fmt.rule(r, "observed"), r.path("observed")))
            .append(num(Fmt.rule(r, "threshold"), r.path("threshold")))
            .append(num(Fmt.rule(r, "margin"), r.path("margin"))).append("<td>")
            .append(esc(r.path("outcome").asText())).append("</td></tr>\n");
      }
      h.append("</tbody></table></div>\n");
    }
    JsonNode be = v.path("break_even");
    if (be.isObject()) {
      h.append("<h3>What would flip it</h3>\n<p>The value of each input, alone, at which the candidate's savings reach ")
          .append(Fmt.pct(be.path("target_savings"))).append(":</p><div class=wrap><table><thead><tr>")
          .append(th("input", "break-even", "now")).append("</tr></thead><tbody>\n")
          .append(row("GPU $/GPU-hour", Fmt.reach(be.path("gpu_usd_per_hour"),
              Fmt.num(be.path("gpu_usd_per_hour"), 2)), Fmt.num(be.path("current_gpu_usd_per_hour"), 2)))
          .append(row("business-hours capacity utilisation", Fmt.reach(
              be.path("business_hours_capacity_utilization"), Fmt.pct(be.path("business_hours_capacity_utilization"))),
              Fmt.pct(be.path("current_business_hours_capacity_utilization"))))
          .append(row("monthly tokens", Fmt.reach(be.path("monthly_tokens"), Fmt.count(be.path("monthly_tokens"))),
              Fmt.count(be.path("current_monthly_tokens"))))
          .append(row("engineering FTEs", Fmt.reach(be.path("engineering_fte"),
              Fmt.num(be.path("engineering_fte"), 1)), Fmt.num(be.path("current_engineering_fte"), 1)))
          .append("</tbody></table></div>\n<div class=wrap><table><thead><tr>")
          .append(th("input ±20%", "savings at −20%", "savings at +20%")).append("</tr></thead><tbody>\n");
      for (JsonNode t : be.path("tornado")) {
        h.append(row(t.path("input").asText(), Fmt.pct(t.path("savings_at_minus_20pct")),
            Fmt.pct(t.path("savings_at_plus_20pct"))));
      }
      h.append("</tbody></table></div>\n");
    }
    figure(h, fig.get("chart-tornado"));
    figure(h, fig.get("chart-break-even"));
    h.append("</section>\n<section><h2 id=cost>Cost</h2>\n");
    figure(h, fig.get("chart-cost-items"));
    var classes = CostClasses.byPath(d);
    java.util.List<String> order = CostClasses.order(classes);
    h.append("<h3>Line-item classes per path (replayed period)</h3>\n<div class=wrap><table class=\"sortable\"><thead><tr>")
        .append(th("class")).append(th(classes.keySet().toArray(String[]::new))).append("</tr></thead><tbody>\n");
    for (String cls : order) {
      h.append("<tr><td>").append(esc(cls)).append("</td>");
      for (var m : classes.values()) {
        Double x = m.get(cls);
        h.append(x == null ? "<td class=n data-v=\"\">" + Fmt.NONE + "</td>" : num(Fmt.usd(x), x));
      }
      h.append("</tr>\n");
    }
    h.append("<tr><th scope=row>total</th>");
    for (String p : classes.keySet()) {
      h.append(num(Fmt.usd(d.path(p).path("cost_usd")), d.path(p).path("cost_usd")));
    }
    h.append("</tr>\n<tr><th scope=row>$ per million tokens</th>");
    for (String p : classes.keySet()) {
      h.append(num(Fmt.num(d.path(p).path("usd_per_million_tokens"), 3), d.path(p).path("usd_per_million_tokens")));
    }
    h.append("</tr>\n<tr><th scope=row>per month</th>");
    for (String p : classes.keySet()) {
      h.append(num(Fmt.usd(d.path(p).path("monthly_usd")), d.path(p).path("monthly_usd")));
    }
    h.append("</tr>\n</tbody></table></div>\n<p><b>Monthly projection:</b> ")
        .append(esc(d.summaryPath(d.paths().get(0)).path("monthly_projection").path("rule").asText()))
        .append(".</p>\n");
    breakdown(h, "Cost per tenant", "tenant", d.costByTenant(), classes.keySet());
    breakdown(h, "Cost per model path", "model path", d.costByModelPath(), classes.keySet());
    figure(h, fig.get("chart-cost-time"));
    figure(h, fig.get("chart-savings"));
    h.append("</section>\n<section><h2 id=cache>Cache</h2>\n");
    figure(h, fig.get("chart-hit-curve"));
    figure(h, fig.get("chart-tiers"));
    h.append("</section>\n<section><h2 id=latency>Latency</h2>\n");
    figure(h, fig.get("chart-ttft"));
    figure(h, fig.get("chart-tpot"));
    h.append("</section>\n<section><h2 id=capacity>Capacity</h2>\n");
    figure(h, fig.get("chart-utilisation"));
    figure(h, fig.get("chart-replicas"));
    figure(h, fig.get("chart-fallback"));
    h.append("</section>\n<section><h2 id=traffic>Traffic</h2>\n");
    JsonNode diag = v.path("diagnosis");
    if (diag.isObject()) {
      h.append("<p>Diagnosis: <code>").append(esc(diag.path("code").asText())).append("</code></p>\n<ul>\n");
      diag.path("reasons").forEach(r -> h.append("<li>").append(esc(r.asText())).append("</li>\n"));
      h.append("</ul>\n");
    }
    figure(h, fig.get("chart-concentration"));
    JsonNode check = v.path("baseline_check");
    if (check.isObject()) {
      h.append("<h3>Baseline against what the trace observed</h3>\n<div class=wrap><table><thead><tr>")
          .append(th("figure", "simulated", "observed")).append("</tr></thead><tbody>\n")
          .append(row("cost", Fmt.usd(check.path("simulated_cost_usd")), Fmt.usd(check.path("recorded_usage_cost_usd"))
              + " (recorded usage)"))
          .append(row("token hit ratio", Fmt.pct(check.path("simulated_token_hit_ratio")),
              Fmt.pct(check.path("observed_token_hit_ratio"))))
          .append(row("median TTFT", Fmt.ms(check.path("simulated_ttft_p50_ms")), Fmt.ms(check.path("observed_ttft_p50_ms"))))
          .append("</tbody></table></div>\n");
    }
    JsonNode purge = v.path("purge");
    if (purge.isObject()) {
      h.append("<h3>Purges</h3>\n<ul>\n");
      for (JsonNode e : purge.path("events")) {
        h.append("<li>tenant <code>").append(esc(e.path("tenant").asText())).append("</code> at ")
            .append(esc(e.path("at").asText())).append(" (").append(Fmt.count(e.path("tenant_requests_after")))
            .append(" of its requests after it)</li>\n");
      }
      h.append("</ul>\n<div class=wrap><table><thead><tr>")
          .append(th("path", "evidence", "hit ratio", "without purge", "cost of the purge")).append("</tr></thead><tbody>\n");
      for (JsonNode p : purge.path("paths")) {
        h.append("<tr><td><code>").append(esc(p.path("path").asText())).append("</code></td><td>")
            .append(esc(p.path("purge_evidence").asText())).append("</td>")
            .append(num(Fmt.pct(p.path("token_hit_ratio")), p.path("token_hit_ratio")))
            .append(num(Fmt.pct(p.path("token_hit_ratio_without_purge")), p.path("token_hit_ratio_without_purge")))
            .append(num(Fmt.usd(p.path("cost_of_purge_usd")), p.path("cost_of_purge_usd"))).append("</tr>\n");
      }
      h.append("</tbody></table></div>\n");
    }
    h.append("</section>\n<section><h2 id=items>Line items</h2>\n<div class=wrap><table class=\"sortable\"><thead><tr>")
        .append(th("path", "item", "kind", "class", "amount")).append("</tr></thead><tbody>\n");
    for (JsonNode p : v.path("paths")) {
      for (JsonNode l : p.path("line_items")) {
        h.append("<tr><td><code>").append(esc(p.path("path").asText())).append("</code></td><td>")
            .append(esc(l.path("item").asText())).append("</td><td>").append(esc(l.path("kind").asText()))
            .append("</td><td>").append(esc(CostClasses.of(l))).append("</td>")
            .append(num(Fmt.usd(l.path("amount_usd")), l.path("amount_usd"))).append("</tr>\n");
      }
    }
    h.append("</tbody></table></div></section>\n<section><h2 id=definitions>Definitions</h2>\n<dl>\n");
    java.util.Map<String, String> defs = new java.util.TreeMap<>();
    d.summary().path("definitions").properties().forEach(e -> defs.put(e.getKey(), e.getValue().asText()));
    v.path("definitions").properties().forEach(e -> defs.put(e.getKey(), e.getValue().asText()));
    defs.forEach((k, x) -> h.append("<dt><code>").append(esc(k)).append("</code></dt><dd>").append(esc(x))
        .append("</dd>\n"));
    h.append("<dt>charts</dt><dd>time series are sums, or ratios of sums, over the run's windows in each UTC ")
        .append(d.bucketHours() == 1 ? "hour" : d.bucketHours() + "-hour bucket (the trace spans more than two weeks; "
            + "costs are the bucket's mean per hour)")
        .append("; latency distributions are of served requests at every percentile (DuckDB quantile_cont, "
            + "interpolated); the medians and p95 quoted with TTFT are the run's own (summary.json)</dd>\n");
    h.append("</dl></section>\n<section><h2 id=provenance>Provenance</h2>\n<div class=wrap><table><tbody>\n");
    prov.properties().forEach(e -> h.append("<tr><th scope=row>").append(esc(e.getKey())).append("</th><td>")
        .append(esc(e.getValue().asText())).append("</td></tr>\n"));
    h.append("</tbody></table></div>\n<p>Raw tables: ");
    String[] raw = {"outcomes.parquet", "windows.parquet", "costs.parquet", "ledger.parquet", "cluster.parquet",
        "summary.json", "verdict.json", "summary.md"};
    for (int i = 0; i < raw.length; i++) {
      h.append(i == 0 ? "" : " · ").append("<a href=\"").append(raw[i]).append("\">").append(raw[i]).append("</a>");
    }
    h.append("</p></section>\n</main>\n<script>\n").append(SORT_SCRIPT).append("</script>\n</body></html>\n");
    return h.toString();
  }

  /** A cost breakdown table: rows the keys of one dimension, columns the paths. */
  private static void breakdown(StringBuilder h, String title, String what, java.util.Map<String,
      java.util.Map<String, Double>> byPath, java.util.Set<String> paths) {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    byPath.values().forEach(m -> keys.addAll(m.keySet()));
    h.append("<h3>").append(esc(title)).append("</h3>\n<div class=wrap><table class=\"sortable\"><thead><tr>")
        .append(th(what)).append(th(paths.toArray(String[]::new))).append("</tr></thead><tbody>\n");
    for (String k : keys) {
      h.append("<tr><td>").append(esc(k)).append("</td>");
      for (String p : paths) {
        Double x = byPath.getOrDefault(p, java.util.Map.of()).get(k);
        h.append(x == null ? "<td class=n data-v=\"\">" + Fmt.NONE + "</td>" : num(Fmt.usd(x), x));
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table></div>\n");
  }

  private static void figure(StringBuilder h, ReportCharts.Figure f) {
    if (f == null) {
      return;
    }
    if (f.svg() == null) {
      h.append("<p class=absent id=\"").append(f.id()).append("\"><b>").append(esc(f.title())).append(":</b> not drawn — ")
          .append(esc(f.alt())).append(".</p>\n");
      return;
    }
    h.append("<figure>").append(f.svg()).append("<figcaption>").append(esc(f.alt())).append("</figcaption></figure>\n");
  }

  private static void fact(StringBuilder h, String term, String value) {
    h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  private static String utc(JsonNode us) {
    if (!us.isNumber()) {
      return Fmt.NONE;
    }
    long v = us.asLong();
    return java.time.Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L)).atZone(java.time.ZoneOffset.UTC)
        .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", java.util.Locale.US));
  }

  private static String th(String... names) {
    StringBuilder b = new StringBuilder();
    for (String n : names) {
      b.append("<th scope=col>").append(esc(n)).append("</th>");
    }
    return b.toString();
  }

  private static String row(String a, String b, String c) {
    return "<tr><td>" + esc(a) + "</td><td class=n>" + esc(b) + "</td><td class=n>" + esc(c) + "</td></tr>\n";
  }

  /** A numeric cell: the formatted text, the raw value kept for sorting. */
  private static String num(String text, JsonNode raw) {
    return "<td class=n data-v=\"" + (raw.isNumber() ? raw.asText() : "") + "\">" + esc(text) + "</td>";
  }

  private static String num(String text, double raw) {
    return "<td class=n data-v=\"" + raw + "\">" + esc(text) + "</td>";
  }

  /** HTML-escapes text for an element or a quoted attribute. */
  public static String esc(String s) {
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
