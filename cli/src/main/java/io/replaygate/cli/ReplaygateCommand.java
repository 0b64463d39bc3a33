package io.replaygate.cli;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level {@code replaygate} command. */
@Command(
    name = "replaygate",
    mixinStandardHelpOptions = true,
    versionProvider = ReplaygateCommand.Version.class,
    description = "Replays recorded LLM traffic against managed, BYOK and BYOC serving paths.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  replaygate run",
        "  replaygate inspect traces/gateway.jsonl",
        "  replaygate help replay",
        "",
        "Exit codes:",
        "  0  success",
        "  1  the check failed (e.g. validate found problems)",
        "  2  bad usage or bad input: one line on stderr names the file, line/row and field",
        "  3  unexpected failure (a bug, or the environment, e.g. a full disk)"})
public final class ReplaygateCommand implements Runnable {
  /**
   * Every subcommand, by name, in the order {@code --help} lists them: the one place a command is registered.
   * {@link Main} adds only the one a command line names (building all of them costs more than half a second of
   * start-up), and all of them for help, a mistyped name or none.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
      "inspect", InspectCommand.class, "convert", ConvertCommand.class, "validate", ValidateCommand.class,
      "sql", SqlCommand.class, "generate", GenerateCommand.class, "datasets", DatasetsCommand.class,
      "calibrate", CalibrateCommand.class, "diagnose", DiagnoseCommand.class, "formats", FormatsCommand.class,
      "prices", PricesCommand.class, "replay", ReplayCommand.class, "run", RunCommand.class, "plan", PlanCommand.class,
      "report", ReportCommand.class, "reconcile", ReconcileCommand.class, "history", HistoryCommand.class,
      "diff", DiffCommand.class, "clusters", ClustersCommand.class, "emulate", EmulateCommand.class,
      "help", picocli.CommandLine.HelpCommand.class);

  /** Names as literals, not read from each {@code @Command} (parsing 19 annotations costs 50 ms): a test checks. */
  private static Map<String, Class<?>> subcommands(Object... nameThenClass) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (int i = 0; i < nameThenClass.length; i += 2) {
      byName.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
    }
    return Collections.unmodifiableMap(byName);
  }

  /**
   * The subcommands a command line needs: the one it names, or every one (help, a mistyped or missing name, which
   * must be listed or suggested).
   */
  static Collection<Class<?>> needed(String[] args) {
    Class<?> named = args.length == 0 || args[0].equals("help") ? null : SUBCOMMANDS.get(args[0]);
    return named == null ? SUBCOMMANDS.values() : List.of(named);
  }

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
