package io.replaygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.reports.HtmlReport;
import io.replaygate.reports.MarkdownSummary;
import io.replaygate.reports.ReportJson;
import io.replaygate.reports.RunComparison;
import io.replaygate.reports.RunData;
import io.replaygate.reports.RunFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replaygate report RUN-DIR}: regenerates a run's report from its files ({@code verdict.json},
 * {@code summary.json} and its Parquet tables; nothing is replayed), or renders what moved between two runs.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate report runs/default", "  replaygate report runs/default --format md --out summary.md", "  replaygate report --compare runs/last-week runs/default"}, description = {
    "Regenerate a run's report from the run directory's files (nothing is replayed): html writes report.html, md "
        + "writes summary.md, json writes report.json (the data behind the page: cost classes, per-tenant and "
        + "per-model-path costs, hourly series, latency percentiles, KV-tier hits, which charts were drawn).",
    "With --compare RUN-A RUN-B: what moved between two run directories (the decision and whether it flipped, "
        + "costs per path, the gate's figures, traffic, prices), printed as text, md or html (or written to --out)."})
public final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "RUN-DIR", arity = "0..1", description = "A run directory written by `replaygate run`.")
  Path runDir;

  @Option(names = "--format", paramLabel = "FORMAT", description = "html, md or json (default: html; with "
      + "--compare: text).")
  String format;

  @Option(names = "--compare", arity = "2", paramLabel = "RUN-DIR", description = "Two run directories to compare.")
  List<Path> compare;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write (default: into RUN-DIR as report.html, "
      + "summary.md or report.json; with --compare: standard output).")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (compare != null) {
      if (runDir != null) {
        throw new UserError("report: give RUN-DIR or --compare RUN-A RUN-B, not both");
      }
      String f = format == null ? "text" : format.toLowerCase(Locale.ROOT);
      RunComparison c = RunComparison.of(compare.get(0).toString(), verdict(compare.get(0)), compare.get(1).toString(),
          verdict(compare.get(1)));
      String body = switch (f) {
        case "text" -> c.text();
        case "md" -> c.markdown();
        case "html" -> c.html();
        default -> throw new UserError("--format: expected text, md or html with --compare, got '" + format + "'");
      };
      return emit(body, out);
    }
    if (runDir == null) {
      throw new UserError("report: give a run directory (RUN-DIR) or --compare RUN-A RUN-B");
    }
    String f = format == null ? "html" : format.toLowerCase(Locale.ROOT);
    Path target = switch (f) {
      case "html" -> runDir.resolve("report.html");
      case "md" -> runDir.resolve("summary.md");
      case "json" -> runDir.resolve("report.json");
      default -> throw new UserError("--format: expected html, md or json, got '" + format + "'");
    };
    RunData d = read(runDir);
    String body = switch (f) {
      case "html" -> HtmlReport.render(d);
      case "md" -> MarkdownSummary.render(d.verdict());
      default -> CliJson.write(ReportJson.render(d))
          + "\n";
    };
    Path dest = out == null ? target : out;
    CliFiles.replace(dest, w -> w.write(body));
    PrintWriter o = spec.commandLine().getOut();
    o.println("wrote " + dest);
    o.flush();
    return ExitCode.OK;
  }

  private int emit(String body, Path to) throws IOException {
    if (to != null) {
      CliFiles.replace(to, w -> w.write(body));
      spec.commandLine().getOut().println("wrote " + to);
    } else {
      spec.commandLine().getOut().print(body);
    }
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  private static RunData read(Path dir) {
    try {
      return RunData.read(dir);
    } catch (RunData.BadRunException e) {
      throw new UserError(e.getMessage());
    }
  }

  private static JsonNode verdict(Path dir) {
    try {
      return RunFiles.json(dir.resolve("verdict.json"));
    } catch (RunData.BadRunException e) {
      throw new UserError(e.getMessage());
    }
  }

}
