package io.replaygate.cli;

import io.replaygate.costmodel.catalog.CatalogException;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.reports.reconcile.BadBillException;
import io.replaygate.reports.reconcile.BillFormat;
import io.replaygate.reports.reconcile.BillFormats;
import io.replaygate.reports.reconcile.BillLine;
import io.replaygate.reports.reconcile.Reconciliation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replaygate reconcile RUN-DIR --usage FILE...}: the simulated baseline against the providers' bills. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate reconcile runs/default --usage cost_report.json", "  replaygate reconcile runs/default --usage costs-page1.json \\", "      costs-page2.json --usage-format openai-costs --json"}, description = {
    "Compare a run's baseline path with the providers' own usage/cost exports for the trace's days, per UTC day x "
        + "model x token class: absolute and relative differences, the residual split by what explains it (price "
        + "differences such as discounts or credits, traffic missing from the trace, charges that are not token "
        + "classes, lines the bill lacks), and one line: the simulated baseline is within X%% of the recorded bill.",
    "Exports read (detected, or --usage-format): anthropic-cost-report (Admin API cost_report, group_by "
        + "description; amounts in cents), openai-costs (Costs API, group_by line_item), litellm-daily-activity "
        + "(LiteLLM's /user/daily/activity spend totals: one amount per model-day, compared whole), csv (date, model, "
        + "token_class, amount_usd[, provider])."})
public final class ReconcileCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "RUN-DIR", description = "A run directory (replaygate run or replay).")
  Path runDir;

  @Option(names = "--usage", paramLabel = "FILE", required = true, arity = "1..*",
      description = "Usage/cost exports (every page of a paginated API response).")
  List<Path> usage = new ArrayList<>();

  @Option(names = "--usage-format", paramLabel = "NAME", description = "anthropic-cost-report, openai-costs, "
      + "litellm-daily-activity or csv (default: detected per file).")
  String format;

  @Option(names = "--path", paramLabel = "PATH", description = "The path to reconcile (default: the run's baseline).")
  String path;

  @Option(names = "--json", description = "Print everything as JSON.")
  boolean json;

  @Mixin
  CatalogOptions prices;

  @Override
  public Integer call() throws Exception {
    List<BillLine> bill = new ArrayList<>();
    try {
      for (Path f : usage) {
        BillFormat bf = format == null ? BillFormats.detect(f) : BillFormats.byName(format).orElseThrow(() ->
            new UserError("--usage-format: unknown '" + format + "' (one of: " + String.join(", ",
                BillFormats.ALL.stream().map(BillFormat::name).toList()) + ")"));
        bill.addAll(bf.read(f));
      }
      PriceCatalog catalog = prices.catalog();
      Reconciliation r = Reconciliation.of(runDir, path, bill, (provider, model) -> {
        try {
          return catalog.resolve(provider, model);
        } catch (CatalogException e) {
          return null;
        }
      });
      PrintWriter o = spec.commandLine().getOut();
      o.print(json ? CliJson.write(r.json()) + "\n"
          : r.text());
      o.flush();
      return ExitCode.OK;
    } catch (BadBillException | io.replaygate.reports.RunData.BadRunException e) {
      throw new UserError(e.getMessage());
    }
  }
}
