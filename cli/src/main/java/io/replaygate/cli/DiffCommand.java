package io.replaygate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.reports.RunComparison;
import io.replaygate.reports.RunHistory;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate diff RUN-A RUN-B}: what moved between two recorded runs. */
@Command(name = "diff", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate diff 3 4"}, description = {
    "What moved between two runs of the history: the decision, costs per path, the gate's figures, the traffic's "
        + "shape (requests, hours, concentration, reuse) and the prices (dates, GPU price)."})
public final class DiffCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN-A", description = "A run number (see history).")
  long a;

  @Parameters(index = "1", paramLabel = "RUN-B", description = "Another run number.")
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
    o.print(RunComparison.of("run " + a, va, "run " + b, vb).text());
    o.flush();
    return ExitCode.OK;
  }
}
