package io.replaygate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.reports.Fmt;
import io.replaygate.reports.RunHistory;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate history}: the runs recorded in the run history, with trends and flips. */
@Command(name = "history", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate history", "  replaygate history --scenario default --json"}, description = {
    "List the runs in the run history (oldest first): decision, savings and interval, monthly cost, and the change "
        + "in savings since the scenario's previous run; a decision that differs from that run is marked flipped."})
public final class HistoryCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--scenario", paramLabel = "NAME", description = "Only this scenario's runs.")
  String scenario;

  @Mixin
  HistoryOptions history;

  @Option(names = "--json", description = "Print the runs as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<RunHistory.Row> rows;
    try (RunHistory h = RunHistory.open(history.location(), true, m -> { })) {
      rows = h.runs(scenario);
    }
    PrintWriter o = spec.commandLine().getOut();
    java.util.Map<String, Double> previousSavings = new java.util.HashMap<>();
    if (json) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      for (RunHistory.Row r : rows) {
        ObjectNode n = a.addObject();
        n.put("run", r.run());
        n.put("recorded_at", r.recordedAt().toString());
        n.put("scenario", r.scenario());
        n.put("decision", r.decision());
        n.put("candidate", r.candidate());
        n.put("lanes", r.lanes());
        n.put("savings", r.savings());
        n.put("savings_lower", r.savingsLower());
        n.put("savings_upper", r.savingsUpper());
        n.put("baseline_monthly_usd", r.baselineMonthlyUsd());
        n.put("candidate_monthly_usd", r.candidateMonthlyUsd());
        Double prev = previousSavings.put(r.scenario(), r.savings());
        n.put("savings_change", prev == null || r.savings() == null ? null : r.savings() - prev);
        n.put("flipped", r.flipped());
        n.put("trace_sha256", r.traceSha256());
        n.put("requests", r.requests());
        n.put("out_dir", r.outDir());
      }
      o.println(CliJson.write(a));
      o.flush();
      return ExitCode.OK;
    }
    if (rows.isEmpty()) {
      o.println("no runs" + (scenario == null ? "" : " of scenario '" + scenario + "'"));
      o.flush();
      return ExitCode.OK;
    }
    String fmt = "%4s  %-20s  %-16s  %-16s  %-24s  %10s  %10s  %9s  %-12s  %s%n";
    o.printf(Locale.US, fmt, "run", "recorded (UTC)", "scenario", "decision", "savings [interval]", "baseline/mo",
        "cand./mo", "Δ savings", "trace", "");
    for (RunHistory.Row r : rows) {
      Double prev = previousSavings.put(r.scenario(), r.savings());
      String change = prev == null || r.savings() == null ? Fmt.NONE
          : String.format(Locale.US, "%+.1f pp", 100 * (r.savings() - prev));
      String savings = r.savings() == null ? Fmt.NONE : Fmt.pct(r.savings()) + " [" + Fmt.pct(r.savingsLower()) + ", "
          + Fmt.pct(r.savingsUpper()) + "]";
      o.printf(Locale.US, fmt, r.run(), r.recordedAt().toString().replace('T', ' ').replaceFirst("\\.\\d+", ""),
          r.scenario(), r.decision(), savings, r.baselineMonthlyUsd() == null ? Fmt.NONE : Fmt.usd(r.baselineMonthlyUsd()),
          r.candidateMonthlyUsd() == null ? Fmt.NONE : Fmt.usd(r.candidateMonthlyUsd()), change,
          r.traceSha256().substring(0, Math.min(12, r.traceSha256().length())), r.flipped() ? "FLIPPED" : "");
    }
    o.flush();
    return ExitCode.OK;
  }
}
