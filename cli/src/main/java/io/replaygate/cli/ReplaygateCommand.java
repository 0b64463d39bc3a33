package io.replaygate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level {@code replaygate} command. */
@Command(
    name = "replaygate",
    mixinStandardHelpOptions = true,
    versionProvider = ReplaygateCommand.Version.class,
    description = "Replays recorded LLM traffic against managed, BYOK and BYOC serving paths.",
    subcommands = {InspectCommand.class, ConvertCommand.class, ValidateCommand.class, SqlCommand.class,
        GenerateCommand.class, DatasetsCommand.class, CalibrateCommand.class, DiagnoseCommand.class, FormatsCommand.class,
        PricesCommand.class, ReplayCommand.class, RunCommand.class, ReportCommand.class, ReconcileCommand.class, HistoryCommand.class,
        DiffCommand.class, ClustersCommand.class, EmulateCommand.class, picocli.CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  success",
        "  1  the check failed (e.g. validate found problems)",
        "  2  bad usage or bad input: one line on stderr names the file, line/row and field",
        "  3  unexpected failure (a bug, or the environment, e.g. a full disk)"})
public final class ReplaygateCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar manifest ({@code dev} when run from classes). */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ReplaygateCommand.class.getPackage().getImplementationVersion();
      return new String[] {"replaygate " + (v == null ? "dev" : v),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
