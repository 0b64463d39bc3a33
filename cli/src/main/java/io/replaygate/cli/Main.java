package io.replaygate.cli;

import io.replaygate.costmodel.catalog.CatalogException;
import io.replaygate.datasets.WorkloadException;
import io.replaygate.datasets.publics.FetchException;
import io.replaygate.replay.scenario.ScenarioException;
import io.replaygate.trace.TraceInputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.TimeZone;
import picocli.CommandLine;

/** Entry point: runs the command line and maps failures to the documented exit codes. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Interrupts.install();
    int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    Interrupts.done();
    System.exit(code);
  }

  /** Runs one command line; never calls {@code System.exit} (tests call this). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Locale.setDefault(Locale.US);
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    CommandLine cli = commandLine(out, err);
    return cli.execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new ReplaygateCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((ex, args) -> {
      PrintWriter e = ex.getCommandLine().getErr();
      e.println("replaygate: " + ex.getMessage());
      e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      return ExitCode.BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter e = commandLine.getErr();
      Throwable t = ex;
      if (t instanceof TraceInputException || t instanceof UserError || t instanceof CatalogException
          || t instanceof ScenarioException || t instanceof WorkloadException || t instanceof FetchException
          || t instanceof io.replaygate.reports.RunHistory.HistoryException) {
        e.println("replaygate: " + t.getMessage());
        return ExitCode.BAD_INPUT;
      }
      if (t instanceof SQLException) {
        e.println("replaygate: SQL error: " + firstLine(t.getMessage()));
        return ExitCode.BAD_INPUT;
      }
      if (t instanceof UncheckedIOException u) {
        e.println("replaygate: " + firstLine(u.getMessage()));
        return ExitCode.INTERNAL;
      }
      e.println("replaygate: internal error: " + t);
      t.printStackTrace(e);
      return ExitCode.INTERNAL;
    });
    return cli;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int cut = s.indexOf('\n');
    return cut < 0 ? s : s.substring(0, cut);
  }
}
