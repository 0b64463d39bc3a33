package io.replaygate.reports;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code summary.md}: the verdict for a CI job summary or a pull-request comment, read from
 * {@code verdict.json} alone (every figure here is one of its fields, formatted by {@link Fmt}).
 */
public final class MarkdownSummary {
  private MarkdownSummary() {}

  public static String render(JsonNode v) {
    StringBuilder md = new StringBuilder();
    md.append("## replaygate: ").append(Fmt.decision(v)).append("\n\n");
    md.append("**Baseline** `").append(v.path("baseline").asText()).append("`");
    if (v.path("candidate").isTextual()) {
      md.append(" · **candidate** `").append(v.path("candidate").asText()).append("` · **savings** ")
          .append(Fmt.interval(v.path("savings"))).append(" (").append(Fmt.pct(v.path("savings").path("level")))
          .append(" interval)");
      JsonNode m = v.path("monthly_usd");
      md.append(" · **per month** ").append(Fmt.usd(m.path("baseline"))).append(" → ")
          .append(Fmt.usd(m.path("candidate")));
    }
    md.append("\n\n**Why:** ").append(escape(v.path("main_reason").asText())).append("\n\n");
    for (JsonNode w : v.path("baseline_check").path("warnings")) {
      md.append("> **Warning:** ").append(escape(w.asText())).append("\n\n");
    }
    md.append("| path | cost | per month | vs baseline | SLO | errors | hit ratio | utilisation (business hours) |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (JsonNode p : v.path("paths")) {
      md.append("| `").append(p.path("path").asText()).append("` | ").append(Fmt.usd(p.path("cost_usd")))
          .append(" | ").append(Fmt.usd(p.path("monthly_usd"))).append(" | ")
          .append(Fmt.pct(p.path("savings_vs_baseline"))).append(" | ").append(Fmt.pct(p.path("slo_attainment")))
          .append(" | ").append(Fmt.pct(p.path("error_rate"))).append(" | ").append(Fmt.pct(p.path("token_hit_ratio")))
          .append(" | ").append(Fmt.pct(p.path("business_hours_capacity_utilization"))).append(" |\n");
    }
    md.append("\n### Gate rules (").append(v.path("candidate").isTextual() ? "`" + v.path("candidate").asText() + "`"
        : "no candidate").append(")\n\n| rule | outcome |\n|---|---|\n");
    for (JsonNode r : v.path("rules")) {
      md.append("| ").append(r.path("passed").asBoolean() ? "✅ " : "❌ ").append(r.path("rule").asText())
          .append(" | ").append(escape(r.path("outcome").asText())).append(" |\n");
    }
    JsonNode be = v.path("break_even");
    if (be.isObject()) {
      md.append("\n### What would flip it (savings reach ").append(Fmt.pct(be.path("target_savings"))).append(")\n\n");
      md.append("- GPU price: ").append(Fmt.reach(be.path("gpu_usd_per_hour"), money(be.path("gpu_usd_per_hour")) + "/GPU-hour"))
          .append(" (now ").append(money(be.path("current_gpu_usd_per_hour"))).append(")\n");
      md.append("- business-hours capacity utilisation: ").append(Fmt.reach(be.path("business_hours_capacity_utilization"),
          Fmt.pct(be.path("business_hours_capacity_utilization")))).append(" (now ")
          .append(Fmt.pct(be.path("current_business_hours_capacity_utilization"))).append(")\n");
      md.append("- monthly tokens: ").append(Fmt.reach(be.path("monthly_tokens"), Fmt.count(be.path("monthly_tokens"))))
          .append(" (now ").append(Fmt.count(be.path("current_monthly_tokens"))).append(")\n");
      md.append("- engineering FTEs the lane can carry: ").append(Fmt.reach(be.path("engineering_fte"),
          Fmt.num(be.path("engineering_fte"), 1))).append(" (now ").append(Fmt.num(be.path("current_engineering_fte"), 1))
          .append(")\n");
    }
    JsonNode purge = v.path("purge");
    if (purge.isObject()) {
      md.append("\n### Purges\n\n");
      for (JsonNode e : purge.path("events")) {
        md.append("- tenant `").append(e.path("tenant").asText()).append("` at ").append(e.path("at").asText())
            .append(" (").append(Fmt.count(e.path("tenant_requests_after"))).append(" of its requests after it)\n");
      }
      md.append("\n| path | evidence | hit ratio (without purge) | cost of the purge |\n|---|---|---:|---:|\n");
      for (JsonNode p : purge.path("paths")) {
        md.append("| `").append(p.path("path").asText()).append("` | ").append(p.path("purge_evidence").asText())
            .append(" | ").append(Fmt.pct(p.path("token_hit_ratio"))).append(" (")
            .append(Fmt.pct(p.path("token_hit_ratio_without_purge"))).append(") | ")
            .append(Fmt.usd(p.path("cost_of_purge_usd"))).append(" |\n");
      }
    }
    md.append("\n<details><summary>Assumptions (").append(v.path("assumptions").size())
        .append(")</summary>\n\n");
    for (JsonNode a : v.path("assumptions")) {
      md.append("- ").append(escape(a.asText())).append("\n");
    }
    JsonNode p = v.path("provenance");
    md.append("\n</details>\n\n<sub>trace ").append(p.path("trace_sha256").asText(), 0,
        Math.min(12, p.path("trace_sha256").asText().length())).append(" · ").append(Fmt.count(p.path("requests")))
        .append(" requests over ").append(Fmt.num(p.path("replayed_hours"), 1)).append(" h · scenario ")
        .append(p.path("scenario").asText()).append(" · prices of ").append(p.path("price_date").asText())
        .append(" (catalog ").append(p.path("catalog_date").asText()).append(") · replaygate ")
        .append(p.path("engine_version").asText()).append(" · seed ").append(p.path("seed").asText())
        .append("</sub>\n");
    return md.toString();
  }

  private static String money(JsonNode n) {
    return n.isNumber() ? String.format(java.util.Locale.US, "$%.2f", n.asDouble()) : Fmt.NONE;
  }

  /** Table cells must not break on a pipe. */
  private static String escape(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
