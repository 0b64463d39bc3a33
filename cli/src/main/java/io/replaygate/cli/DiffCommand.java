package io.replaygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.reports.Fmt;
import io.replaygate.reports.RunHistory;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate diff RUN_A RUN_B}: what moved between two recorded runs. */
@Command(name = "diff", mixinStandardHelpOptions = true, description = {
    "What moved between two runs of the history: the decision, costs per path, the gate's figures, the traffic's "
        + "shape (requests, hours, concentration, reuse) and the prices (dates, GPU price)."})
public final class DiffCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_A", description = "A run number (see history).")
  long a;

  @Parameters(index = "1", paramLabel = "RUN_B", description = "Another run number.")
  long b;

  @Mixin
  HistoryOptions history;

  @Override
  public Integer call() {
    JsonNode va;
    JsonNode vb;
    try (RunHistory h = RunHistory.open(history.location(), true, m -> { })) {
      va = h.verdict(a);
      vb = h.verdict(b);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf(Locale.US, "run %d -> run %d%n", a, b);
    line(o, "decision", va.path("decision").asText(), vb.path("decision").asText());
    line(o, "candidate", va.path("candidate").asText(), vb.path("candidate").asText());
    line(o, "savings", Fmt.interval(va.path("savings")), Fmt.interval(vb.path("savings")));
    o.println("costs per path (per month):");
    Map<String, JsonNode> pa = byPath(va);
    Map<String, JsonNode> pb = byPath(vb);
    Set<String> names = new LinkedHashSet<>(pa.keySet());
    names.addAll(pb.keySet());
    for (String n : names) {
      JsonNode x = pa.get(n);
      JsonNode y = pb.get(n);
      String from = x == null ? "absent" : Fmt.usd(x.path("monthly_usd"));
      String to = y == null ? "absent" : Fmt.usd(y.path("monthly_usd"));
      String delta = x != null && y != null && x.path("monthly_usd").isNumber() && y.path("monthly_usd").isNumber()
          ? pctChange(x.path("monthly_usd").asDouble(), y.path("monthly_usd").asDouble()) : "";
      o.printf(Locale.US, "  %-44s %12s -> %-12s %s%n", n, from, to, delta);
    }
    o.println("gate (decision's candidate):");
    Map<String, JsonNode> ra = rules(va);
    Map<String, JsonNode> rb = rules(vb);
    Set<String> rn = new LinkedHashSet<>(ra.keySet());
    rn.addAll(rb.keySet());
    for (String r : rn) {
      line(o, "  " + r, rule(ra.get(r)), rule(rb.get(r)));
    }
    o.println("traffic:");
    JsonNode da = va.path("diagnosis");
    JsonNode db = vb.path("diagnosis");
    line(o, "  trace", short12(va.path("provenance").path("trace_sha256").asText()),
        short12(vb.path("provenance").path("trace_sha256").asText()));
    line(o, "  requests", Fmt.count(va.path("provenance").path("requests")), Fmt.count(vb.path("provenance").path("requests")));
    line(o, "  replayed hours", Fmt.num(va.path("provenance").path("replayed_hours"), 1),
        Fmt.num(vb.path("provenance").path("replayed_hours"), 1));
    line(o, "  tokens", Fmt.count(da.path("tokens")), Fmt.count(db.path("tokens")));
    line(o, "  top-1 token share", Fmt.pct(da.path("concentration").path("top1_token_share")),
        Fmt.pct(db.path("concentration").path("top1_token_share")));
    line(o, "  top-2 token share", Fmt.pct(da.path("concentration").path("top2_token_share")),
        Fmt.pct(db.path("concentration").path("top2_token_share")));
    line(o, "  reuse ceiling", Fmt.pct(da.path("reuse").path("ceiling_token_hit_ratio")),
        Fmt.pct(db.path("reuse").path("ceiling_token_hit_ratio")));
    line(o, "  diagnosis", da.path("code").asText(), db.path("code").asText());
    o.println("prices:");
    for (String k : new String[] {"price_date", "catalog_date", "gpu_catalog_date", "engine_version", "scenario_sha256"}) {
      line(o, "  " + k, va.path("provenance").path(k).asText(), vb.path("provenance").path(k).asText());
    }
    line(o, "  GPU $/hour", Fmt.num(va.path("break_even").path("current_gpu_usd_per_hour"), 2),
        Fmt.num(vb.path("break_even").path("current_gpu_usd_per_hour"), 2));
    o.flush();
    return ExitCode.OK;
  }

  private static void line(PrintWriter o, String what, String from, String to) {
    o.printf(Locale.US, "%-24s %-28s -> %s%s%n", what, from, to, from.equals(to) ? "" : "   (changed)");
  }

  private static String pctChange(double from, double to) {
    return from == 0 ? "" : String.format(Locale.US, "(%+.1f%%)", 100 * (to - from) / from);
  }

  private static String short12(String s) {
    return s.length() > 12 ? s.substring(0, 12) : s;
  }

  private static String rule(JsonNode r) {
    return r == null ? "absent" : (r.path("passed").asBoolean() ? "holds " : "fails ") + Fmt.num(r.path("observed"), 4);
  }

  private static Map<String, JsonNode> byPath(JsonNode v) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    v.path("paths").forEach(p -> m.put(p.path("path").asText(), p));
    return m;
  }

  private static Map<String, JsonNode> rules(JsonNode v) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    v.path("rules").forEach(r -> m.put(r.path("rule").asText(), r));
    return m;
  }
}
